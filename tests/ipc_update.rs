//! Sobre's update controls through the real IPC on the mock runtime, in a build made without an
//! update address or key (as every build is until a maintainer makes them, docs/UPDATES.md):
//! the page is told the updater is off, "Procurar atualização agora" says so instead of polling
//! anything, and "Verificar atualizações automaticamente" is kept in the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use conector_secrets::Keychain;
use ipc_support::Ipc;
use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets};
use tauri::Manager;

fn start(dir: &std::path::Path) -> Ipc {
    let paths = conector_desktop::AppPaths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    };
    let state = ipc_support::open(
        paths,
        Keychain::with_service("br.com.conectorfidelidade.test.ipc-update"),
    );
    let app = conector_desktop::register_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    let updates = conector_desktop::updates(app.handle(), false);
    app.manage(updates);
    Ipc::around(app)
}

#[test]
fn a_build_without_update_address_says_so_and_never_looks() {
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());

    let view = app.call("update_view", json!({})).expect("view");
    assert_eq!(view["updater_on"], false, "{view}");
    assert_eq!(view["current"], env!("CARGO_PKG_VERSION"));
    assert_eq!(view["available"], serde_json::Value::Null);
    assert_eq!(view["banner"], false);

    let asked = app.call("update_check_now", json!({})).unwrap_err();
    assert_eq!(asked["code"], "update.off", "{asked}");
    let after = app.call("update_view", json!({})).expect("view");
    assert_eq!(
        after["last_check"],
        serde_json::Value::Null,
        "nothing was polled"
    );
}

#[test]
fn the_automatic_check_switch_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = start(dir.path());
        let view = app.call("update_view", json!({})).expect("view");
        assert_eq!(view["auto_check"], true, "on by default");
        let off = app
            .call("update_set_auto_check", json!({ "on": false }))
            .expect("switch");
        assert_eq!(off["auto_check"], false);
    }
    let app = start(dir.path());
    let view = app.call("update_view", json!({})).expect("view");
    assert_eq!(view["auto_check"], false, "kept across a restart");
}
