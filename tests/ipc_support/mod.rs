//! The real command wiring on Tauri's mock runtime: no window, real IPC dispatch, the app's
//! state over a real SQLite file. Shared by the `ipc_*` tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use conector_app::{App, AppSetup, Paths};
use conector_secrets::Keychain;
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

/// The app over `paths` as the window opens it (not started: no background run), with
/// `keychain`.
pub fn open(paths: Paths, keychain: Keychain) -> App {
    conector_desktop::open_app(
        paths,
        AppSetup {
            keychain,
            ..AppSetup::default()
        },
    )
    .expect("open the app")
}

pub struct Ipc {
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

impl Ipc {
    pub fn start(state: App) -> Ipc {
        Ipc::around(
            conector_desktop::register_commands(mock_builder())
                .manage(state)
                .build(mock_context(noop_assets()))
                .expect("build mock app"),
        )
    }

    /// An app built by the test (with its own state, startup or channel interceptor), with the
    /// main window opened on it.
    pub fn around(app: tauri::App<MockRuntime>) -> Ipc {
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main webview");
        Ipc { _app: app, webview }
    }

    /// One command as the page would send it: `Ok(reply)` or `Err({code, message})`.
    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
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
