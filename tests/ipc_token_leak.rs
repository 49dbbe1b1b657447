//! The token never leaves the keychain (issue #13), over the whole product through the real IPC
//! (mock runtime, the app's own startup): the token pasted into every text field, steps 1–9 on a
//! store that is *not* the demo (so every sync request carries the token from the keychain), a
//! feed import, a preview sync, a diagnostic export, "Copiar tudo", a copy of the AppKey and the
//! clipboard after its clear. The token must appear in no IPC reply, no channel message, no log
//! line (at trace level), no file under the profile, and not inside the diagnostic zip.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use conector_app::fixture::files_under;
use conector_desktop::{AppPaths, Startup};
use ipc_support::Ipc;
use serde_json::{json, Value};
use tauri::ipc::InvokeResponseBody;
use tauri::test::{mock_builder, mock_context, noop_assets};

const WAIT: Duration = Duration::from_secs(120);

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A token as a real store would issue it (hex, unknown to the redactor's value list until the
/// keychain holds it), different at every run.
fn fresh_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("a7{:030x}", nanos ^ (u128::from(std::process::id()) << 64))
}

/// What another application reads from the clipboard.
fn clipboard_text() -> Option<String> {
    arboard::Clipboard::new().unwrap().get_text().ok()
}

struct App {
    ipc: Ipc,
    events: mpsc::Receiver<Value>,
    next_channel: u32,
    /// Every reply and channel message, as text, for the final scan.
    seen: Vec<String>,
}

impl App {
    fn call(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        let reply = self.ipc.call(cmd, args);
        self.seen.push(format!("{cmd}: {reply:?}"));
        reply
    }

    fn channel(&mut self) -> String {
        self.next_channel += 1;
        format!("__CHANNEL__:{}", self.next_channel)
    }

    /// Channel messages until one whose `event` is `finished` or `failed`.
    fn until_done(&mut self) -> Value {
        loop {
            let event = self.events.recv_timeout(WAIT).expect("the task reports");
            self.seen.push(format!("channel: {event}"));
            if event["event"] == "finished" || event["event"] == "failed" {
                return event;
            }
        }
    }
}

#[test]
#[ignore = "needs a Secret Service session and a display: run `make test`"]
fn the_token_never_leaves_the_keychain_anywhere_in_the_product() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::env::set_var("CONECTOR_LOG", "trace");
    std::env::set_var("CONECTOR_EXPORT_DIR", &exports);
    std::env::set_var("CONECTOR_CLIPBOARD_CLEAR_MS", "300");
    let paths = AppPaths {
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    conector_desktop::init_logging(&paths.log_dir);

    let token = fresh_token();
    let wrong = "wrong-token-that-must-not-leak-7f3e";
    let demo = tauri::async_runtime::block_on(conector_demo::DemoStore::start(
        conector_demo::DemoConfig {
            token: token.clone(),
            ..conector_demo::DemoConfig::default()
        },
    ))
    .unwrap();
    let base = demo.base_url();

    let (tx, events) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let mock = conector_desktop::register_commands(mock_builder())
        .channel_interceptor(move |_webview, _callback, _index, body| {
            if let InvokeResponseBody::Json(text) = body {
                let _ = tx.lock().unwrap().send(serde_json::from_str(text).unwrap());
            }
            true
        })
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    Startup::boot(mock.handle(), paths.clone());
    let mut app = App {
        ipc: Ipc::around(mock),
        events,
        next_channel: 0,
        seen: Vec::new(),
    };

    // Step 1: the token in the store ID and the domain is named, not saved, not repeated.
    let e = app
        .call(
            "store_preview",
            json!({ "storeId": token, "customDomain": null }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "store.store_id_looks_like_token");
    let e = app
        .call(
            "store_save",
            json!({ "storeId": "900000001", "customDomain": token }),
        )
        .unwrap_err();
    assert_eq!(e["code"], "store.address_looks_like_token");
    assert_eq!(
        app.call("store_view", json!({})).unwrap()["store_id"],
        Value::Null
    );

    // The app's own demo store runs (its feed is the one plain-http address on this computer
    // the download policy allows, issue #23), but the store set up next is not it.
    app.call("demo_start", json!({})).unwrap();
    let demo_feed = app.call("feed_status", json!({})).unwrap()["demo_url"]
        .as_str()
        .unwrap()
        .to_owned();

    // Steps 1–4 on a store that is not flagged as the demo: the token goes to the keychain.
    app.call(
        "store_save",
        json!({ "storeId": "900000001", "customDomain": base }),
    )
    .unwrap();
    let refused = app
        .call("store_test_connection", json!({ "token": wrong }))
        .unwrap_err();
    assert_eq!(refused["code"], "store.token_rejected");
    let ok = app
        .call("store_test_connection", json!({ "token": token }))
        .unwrap();
    assert!(ok["token_mask"].as_str().unwrap().starts_with("••••••••"));
    let statuses: Vec<String> = ok["connection"]["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();

    // Step 6: the token as the feed address, bare or as a host, is refused before any lookup;
    // then the app's demo store's feed is imported.
    for typed in [token.clone(), format!("https://{token}/feed.xml")] {
        let channel = app.channel();
        let e = app
            .call("feed_import", json!({ "url": typed, "onEvent": channel }))
            .unwrap_err();
        assert_eq!(e["code"], "feed.looks_like_token");
        assert_eq!(app.until_done()["event"], "failed");
    }
    let channel = app.channel();
    app.call(
        "feed_import",
        json!({ "url": demo_feed, "onEvent": channel }),
    )
    .unwrap();
    assert_eq!(app.until_done()["event"], "finished");

    // The reward picker's search, price filters and pasted SKUs.
    let search = json!({
        "text": token, "in_stock_only": false, "with_image_only": false,
        "min_price": token, "max_price": "", "group_variants": false, "page": 0, "page_size": 50,
    });
    let _ = app.call("catalog_search", json!({ "search": search }));
    let pasted = app
        .call(
            "rewards_paste",
            json!({ "text": format!("{token}\nSKU-0000001") }),
        )
        .unwrap();
    assert_eq!(pasted["unknown"].as_array().unwrap().len(), 1);
    app.call(
        "rewards_select",
        json!({ "target": { "kind": "whole_catalog" }, "selected": true }),
    )
    .unwrap();

    // Step 9: the token in the links and the coupon days, then the real values.
    let view = app
        .call(
            "form_save",
            json!({ "form": {
                "site_url": token, "signup_url": format!("https://{token}/"),
                "coupon_days": token, "final_statuses": [],
            }}),
        )
        .unwrap();
    let named = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["code"] == "form.looks_like_token")
        .count();
    assert_eq!(named, 3, "{view}");
    let probe = app
        .call(
            "form_probe_link",
            json!({ "field": "site_url", "url": format!("https://{token}/") }),
        )
        .unwrap();
    assert_eq!(probe["valid"], false);
    app.call(
        "form_save",
        json!({ "form": {
            "site_url": demo.site_url(), "signup_url": demo.signup_url(),
            "coupon_days": "180", "final_statuses": statuses[2..5],
        }}),
    )
    .unwrap();

    // The dashboard: the token as the start date and in the customer search, then a preview
    // sync — every request of which carries the token from the keychain.
    let settings = |since: &str| {
        json!({ "settings": {
            "since": since, "final_statuses": statuses[2..5], "interval_minutes": 15,
            "return_window_days": 120,
        }})
    };
    let e = app
        .call("sync_save_settings", settings(&token))
        .unwrap_err();
    assert_eq!(e["code"], "sync.bad_date");
    app.call("sync_save_settings", settings("2020-01-01"))
        .unwrap();
    let channel = app.channel();
    app.call("sync_now", json!({ "onEvent": channel })).unwrap();
    let done = app.until_done();
    assert_eq!(done["event"], "finished", "{done}");
    assert!(demo.requests().iter().all(|r| r.had_app_key));
    assert!(demo.requests().len() > 5, "the sync asked the store");
    let _ = app.call(
        "sync_customers",
        json!({ "query": { "search": token, "sort": "points_desc", "offset": 0, "limit": 50 } }),
    );

    // "Copiar tudo" leaves the AppKey out; the AppKey's own copy is cleared after its wait.
    let channel = app.channel();
    let copied = app
        .call("review_copy", json!({ "key": null, "onClear": channel }))
        .unwrap();
    assert_eq!(copied["app_key_left_out"], true);
    let all = clipboard_text().unwrap();
    assert!(
        all.contains("Informe o código da sua loja: 900000001"),
        "{all}"
    );
    assert!(!all.contains(&token) && !all.contains("AppKey"), "{all}");
    let channel = app.channel();
    let copied = app
        .call(
            "review_copy",
            json!({ "key": "app_key", "onClear": channel }),
        )
        .unwrap();
    assert_eq!(copied["clears_after_seconds"], 1);
    assert_eq!(clipboard_text().as_deref(), Some(token.as_str()));
    let cleared = app.until_done();
    assert_eq!(cleared, json!({ "event": "finished", "cleared": true }));
    let after = clipboard_text().unwrap_or_default();
    assert!(
        !after.contains(&token),
        "the clipboard still holds the token"
    );

    // The diagnostic export.
    let zip_path = PathBuf::from(
        app.call("diagnostics_export", json!({}))
            .unwrap()
            .as_str()
            .unwrap(),
    );
    assert!(zip_path.starts_with(&exports));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut zipped = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        zipped.push_str(entry.name());
        entry.read_to_string(&mut zipped).unwrap();
    }
    assert!(zipped.contains("logs/"), "the logs are in the zip");

    // The scan: replies and channel messages, every file under the profile, the zip's content.
    for seen in &app.seen {
        assert!(!seen.contains(&token), "token in an IPC reply: {seen}");
        assert!(
            !seen.contains(wrong),
            "rejected token in an IPC reply: {seen}"
        );
    }
    assert!(!zipped.contains(&token) && !zipped.contains(wrong));
    drop(app);
    let files = files_under(dir.path());
    let logs: String = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "log"))
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    assert!(
        logs.contains("store connection tested"),
        "the run was logged"
    );
    assert!(logs.contains("TRACE"), "at trace level");
    assert!(files.iter().any(|f| f.ends_with("conector.sqlite3")));
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!contains(&bytes, &token), "token in {}", file.display());
        assert!(
            !contains(&bytes, wrong),
            "rejected token in {}",
            file.display()
        );
    }
    let keychain = conector_secrets::Keychain::new();
    let account = conector_secrets::StoreAccount::for_store(Some("900000001"), &base);
    assert_eq!(
        keychain
            .load(&account)
            .unwrap()
            .map(|t| t.expose().to_owned()),
        Some(token),
        "the keychain holds it"
    );
    keychain.delete(&account).unwrap();
}
