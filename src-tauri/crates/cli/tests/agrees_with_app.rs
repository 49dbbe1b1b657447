//! The command line and the window agree: settings saved through the application layer (as
//! the dashboard saves them) are what `conector sync preview --once` uses with no flags, in the
//! app's own data folder, and its totals are the dashboard's.
//!
//! Alone in its binary: it points `XDG_DATA_HOME` at a temporary folder for the whole process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use clap::Parser;
use conector_app::sync::{self, SyncSettings};
use conector_app::{store, App, AppSetup, Paths};
use conector_cli::{run, Cli};
use conector_secrets::Keychain;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a Secret Service session (the connection test keeps the token): run make test"]
async fn a_cli_run_with_no_flags_gets_the_dashboards_totals() {
    let home = tempfile::tempdir().unwrap();
    // The only test of this binary: nothing else reads the environment meanwhile. The
    // variable the data folder follows is the platform's (Windows: the user's AppData ones).
    std::env::set_var("XDG_DATA_HOME", home.path());
    if cfg!(windows) {
        std::env::set_var("APPDATA", home.path());
        std::env::set_var("LOCALAPPDATA", home.path());
    }
    let paths = Paths::for_user().expect("a data folder");
    assert!(paths.data_dir.starts_with(home.path()));
    let app = App::open(
        paths,
        AppSetup {
            keychain: Keychain::with_service("br.com.conectorfidelidade.test.agrees-unused"),
            ..AppSetup::default()
        },
        &tokio::runtime::Handle::current(),
    )
    .unwrap();
    let ctx = app.context();

    // The owner's way through the app: the demo store, its connection test, then the
    // dashboard's settings (three final statuses: Enviado, Entregue, Pago).
    store::start_demo(ctx).await.unwrap();
    store::test_connection(ctx, None).await.unwrap();
    let settings = SyncSettings {
        since: "01/06/2026".to_owned(),
        final_statuses: vec!["12".into(), "18".into(), "21".into()],
        interval_minutes: 15,
        return_window_days: 90,
    };
    app.sync_save_settings(&settings).await.unwrap();

    // The command line, with no flags but --once and --json.
    let (code, out, err) = tokio::task::spawn_blocking(|| {
        let cli = Cli::parse_from(["conector", "sync", "preview", "--once", "--json"]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(cli, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();

    let dashboard = sync::overview_of(ctx, None).unwrap();
    let totals = &dashboard.totals;
    assert!(
        totals.orders_earning > 0,
        "the demo store has earning orders"
    );
    assert_eq!(report["store"], dashboard.store_id.clone().unwrap());
    assert_eq!(report["since"], "2026-06-01", "the saved start date");
    assert_eq!(report["customers"], totals.customers);
    assert_eq!(report["orders_seen"], totals.orders_seen);
    assert_eq!(report["orders_earning"], totals.orders_earning);
    assert_eq!(report["points_total"], totals.points_total);

    // `conector status --json` shows the same totals.
    let (code, out) = tokio::task::spawn_blocking(|| {
        let cli = Cli::parse_from(["conector", "status", "--json", "--lang", "en"]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(cli, &mut out, &mut err);
        (code, String::from_utf8(out).unwrap())
    })
    .await
    .unwrap();
    assert_eq!(code, 0);
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        status["overview"]["totals"]["points_total"],
        totals.points_total
    );
    assert_eq!(status["overview"]["readiness"]["state"], "ready");
}
