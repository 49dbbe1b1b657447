//! The command line and the window give the same verdicts on the same data: the final-status
//! rule (the window refuses fewer than two; the command line used to refuse only an empty list,
//! so one status ran here and was refused there) and the health checks, check by check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use clap::Parser;
use conector_app::sync::{self, SyncSettings};
use conector_app::{store, App, AppError, AppSetup, Paths};
use conector_cli::{run, Cli};
use conector_core::CodedError;
use conector_demo::DEMO_TOKEN;
use conector_secrets::Keychain;
use serde_json::Value;

/// The app's context on the database file `db`, with the demo store saved and its connection
/// tested, as the owner leaves it after step 4.
async fn owner_with_demo_store(db: &Path) -> App {
    let app = App::open(
        Paths::for_database(db),
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.agrees-unused"),
            ..AppSetup::default()
        },
        &tokio::runtime::Handle::current(),
    )
    .unwrap();
    store::start_demo(app.context()).await.unwrap();
    store::test_connection(app.context(), None).await.unwrap();
    app
}

/// Runs the command line with `args` and `stdin`, off the async workers; returns the exit code
/// and stdout.
async fn cli(args: Vec<String>, stdin: &'static str) -> (u8, String) {
    tokio::task::spawn_blocking(move || {
        let argv = std::iter::once("conector".to_owned()).chain(args);
        let cli = Cli::try_parse_from(argv).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = match cli.command {
            // The token on standard input, as `--token-stdin` reads it.
            conector_cli::Command::Sync {
                command: conector_cli::sync::SyncCommand::Preview(mut args),
            } => {
                args.lang = cli.lang;
                let keychain = Keychain::with_service("br.com.conectorfidelidade.test.cli-unused");
                conector_cli::sync::preview(
                    &args,
                    &mut stdin.as_bytes(),
                    &keychain,
                    &mut out,
                    &mut err,
                )
            }
            _ => run(cli, &mut out, &mut err),
        };
        (code, String::from_utf8(out).unwrap())
    })
    .await
    .unwrap()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service session (the connection test keeps the token): run make test"]
async fn one_final_status_is_refused_by_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("conector.sqlite3");
    let app = owner_with_demo_store(&db).await;
    let ctx = app.context();

    // The window: the dashboard refuses to save a single final status ("Entregue").
    let one = SyncSettings {
        since: "01/06/2026".to_owned(),
        final_statuses: vec!["21".into()],
        interval_minutes: 15,
        return_window_days: 90,
    };
    let window = app.sync_save_settings(&one).await.unwrap_err();
    assert!(
        matches!(window, AppError::TooFewFinalStatuses(2)),
        "{window}"
    );

    // The command line on the same data, the saved store with that one status: refused alike,
    // and the store is not read.
    let db_arg = db.display().to_string();
    let (code, out) = cli(
        strings(&[
            "sync",
            "preview",
            "--once",
            "--json",
            "--db",
            &db_arg,
            "--final-status",
            "21",
        ]),
        "",
    )
    .await;
    assert_eq!(code, 2, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["error"]["code"], window.code().as_str(), "{out}");
    assert_eq!(doc["error"]["params"]["min"]["value"], 2);

    // A store named by flags is held to the same minimum.
    let base = store::view(ctx).await.unwrap().api_base.unwrap();
    let (code, out) = cli(
        strings(&[
            "sync",
            "preview",
            "--once",
            "--json",
            "--db",
            &db_arg,
            "--base-url",
            &base,
            "--token-stdin",
            "--final-status",
            "21",
        ]),
        DEMO_TOKEN,
    )
    .await;
    assert_eq!(code, 2, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["error"]["code"], window.code().as_str(), "{out}");
    let runs: i64 = ctx
        .with_db(|conn| conn.query_row("SELECT COUNT(*) FROM sync_runs", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(runs, 0, "no run started: {out}");

    // Two statuses: the window saves them, and the command line runs with them.
    let two = SyncSettings {
        final_statuses: vec!["21".into(), "24".into()],
        ..one
    };
    app.sync_save_settings(&two).await.unwrap();
    let (code, out) = cli(
        strings(&["sync", "preview", "--once", "--json", "--db", &db_arg]),
        "",
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let totals = sync::overview_of(ctx, None).unwrap().totals;
    assert_eq!(doc["points_total"], totals.points_total);
    assert!(totals.orders_earning > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service session (the connection test keeps the token): run make test"]
async fn health_gives_the_windows_verdict_for_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("conector.sqlite3");
    let app = owner_with_demo_store(&db).await;
    let ctx = app.context();
    let settings = SyncSettings {
        since: "01/06/2026".to_owned(),
        final_statuses: vec!["21".into(), "24".into()],
        interval_minutes: 15,
        return_window_days: 90,
    };
    app.sync_save_settings(&settings).await.unwrap();
    let feed = ctx.demo_feed_url().await.unwrap();
    ctx.with_db(|conn| conector_setup::integration::save_feed_url(conn, &feed))
        .unwrap();

    // The command line first: it records nothing the window's run would then compare with.
    let db_arg = db.display().to_string();
    let (code, out) = cli(strings(&["health", "--json", "--db", &db_arg]), "").await;
    let cli_report: Value = serde_json::from_str(&out).unwrap();
    let window = conector_app::health::run(ctx).await.unwrap().report;

    let from_cli: Vec<(String, String, String, String)> = cli_report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["name"].as_str().unwrap().to_owned(),
                c["state"].as_str().unwrap().to_owned(),
                c["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let lang = conector_core::Locale::PtBr;
    let from_window: Vec<(String, String, String, String)> = window
        .results
        .iter()
        .map(|r| {
            (
                r.check.as_str().to_owned(),
                lang.text(r.name, &conector_core::Params::new()),
                r.state.as_str().to_owned(),
                r.found.code.as_str().to_owned(),
            )
        })
        .collect();
    assert_eq!(from_cli, from_window);
    assert_eq!(cli_report["state"], window.worst().as_str());
    let exit = match window.worst() {
        conector_app::health::State::Problem => 2,
        conector_app::health::State::Warning => 1,
        _ => 0,
    };
    assert_eq!(
        code, exit,
        "the exit code follows the window's worst verdict: {out}"
    );
    let feed_check = from_cli.iter().find(|c| c.0 == "feed").unwrap();
    assert_eq!(
        (feed_check.1.as_str(), feed_check.2.as_str()),
        ("XML de produtos", "ok")
    );
}
