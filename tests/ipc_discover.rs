//! Step 1's look at a custom domain (issue #13), through the real IPC: a domain that moved to
//! another name of the same store is offered, one that sends callers elsewhere is named; the
//! question is asked without the token, and nothing is asked for the standard address.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use conector_app::AppSetup;
use conector_demo::redirect::{RedirectTarget, Redirector};
use conector_desktop::AppPaths;
use ipc_support::Ipc;
use serde_json::{json, Value};

fn app(dir: &std::path::Path) -> Ipc {
    let paths = AppPaths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    };
    Ipc::start(conector_desktop::open_app(paths, AppSetup::default()).unwrap())
}

#[test]
fn a_moved_domain_is_offered_and_a_foreign_one_named_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let ipc = app(dir.path());
    let runtime = tauri::async_runtime::handle();

    // The standard address: nothing to ask.
    ipc.call(
        "store_save",
        json!({ "storeId": "900000001", "customDomain": null }),
    )
    .unwrap();
    assert_eq!(ipc.call("store_discover", json!({})).unwrap(), Value::Null);

    // The same store under another name (here: localhost for 127.0.0.1, same port).
    let moved = runtime
        .block_on(Redirector::start(RedirectTarget::SelfAs(
            "localhost".into(),
        )))
        .unwrap();
    ipc.call(
        "store_save",
        json!({ "storeId": "900000001", "customDomain": moved.base_url() }),
    )
    .unwrap();
    let found = ipc.call("store_discover", json!({})).unwrap();
    assert_eq!(
        found,
        json!({ "kind": "moved", "api_base": format!("http://localhost:{}/ws/", moved.addr().port()) })
    );
    assert!(moved.requests().iter().all(|r| !r.had_app_key));

    // Another site: named by its host, never contacted.
    let elsewhere = runtime
        .block_on(Redirector::start(RedirectTarget::Origin(
            "https://golpe.example".into(),
        )))
        .unwrap();
    ipc.call(
        "store_save",
        json!({ "storeId": "900000001", "customDomain": elsewhere.base_url() }),
    )
    .unwrap();
    let found = ipc.call("store_discover", json!({})).unwrap();
    assert_eq!(
        found,
        json!({ "kind": "elsewhere", "host": "golpe.example" })
    );
    assert_eq!(elsewhere.requests().len(), 1);
    assert!(!elsewhere.requests()[0].had_app_key);
}
