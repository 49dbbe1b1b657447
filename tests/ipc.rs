//! The real command wiring driven through Tauri's IPC on the mock runtime: no window, a real
//! SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use conector_app::AppSetup;
use conector_desktop::AppPaths;
use ipc_support::Ipc;
use serde_json::json;

fn start(data_dir: &std::path::Path) -> Ipc {
    let paths = AppPaths {
        data_dir: data_dir.to_path_buf(),
        log_dir: data_dir.join("logs"),
    };
    Ipc::start(conector_desktop::open_app(paths, AppSetup::default()).expect("open the app"))
}

#[test]
fn wizard_starts_on_step_one_and_resumes_after_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let app = start(dir.path());
        let view = app.call("wizard_state", json!({})).expect("state");
        assert_eq!(view["current"], "store_id");
        assert_eq!(view["steps"].as_array().map(Vec::len), Some(10));
        assert_eq!(view["can_go_back"], false);
        assert_eq!(view["can_go_next"], false, "no store ID yet");
        assert_eq!(view["steps"][1]["state"], "blocked");

        // Next without a store ID stays on step 1; with one it moves on.
        let view = app.call("wizard_next", json!({})).expect("next");
        assert_eq!(view["current"], "store_id");
        let refused = app
            .call(
                "store_save",
                json!({ "storeId": "12a", "customDomain": null }),
            )
            .unwrap_err();
        assert_eq!(refused["code"], "store.store_id_letters");
        app.call(
            "store_save",
            json!({ "storeId": "123456", "customDomain": null }),
        )
        .expect("save");
        let view = app.call("wizard_next", json!({})).expect("next");
        assert_eq!(view["current"], "api_access");
        assert_eq!(view["steps"][0]["state"], "done");
        assert_eq!(view["steps"][1]["state"], "current");
    }
    // A new app over the same data dir is where the owner left off.
    let app = start(dir.path());
    let view = app
        .call("wizard_state", json!({}))
        .expect("state after restart");
    assert_eq!(view["current"], "api_access");
    let view = app.call("wizard_back", json!({})).expect("back");
    assert_eq!(view["current"], "store_id");
}

#[test]
fn locale_defaults_to_portuguese_and_persists() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let app = start(dir.path());
        assert_eq!(
            app.call("get_locale", json!({})).expect("get"),
            json!("pt-BR")
        );
        assert_eq!(
            app.call("set_locale", json!({ "locale": "en" }))
                .expect("set"),
            json!("en")
        );
    }
    let app = start(dir.path());
    assert_eq!(app.call("get_locale", json!({})).expect("get"), json!("en"));
}

#[test]
fn a_bad_argument_is_rejected_without_changing_anything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = start(dir.path());
    assert!(app.call("set_locale", json!({ "locale": "fr" })).is_err());
    assert_eq!(
        app.call("get_locale", json!({})).expect("get"),
        json!("pt-BR")
    );
}

#[test]
fn domain_errors_cross_ipc_as_code_and_message() {
    // A database written by a newer app version: opening fails with a coded error whose JSON
    // shape is exactly what the UI branches on.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("conector.sqlite3");
    {
        let conn = conector_core::db::open(&db).expect("open");
        conn.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'x')",
            [],
        )
        .expect("insert");
    }
    let paths = AppPaths {
        data_dir: dir.path().to_path_buf(),
        log_dir: dir.path().join("logs"),
    };
    let Err(err) = conector_desktop::open_app(paths, AppSetup::default()) else {
        panic!("a newer database must be refused");
    };
    let payload = conector_core::CodedError::payload(&err);
    let json = serde_json::to_value(&payload).expect("serialize");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["code", "params"]);
    assert_eq!(json["code"], "db.too_new");
    // The text is the UI's: the payload carries the facts it needs, typed.
    assert_eq!(
        json["params"]["known"],
        serde_json::json!({"kind": "number", "value": conector_core::db::latest_version()})
    );
}
