//! The real command wiring driven through Tauri's IPC on the mock runtime: no window, a real
//! SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_app::{AppPaths, AppState};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Harness {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn start(data_dir: &std::path::Path) -> Harness {
    let paths = AppPaths {
        data_dir: data_dir.to_path_buf(),
        log_dir: data_dir.join("logs"),
    };
    let state = AppState::open(paths).expect("open app state");
    let app = conector_app::register_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main webview");
    Harness { _app: app, webview }
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request)
            .map(|body| body.deserialize::<Value>().expect("json reply"))
    }
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
    let Err(err) = AppState::open(paths) else {
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
    assert_eq!(keys, ["code", "message"]);
    assert_eq!(json["code"], "db.too_new");
    assert!(json["message"]
        .as_str()
        .is_some_and(|m| m.contains("versão mais nova")));
}
