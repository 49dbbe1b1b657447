//! A full step-1-to-4 run through the real IPC (mock runtime) against the demo store: the token
//! must appear in no IPC reply, no database file and no log line — even at trace level.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use conector_desktop::{AppPaths, AppState};
use conector_secrets::Keychain;
use ipc_support::Ipc;
use serde_json::{json, Value};

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
#[ignore = "needs a Secret Service session: run `make test`"]
fn the_token_never_leaves_the_keychain() {
    std::env::set_var("CONECTOR_LOG", "trace");
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths {
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    conector_desktop::init_logging(&paths.log_dir);
    let demo = tauri::async_runtime::block_on(conector_demo::DemoStore::start(
        conector_demo::DemoConfig::default(),
    ))
    .unwrap();
    let token = demo.token().to_owned();
    let wrong = "wrong-token-that-must-not-leak-7f3e";

    let keychain = Keychain::with_service(format!(
        "br.com.conectorfidelidade.test.leak.{}",
        std::process::id()
    ));
    let ipc = Ipc::start(AppState::open_with(paths.clone(), keychain.clone()).unwrap());

    let mut replies = Vec::new();
    let mut call = |cmd: &str, args: Value| -> Result<Value, Value> {
        let reply = ipc.call(cmd, args);
        replies.push(format!("{cmd}: {reply:?}"));
        reply
    };

    let base = demo.base_url();
    call(
        "store_preview",
        json!({ "storeId": "900000001", "customDomain": base }),
    )
    .unwrap();
    call(
        "store_save",
        json!({ "storeId": "900000001", "customDomain": base }),
    )
    .unwrap();
    call("wizard_next", json!({})).unwrap();
    call(
        "wizard_confirm",
        json!({ "confirmation": "api_access_opened", "confirmed": true }),
    )
    .unwrap();
    call("wizard_next", json!({})).unwrap();
    call("wizard_next", json!({})).unwrap();
    let refused = call("store_test_connection", json!({ "token": wrong })).unwrap_err();
    assert_eq!(refused["code"], "store.token_rejected");
    let blocked = call("wizard_next", json!({})).unwrap();
    assert_eq!(blocked["current"], "token", "no Next past a failed test");
    let ok = call("store_test_connection", json!({ "token": token })).unwrap();
    assert!(ok["token_mask"].as_str().unwrap().starts_with("••••••••"));
    assert!(ok["connection"]["statuses"].as_array().unwrap().len() >= 5);
    let view = call("store_view", json!({})).unwrap();
    assert_eq!(view["token_mask"], ok["token_mask"]);
    let step5 = call("wizard_next", json!({})).unwrap();
    assert_eq!(step5["current"], "find_feed");

    // The keychain has it; nothing else does.
    let account = conector_secrets::StoreAccount::for_store(Some("900000001"), &base);
    assert_eq!(keychain.load(&account).unwrap().unwrap().expose(), token);

    for reply in &replies {
        assert!(!reply.contains(&token), "token in an IPC reply: {reply}");
        assert!(
            !reply.contains(wrong),
            "rejected token in an IPC reply: {reply}"
        );
    }
    drop(ipc);
    let files = files_under(dir.path());
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "log")),
        "logs were written"
    );
    assert!(
        files.iter().any(|f| f.ends_with("conector.sqlite3")),
        "the database was written"
    );
    let logs: String = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "log"))
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    assert!(
        logs.contains("store connection tested"),
        "the run was logged at all"
    );
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !contains(&bytes, &token),
            "token found in {}",
            file.display()
        );
        assert!(
            !contains(&bytes, wrong),
            "rejected token found in {}",
            file.display()
        );
    }
    keychain.delete(&account).unwrap();
}
