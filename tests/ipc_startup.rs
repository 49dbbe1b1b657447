//! The app's way out of a database it cannot open, and the about page commands, driven through
//! Tauri's IPC on the mock runtime: no window, real files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::Path;

mod ipc_support;

use conector_desktop::{AppPaths, Startup};
use ipc_support::Ipc;
use serde_json::{json, Value};
use tauri::test::{mock_builder, mock_context, noop_assets};

/// Boots like the app's `setup` does: `Startup::boot` opens the state or records the problem.
fn boot(data_dir: &Path) -> Ipc {
    let paths = AppPaths {
        data_dir: data_dir.to_path_buf(),
        log_dir: data_dir.join("logs"),
    };
    let app = conector_desktop::register_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    Startup::boot(app.handle(), paths);
    Ipc::around(app)
}

const GARBAGE: &[u8] =
    b"\x00\x13\x37 this file was overwritten by something that is not SQLite \xff\xfe";

#[test]
fn a_corrupt_database_shows_the_problem_and_start_fresh_keeps_a_copy_and_opens_the_wizard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("conector.sqlite3");
    std::fs::write(&db, GARBAGE.repeat(200)).expect("garbage file");

    let app = boot(dir.path());
    let problem = app.call("startup_problem", json!({})).expect("problem");
    assert_eq!(problem["kind"], "corrupt", "{problem}");
    assert_eq!(problem["start_fresh"], true, "{problem}");
    assert_eq!(problem["error"]["code"], "db.open_failed", "{problem}");
    assert_eq!(problem["database"], db.display().to_string());
    // The wizard is out of reach until the owner chooses; nothing crashed.
    assert!(app.call("wizard_state", json!({})).is_err());
    // The about page still works, so logs and diagnostics can be reached.
    let about = app.call("about_info", json!({})).expect("about");
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));

    let still = app.call("startup_retry", json!({})).expect("retry");
    assert_eq!(
        still["kind"], "corrupt",
        "retrying does not repair a damaged file"
    );

    let fresh = app
        .call("startup_start_fresh", json!({}))
        .expect("start fresh");
    assert_eq!(fresh["problem"], Value::Null, "{fresh}");
    let backup = fresh["backup"].as_str().expect("backup path");
    assert!(
        backup.starts_with(&format!("{}.bad-", db.display())),
        "{backup}"
    );
    assert_eq!(
        std::fs::read(backup).expect("backup kept"),
        GARBAGE.repeat(200),
        "the bad file is kept byte for byte"
    );
    assert_eq!(
        app.call("startup_problem", json!({})).expect("none"),
        Value::Null
    );
    let wizard = app
        .call("wizard_state", json!({}))
        .expect("wizard now works");
    assert_eq!(wizard["current"], "store_id");
}

#[test]
fn a_healthy_database_has_no_problem_and_exports_a_diagnostic_zip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export_dir = dir.path().join("exports");
    // Only this test reads the variable; the app reads it at boot to place the zip.
    std::env::set_var("CONECTOR_EXPORT_DIR", &export_dir);
    let app = boot(dir.path());
    assert_eq!(
        app.call("startup_problem", json!({})).expect("none"),
        Value::Null
    );
    app.call("set_locale", json!({ "locale": "en" }))
        .expect("a setting");

    std::fs::create_dir_all(dir.path().join("logs")).expect("logs");
    std::fs::write(
        dir.path().join("logs/conector.2026-11-28.log"),
        "INFO customer email=cliente@exemplo.com.br cpf=529.982.247-25\n",
    )
    .expect("log");
    let path = app.call("diagnostics_export", json!({})).expect("export");
    let path = Path::new(path.as_str().expect("path"));
    assert!(path.starts_with(&export_dir), "{}", path.display());

    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("zip")).expect("archive");
    let mut names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "LEIA-ME.txt",
            "assistente.json",
            "logs/conector.2026-11-28.log",
            "sincronizacoes.json",
            "sobre.json"
        ]
    );
    let mut wizard = String::new();
    zip.by_name("assistente.json")
        .expect("wizard entry")
        .read_to_string(&mut wizard)
        .expect("text");
    let wizard: Value = serde_json::from_str(&wizard).expect("json");
    assert_eq!(wizard["settings"]["locale"], "en", "{wizard}");
    let mut log = String::new();
    zip.by_name("logs/conector.2026-11-28.log")
        .expect("log entry")
        .read_to_string(&mut log)
        .expect("text");
    assert!(
        !log.contains("cliente@exemplo") && !log.contains("529.982.247-25"),
        "{log}"
    );
}

#[test]
fn only_safe_links_reach_the_browser() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = boot(dir.path());
    for url in [
        "http://example.com/",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ] {
        let err = app
            .call("open_external", json!({ "url": url }))
            .expect_err("refused");
        assert_eq!(err["code"], "desktop.url_refused", "{url}: {err}");
        assert!(
            !err.to_string().contains(url),
            "the refused address is not echoed: {err}"
        );
    }
}

/// A file another program holds is not damaged: "começar do zero" is not offered for it and is
/// refused if asked, so no copy of the customers' data is left behind for nothing (issue #23).
#[test]
fn a_locked_database_is_not_offered_a_fresh_start_and_stays_where_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("conector.sqlite3");
    drop(conector_core::db::open(&db).expect("a database"));
    // Another program holds an exclusive lock in rollback-journal mode: not even WAL setup
    // can proceed, as when an antivirus scans the file.
    let other = rusqlite::Connection::open(&db).expect("other program");
    other
        .pragma_update(None, "journal_mode", "DELETE")
        .expect("rollback journal");
    other.execute_batch("BEGIN EXCLUSIVE").expect("held");

    let app = boot(dir.path());
    let problem = app.call("startup_problem", json!({})).expect("problem");
    assert_eq!(problem["kind"], "locked", "{problem}");
    assert_eq!(problem["start_fresh"], false, "{problem}");

    let refused = app
        .call("startup_start_fresh", json!({}))
        .expect_err("refused");
    assert_eq!(
        refused["code"], "diagnostics.start_fresh_refused",
        "{refused}"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".bad-")),
        "nothing set aside: {names:?}"
    );
    assert!(db.exists());

    other.execute_batch("ROLLBACK").expect("released");
    drop(other);
    assert_eq!(
        app.call("startup_retry", json!({})).expect("retry"),
        Value::Null,
        "once the other program lets go, trying again opens the data"
    );
}
