//! The set-ups the application layer's tests share (this crate's and the root package's): the
//! app over a real SQLite file in a test's folder, the demo store set up as the wizard leaves
//! it, one preview run to its end, the customers' strings the preview stored, and where on disk
//! any of them is left.
//!
//! Behind the `test-support` feature, which only tests turn on (release builds leave it off).
//! Every step is real: the demo store over HTTP on 127.0.0.1, the app's own functions, the
//! domain crates' own saves. A fixture that cannot do its step panics, so the test that asked
//! for it fails at that step with the cause.

// Test-only by construction (this module exists only under `test-support`): a fixture that
// cannot set up is the test's failure, and a panic is how a test reports it with its cause.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use conector_catalog::Quiet;
use conector_core::Secret;
use conector_demo::DEMO_TOKEN;
use conector_feed::ReadOptions;
use conector_secrets::Keychain;
use conector_setup::integration::IntegrationForm;
use conector_setup::{ConnectionInfo, StoreProfile, DEMO_STORE_ID};
use conector_simplo7::StoreAddress;
use conector_sync::{NoProgress, RunSummary, SyncError};
use time::OffsetDateTime;

use crate::{App, AppSetup, Context, Paths};

/// When the fixtures' step 4 says the connection was tested (only stored, never compared).
pub const TESTED_AT: &str = "2026-11-28T10:00:00Z";

/// Three of the demo store's statuses as final: "entregue" and two more, as step 9 saves them.
pub const FINAL_STATUSES: [&str; 3] = ["12", "18", "21"];

/// The app's context over `dir` (logs in `dir/logs`), on the real clock, its token in
/// `keychain`.
pub fn context(dir: &Path, keychain: Keychain) -> Context {
    Context::open_with(
        Paths::in_folder(dir),
        keychain,
        Arc::new(OffsetDateTime::now_utc),
    )
    .unwrap()
}

/// The app over `dir` (logs in `dir/logs`), not started: only what a test asks for runs.
/// Call it inside a tokio runtime (the app's loop is spawned on the current one).
pub fn app(dir: &Path, setup: AppSetup) -> App {
    App::open(
        Paths::in_folder(dir),
        setup,
        &tokio::runtime::Handle::current(),
    )
    .unwrap()
}

/// The app's own demo store started, as step 1's "Usar a loja de demonstração" does (the
/// profile is saved); its API address, `http://127.0.0.1:PORT/ws/`.
pub async fn own_demo(ctx: &Context) -> String {
    crate::store::start_demo(ctx)
        .await
        .unwrap()
        .api_base
        .unwrap()
}

/// Steps 1, 4 and 9 as the wizard leaves them for the demo store at `base`: the profile, the
/// tested connection, the [`FINAL_STATUSES`].
pub async fn wizard_done(ctx: &Context, base: &str) {
    ctx.with_db(|conn| StoreProfile::save(conn, DEMO_STORE_ID, Some(base), true))
        .unwrap();
    record_connection(ctx, base).await;
    ctx.with_db(|conn| {
        conector_setup::integration::save_final_statuses(conn, &FINAL_STATUSES.map(str::to_owned))
    })
    .unwrap();
}

/// Step 4 for the demo store at `base`: its connection tested with the demo token over HTTP,
/// and recorded (the demo token needs no keychain).
pub async fn record_connection(ctx: &Context, base: &str) {
    let address = StoreAddress::resolve(DEMO_STORE_ID, Some(base)).unwrap();
    let check = conector_simplo7::test_connection(&address, &Secret::new(DEMO_TOKEN))
        .await
        .unwrap();
    ctx.with_db(|conn| {
        conector_setup::record(
            conn,
            &ConnectionInfo {
                tested_at: TESTED_AT.into(),
                api_base: check.api_base,
                statuses: check.statuses,
            },
        )
    })
    .unwrap();
}

/// Step 9 as the owner fills it for the app's own demo store: its site and sign-up pages, a
/// coupon valid 365 days, `final_statuses`.
pub async fn save_demo_form(ctx: &Context, final_statuses: &[&str]) {
    let (site, signup) = ctx.demo_pages().await.expect("the demo store is running");
    ctx.with_db_mut(|conn| {
        IntegrationForm {
            site_url: site,
            signup_url: signup,
            coupon_days: "365".into(),
            final_statuses: final_statuses.iter().map(|s| (*s).to_owned()).collect(),
        }
        .save(conn)
    })
    .unwrap();
}

/// Step 6 for the app's own demo store: its feed downloaded and imported by the app, off the
/// async workers as the window does it.
pub async fn import_demo_feed(ctx: &Arc<Context>) {
    let feed = ctx
        .demo_feed_url()
        .await
        .expect("the demo store is running");
    let ctx = Arc::clone(ctx);
    tokio::task::spawn_blocking(move || {
        crate::feed::import(&ctx, &feed, &mut |_| {}).unwrap();
    })
    .await
    .unwrap();
}

/// Step 6 from a feed's bytes (a sample), imported as the catalogue `demo`.
pub fn import_feed(ctx: &Context, feed: Vec<u8>) {
    ctx.with_db_mut(|conn| {
        conector_catalog::import_reader(
            conn,
            "demo",
            Cursor::new(feed),
            &ReadOptions::default(),
            &mut Quiet,
        )
    })
    .unwrap();
}

/// One preview run to its end, as the background loop or "Ler pedidos da loja agora" does it:
/// the saved settings must be ready to run.
pub async fn preview_run(ctx: &Context) -> Result<RunSummary, SyncError> {
    let plan = ctx
        .with_db(crate::sync::plan)
        .unwrap()
        .expect("the saved settings are ready to run");
    let client = plan.client(&ctx.keychain).unwrap();
    conector_sync::run_once(
        ctx.database_path(),
        &client,
        &plan.config,
        &NoProgress,
        &AtomicBool::new(false),
    )
    .await
}

/// Names, e-mails and CPF/CNPJ of up to 40 of the preview's customers (those with both an
/// e-mail and a document), as stored. Strings shorter than 6 bytes are left out: they would be
/// found by chance in any file.
pub fn customer_strings(ctx: &Context) -> Vec<String> {
    ctx.with_db(|conn| {
        let mut stmt = conn
            .prepare(
                "SELECT customer_name, customer_email, customer_document FROM ledger_orders
                 WHERE customer_email IS NOT NULL AND customer_document IS NOT NULL LIMIT 40",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok([
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ])
            })
            .unwrap();
        rows.flat_map(Result::unwrap)
            .filter(|v| v.len() >= 6)
            .collect()
    })
}

/// Every file under `dir`, at any depth; none when `dir` is not there.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Each (file, value) where one of `values` is in the bytes of a file under one of `dirs`.
pub fn left_in_files(dirs: &[&Path], values: &[String]) -> Vec<(PathBuf, String)> {
    let mut left = Vec::new();
    for file in dirs.iter().flat_map(|dir| files_under(dir)) {
        let bytes = std::fs::read(&file).unwrap();
        for value in values {
            if bytes.windows(value.len()).any(|w| w == value.as_bytes()) {
                left.push((file.clone(), value.clone()));
            }
        }
    }
    left
}

/// The demo store's admin routes (`/_demo/`, built with `conector-demo`'s `faults` feature).
pub struct DemoAdmin {
    /// `http://127.0.0.1:PORT/`.
    origin: String,
}

impl DemoAdmin {
    /// The admin routes of the demo store whose API is at `base` (`…/ws/`).
    pub fn of(base: &str) -> DemoAdmin {
        DemoAdmin {
            origin: base.trim_end_matches("ws/").to_owned(),
        }
    }

    /// Switches the store's faults (`/_demo/faults`, the demo crate's `Faults` as JSON).
    pub async fn faults(&self, body: serde_json::Value) {
        self.post("faults", body).await;
    }

    /// Posts `body` to the admin route `/_demo/{path}` (`faults`, `advance`, …), which must
    /// take it.
    pub async fn post(&self, path: &str, body: serde_json::Value) {
        let status = reqwest::Client::new()
            .post(format!("{}_demo/{path}", self.origin))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success(), "{path}: {status}");
    }

    /// The store's state (`/_demo/state`), as JSON.
    pub async fn state(&self) -> serde_json::Value {
        let text = reqwest::Client::new()
            .get(format!("{}_demo/state", self.origin))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }
}
