//! The health page's commands through Tauri's IPC on the mock runtime, against the demo store
//! and a real SQLite file; and the tray menu's "Verificar agora" (a tray cannot be clicked
//! under Xvfb, so the test calls what the menu item calls).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use std::sync::mpsc;
use std::time::Duration;

use conector_app::health::HealthRun;
use conector_app::{AppSetup, Events};
use conector_desktop::AppPaths;
use conector_health::{Check, State};
use conector_secrets::Keychain;
use ipc_support::Ipc;
use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets};

/// Hears every health run, as the window does.
struct Runs(std::sync::Mutex<mpsc::Sender<HealthRun>>);

impl Events for Runs {
    fn health_run(&self, run: &HealthRun) {
        let _ = self.0.lock().unwrap().send(run.clone());
    }
}

fn paths(dir: &std::path::Path) -> AppPaths {
    AppPaths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    }
}

#[test]
fn the_page_reads_back_a_run_and_the_tray_runs_the_checks_too() {
    let dir = tempfile::tempdir().unwrap();
    let (sent, runs) = mpsc::channel::<HealthRun>();
    let state = conector_desktop::open_app(
        paths(dir.path()),
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.ipc-health"),
            events: std::sync::Arc::new(Runs(std::sync::Mutex::new(sent))),
            ..AppSetup::default()
        },
    )
    .unwrap();
    tauri::async_runtime::block_on(state.demo_start()).unwrap();
    let app = conector_desktop::register_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    let handle = app.handle().clone();
    let ipc = Ipc::around(app);

    let before = ipc
        .call("health_view", json!({ "utcOffsetMinutes": -180 }))
        .unwrap();
    assert_eq!(before["watching"], false);
    assert_eq!(before["last_run"], serde_json::Value::Null);
    assert_eq!(before["checks"].as_array().unwrap().len(), 0);
    assert_eq!(
        ipc.call("health_first_hours", json!({})).unwrap(),
        serde_json::Value::Null,
        "no card before go-live"
    );

    let after = ipc
        .call("health_check_now", json!({ "utcOffsetMinutes": -180 }))
        .unwrap();
    let checks = after["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 5);
    assert_eq!(checks[0]["result"]["check"], "token");
    assert_eq!(checks[0]["result"]["state"], "ok", "the demo store's token");
    assert_eq!(
        checks[2]["result"]["state"], "skipped",
        "no feed address saved"
    );
    assert_eq!(after["history"].as_array().unwrap().len(), 5);
    let first = runs.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(first.notices.is_empty(), "no notification before go-live");

    conector_desktop::on_tray_menu(&handle, "check");
    let from_tray = runs.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(
        from_tray.report.result(Check::Token).unwrap().state,
        State::Ok
    );
    let view = ipc
        .call("health_view", json!({ "utcOffsetMinutes": -180 }))
        .unwrap();
    assert_eq!(view["last_run"], from_tray.report.checked_at.as_str());
}
