//! The sync dashboard's commands through Tauri's IPC on the mock runtime, against the demo
//! store on 127.0.0.1 and a real SQLite file. "Sincronizar agora" streams over a channel;
//! the channel's messages are caught with a channel interceptor, as the webview would get them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use std::sync::mpsc;
use std::time::Duration;

use conector_app::{App, AppSetup};
use conector_core::Secret;
use conector_demo::{DemoConfig, DemoHandle, DemoStore, DEMO_TOKEN};
use conector_desktop::AppPaths;
use conector_secrets::Keychain;
use conector_setup::{ConnectionInfo, StoreProfile, DEMO_STORE_ID};
use conector_simplo7::StoreAddress;
use ipc_support::Ipc;
use serde_json::{json, Value};
use tauri::ipc::InvokeResponseBody;
use tauri::test::{mock_builder, mock_context, noop_assets};

/// A run of the demo store (about 300 orders, unpaced) takes seconds; this is a safety net.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

struct Harness {
    ipc: Ipc,
    events: mpsc::Receiver<Value>,
    next_channel: u32,
}

fn paths(dir: &std::path::Path) -> AppPaths {
    AppPaths {
        data_dir: dir.to_path_buf(),
        log_dir: dir.join("logs"),
    }
}

fn start(state: App) -> Harness {
    let (tx, events) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let app = conector_desktop::register_commands(mock_builder())
        .channel_interceptor(move |_webview, _callback, _index, body| {
            if let InvokeResponseBody::Json(text) = body {
                let value: Value = serde_json::from_str(text).expect("channel json");
                let _ = tx.lock().unwrap().send(value);
            }
            true
        })
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    Harness {
        ipc: Ipc::around(app),
        events,
        next_channel: 1,
    }
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.ipc.call(cmd, args)
    }

    /// "Sincronizar agora", then every event until the run ends; the last one is returned
    /// with the ones before it.
    fn sync_now(&mut self) -> Vec<Value> {
        let channel = format!("__CHANNEL__:{}", self.next_channel);
        self.next_channel += 1;
        self.call("sync_now", json!({ "onEvent": channel }))
            .expect("sync_now accepted");
        let mut events = Vec::new();
        loop {
            let event = self
                .events
                .recv_timeout(RUN_TIMEOUT)
                .expect("the run reports until it ends");
            let kind = event["event"].as_str().unwrap_or_default().to_owned();
            events.push(event);
            if kind == "finished" || kind == "failed" {
                return events;
            }
        }
    }

    fn overview(&self) -> Value {
        self.call("sync_overview", json!({})).expect("overview")
    }
}

fn demo() -> DemoHandle {
    tauri::async_runtime::block_on(DemoStore::start(DemoConfig::default())).expect("demo store")
}

/// Steps 1 and 4 as the wizard leaves them for the demo store (the test of step 4 itself,
/// with the keychain, is covered by `ipc_token_leak`).
fn connect_demo(dir: &std::path::Path, demo: &DemoHandle, as_demo: bool) {
    let conn = conector_core::db::open(&paths(dir).database()).unwrap();
    let base = demo.base_url();
    let profile = StoreProfile::save(&conn, DEMO_STORE_ID, Some(&base), as_demo).unwrap();
    let address = StoreAddress::resolve(&profile.store_id, Some(&base)).unwrap();
    let check = tauri::async_runtime::block_on(conector_simplo7::test_connection(
        &address,
        &Secret::new(DEMO_TOKEN),
    ))
    .unwrap();
    conector_setup::record(
        &conn,
        &ConnectionInfo {
            tested_at: "2026-11-28T10:00:00Z".into(),
            api_base: check.api_base,
            statuses: check.statuses,
        },
    )
    .unwrap();
}

fn settings(finals: &[&str]) -> Value {
    json!({ "settings": {
        "since": conector_sync::config::iso_date_string(conector_app::rules::default_since(
            conector_sync::store_today()
        )),
        "final_statuses": finals,
        "interval_minutes": 15,
        "return_window_days": 120,
    }})
}

fn finished_summary(events: &[Value]) -> &Value {
    let last = events.last().expect("events");
    assert_eq!(last["event"], "finished", "the run ended well: {last}");
    &last["summary"]
}

#[test]
fn nothing_runs_before_the_store_is_connected_and_the_dashboard_says_which_step() {
    let dir = tempfile::tempdir().unwrap();
    let app = start(conector_desktop::open_app(paths(dir.path()), AppSetup::default()).unwrap());
    let overview = app.overview();
    assert_eq!(overview["readiness"]["state"], "needs_store");
    assert_eq!(overview["totals"]["orders_seen"], 0);
    let err = app
        .call("sync_now", json!({ "onEvent": "__CHANNEL__:99" }))
        .unwrap_err();
    assert_eq!(err["code"], "sync.no_store");
    let err = app
        .call("sync_save_settings", settings(&["12", "21"]))
        .unwrap_err();
    assert_eq!(err["code"], "sync.no_store");
    assert!(app.events.try_recv().is_err(), "no run was reported");
}

#[test]
fn a_preview_sync_of_the_demo_store_fills_the_dashboard_and_a_cancellation_is_reversed() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    connect_demo(dir.path(), &demo, true);
    let mut app =
        start(conector_desktop::open_app(paths(dir.path()), AppSetup::default()).unwrap());

    // Connected, but no final statuses yet: the owner must choose at least two, from the list.
    let overview = app.overview();
    assert_eq!(overview["readiness"]["state"], "needs_final_statuses");
    assert_eq!(overview["demo"], true);
    assert!(overview["statuses"].as_array().unwrap().len() >= 5);
    let err = app
        .call("sync_now", json!({ "onEvent": "__CHANNEL__:99" }))
        .unwrap_err();
    assert_eq!(err["code"], "sync.too_few_final_statuses");
    let err = app
        .call("sync_save_settings", settings(&["21"]))
        .unwrap_err();
    assert_eq!(err["code"], "sync.too_few_final_statuses");
    let err = app
        .call("sync_save_settings", settings(&["21", "999"]))
        .unwrap_err();
    assert_eq!(err["code"], "sync.unknown_status");
    let overview = app
        .call("sync_save_settings", settings(&["12", "18", "21"]))
        .expect("save");
    assert_eq!(overview["readiness"]["state"], "ready");
    assert_eq!(
        overview["settings"]["final_statuses"],
        json!(["12", "18", "21"])
    );

    // "Sincronizar agora": started, progress page by page, finished with the totals.
    let events = app.sync_now();
    assert_eq!(events[0]["event"], "started");
    let pages: Vec<u64> = events
        .iter()
        .filter(|e| e["event"] == "progress")
        .map(|e| e["pages"].as_u64().unwrap())
        .collect();
    assert!(pages.len() >= 2, "progress per page: {events:?}");
    assert!(pages.windows(2).all(|w| w[0] <= w[1]));
    let summary = finished_summary(&events).clone();
    assert_eq!(summary["result"]["result"], "ok");
    let totals = summary["totals"].clone();
    assert!(totals["orders_seen"].as_u64().unwrap() > 100, "{totals}");
    assert!(totals["customers"].as_u64().unwrap() > 50);
    assert!(totals["orders_earning"].as_u64().unwrap() > 0);
    assert!(totals["points_total"].as_i64().unwrap() > 0);

    // The dashboard reads the same numbers back, and the last run.
    let overview = app.overview();
    assert_eq!(overview["totals"], totals);
    assert_eq!(overview["status"]["last_run"]["result"], "ok");
    assert!(overview["running"].is_null());

    // Customers: sorted by points, searchable.
    let page = app
        .call(
            "sync_customers",
            json!({ "query": { "search": "", "sort": "points_desc", "offset": 0, "limit": 10 } }),
        )
        .unwrap();
    assert_eq!(page["total"], totals["customers"]);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let points: Vec<i64> = items
        .iter()
        .map(|c| c["points"].as_i64().unwrap())
        .collect();
    assert!(points.windows(2).all(|w| w[0] >= w[1]), "{points:?}");
    let top = items[0]["name"].as_str().unwrap().to_owned();
    let found = app
        .call(
            "sync_customers",
            json!({ "query": { "search": top.to_lowercase(), "sort": "name_asc", "offset": 0, "limit": 10 } }),
        )
        .unwrap();
    assert!(found["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == top.as_str()));

    // E-mails: in Portuguese, with the store's address, nothing sent.
    let emails = app
        .call(
            "sync_emails",
            json!({ "kind": "points_earned", "offset": 0, "limit": 3 }),
        )
        .unwrap();
    assert_eq!(emails["links_from_setup"], false);
    let site = demo.base_url().trim_end_matches("ws/").to_owned();
    assert_eq!(emails["settings"]["site_url"], site.as_str());
    let first = &emails["page"]["items"][0];
    assert!(first["subject"]
        .as_str()
        .unwrap()
        .starts_with("Você ganhou"));
    assert!(first["text"].as_str().unwrap().contains(&site));
    assert_eq!(emails["page"]["total"], totals["orders_earning"]);

    // Step 9's links, once valid, go into the e-mails; a half-typed one does not.
    {
        let conn = conector_core::db::open(&paths(dir.path()).database()).unwrap();
        conector_core::settings::set(&conn, "integration.site_url", "https://www.lojabela.com.br")
            .unwrap();
        conector_core::settings::set(&conn, "integration.signup_url", "www.lojabela.com.br/cad")
            .unwrap();
    }
    let welcome = app
        .call(
            "sync_emails",
            json!({ "kind": "welcome", "offset": 0, "limit": 1 }),
        )
        .unwrap();
    assert_eq!(welcome["links_from_setup"], false);
    {
        let conn = conector_core::db::open(&paths(dir.path()).database()).unwrap();
        conector_core::settings::set(
            &conn,
            "integration.signup_url",
            "https://www.lojabela.com.br/cadastro",
        )
        .unwrap();
    }
    let welcome = app
        .call(
            "sync_emails",
            json!({ "kind": "welcome", "offset": 0, "limit": 1 }),
        )
        .unwrap();
    assert_eq!(welcome["links_from_setup"], true);
    let text = welcome["page"]["items"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("Fazer meu cadastro: https://www.lojabela.com.br/cadastro"),
        "{text}"
    );
    assert!(welcome["page"]["items"][0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Bem-vindo(a)"));

    // The store cancels a recent order that earned points: the next sync reverses them.
    let db = conector_core::db::open(&paths(dir.path()).database()).unwrap();
    let (order_id, number, order_points): (i64, String, i64) = db
        .query_row(
            "SELECT order_id, number, points FROM ledger_orders
             WHERE skip_reason IS NULL AND points > 0 ORDER BY placed_at DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    demo.set_order_status(u64::try_from(order_id).unwrap(), "25")
        .unwrap();
    let events = app.sync_now();
    let after = finished_summary(&events)["totals"].clone();
    assert_eq!(
        after["points_total"].as_i64().unwrap(),
        totals["points_total"].as_i64().unwrap() - order_points
    );
    assert_eq!(
        after["orders_earning"].as_u64().unwrap(),
        totals["orders_earning"].as_u64().unwrap() - 1
    );
    let skipped = app
        .call(
            "sync_skipped",
            json!({ "reason": "cancelled", "offset": 0, "limit": 1000 }),
        )
        .unwrap();
    let cancelled = skipped["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["number"] == number.as_str())
        .expect("the cancelled order is listed as skipped");
    assert_eq!(cancelled["reason"], "cancelled");
    assert_eq!(cancelled["status_name"], "Cancelado");
    // The buyer's points history says why the points went: the order left the final statuses.
    let key: String = db
        .query_row(
            "SELECT customer_key FROM ledger_entries WHERE order_id = ?1 ORDER BY seq LIMIT 1",
            [order_id],
            |r| r.get(0),
        )
        .unwrap();
    let history = app
        .call("sync_customer_history", json!({ "key": key }))
        .unwrap();
    let lines = history.as_array().unwrap();
    let reversal = lines
        .iter()
        .find(|e| e["number"] == number.as_str() && e["kind"] == "reverse")
        .expect("the reversal is in the buyer's history");
    assert_eq!(reversal["reason"], "status_not_final");
    assert_eq!(reversal["points"], -order_points);

    // New final statuses are applied to the stored orders without reading the store.
    let requests = demo.requests().len();
    let overview = app
        .call("sync_save_settings", settings(&["21", "24"]))
        .expect("save");
    assert_eq!(demo.requests().len(), requests, "no store reads");
    assert!(
        overview["totals"]["orders_earning"].as_u64().unwrap()
            < after["orders_earning"].as_u64().unwrap(),
        "fewer statuses, fewer orders earning"
    );
    let ledger_sum: i64 = db
        .query_row("SELECT SUM(points) FROM ledger_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(overview["totals"]["points_total"], ledger_sum);

    // A run with nothing new adds no ledger entry.
    let events = app.sync_now();
    assert_eq!(finished_summary(&events)["counts"]["entries_added"], 0);

    // A shorter return window: the next run checks the orders of the last 60 days again, and
    // the dashboard says from which day and when.
    let mut shorter = settings(&["21", "24"]);
    shorter["settings"]["return_window_days"] = json!(60);
    let overview = app.call("sync_save_settings", shorter).expect("save");
    assert_eq!(overview["settings"]["return_window_days"], 60);
    let mut too_long = settings(&["21", "24"]);
    too_long["settings"]["return_window_days"] = json!(1000);
    let err = app.call("sync_save_settings", too_long).unwrap_err();
    assert_eq!(err["code"], "sync.bad_return_window");
    app.sync_now();
    let coverage = &app.overview()["status"]["coverage"];
    assert_eq!(
        coverage["window_from"],
        conector_sync::config::iso_date_string(
            conector_sync::store_today() - time::Duration::days(60)
        )
    );
    assert!(coverage["window_checked_at"].is_string());
}

#[test]
fn cancel_stops_a_run_and_the_next_one_continues() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    connect_demo(dir.path(), &demo, true);
    let mut app =
        start(conector_desktop::open_app(paths(dir.path()), AppSetup::default()).unwrap());
    app.call("sync_save_settings", settings(&["12", "21"]))
        .unwrap();
    // Slow pages, so that the run is surely in flight when cancelled.
    demo.slow_down(20, Duration::from_millis(400));
    app.call("sync_now", json!({ "onEvent": "__CHANNEL__:50" }))
        .unwrap();
    let started = app.events.recv_timeout(RUN_TIMEOUT).unwrap();
    assert_eq!(started["event"], "started");
    assert!(!app.overview()["running"].is_null(), "the run is in flight");
    assert_eq!(app.call("sync_cancel", json!({})).unwrap(), true);
    let last = loop {
        let event = app.events.recv_timeout(RUN_TIMEOUT).unwrap();
        if event["event"] != "progress" && event["event"] != "started" {
            break event;
        }
    };
    assert_eq!(last["event"], "finished");
    assert_eq!(last["summary"]["result"]["result"], "cancelled");
    assert_eq!(app.overview()["status"]["last_run"]["result"], "cancelled");
    assert_eq!(app.call("sync_cancel", json!({})).unwrap(), false);
    demo.clear_faults();
    app.next_channel = 51;
    let events = app.sync_now();
    assert_eq!(finished_summary(&events)["result"]["result"], "ok");
}

#[test]
#[ignore = "needs a Secret Service session: run `make test`"]
fn a_real_store_profile_reads_the_token_from_the_keychain_and_never_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    // Not flagged as the demo: the sync must take the token from the keychain.
    connect_demo(dir.path(), &demo, false);
    let keychain = Keychain::with_service(format!(
        "br.com.conectorfidelidade.test.sync.{}",
        std::process::id()
    ));
    let profile = {
        let conn = conector_core::db::open(&paths(dir.path()).database()).unwrap();
        StoreProfile::load(&conn).unwrap().unwrap()
    };
    let mut app = start(ipc_support::open(paths(dir.path()), keychain.clone()));
    app.call("sync_save_settings", settings(&["12", "21"]))
        .unwrap();

    // No token yet: the run says so in plain words.
    let events = app.sync_now();
    let last = events.last().unwrap();
    assert_eq!(last["event"], "failed");
    assert_eq!(last["error"]["code"], "setup.no_token");

    keychain
        .replace(&profile.account(), &Secret::new(DEMO_TOKEN))
        .unwrap();
    let events = app.sync_now();
    assert_eq!(finished_summary(&events)["result"]["result"], "ok");
    let everything = format!(
        "{events:?} {} {}",
        app.overview(),
        app.call(
            "sync_emails",
            json!({ "kind": "welcome", "offset": 0, "limit": 50 })
        )
        .unwrap()
    );
    assert!(
        !everything.contains(DEMO_TOKEN),
        "the token never crosses IPC"
    );
    keychain.delete(&profile.account()).unwrap();
}

#[test]
fn after_activation_the_dashboard_says_since_when_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    connect_demo(dir.path(), &demo, true);
    let app = start(conector_desktop::open_app(paths(dir.path()), AppSetup::default()).unwrap());
    app.call("sync_save_settings", settings(&["12", "21"]))
        .unwrap();
    {
        let conn = conector_core::db::open(&paths(dir.path()).database()).unwrap();
        conector_core::activation::set_activation(&conn, true).unwrap();
    }
    let overview = app.overview();
    assert_eq!(overview["readiness"]["state"], "handed_over");
    assert!(overview["readiness"]["since"].as_str().is_some());
    let requests = demo.requests().len();
    let err = app
        .call("sync_now", json!({ "onEvent": "__CHANNEL__:70" }))
        .unwrap_err();
    assert_eq!(err["code"], "sync.handed_over");
    assert_eq!(err["params"]["since"]["kind"], "date_time");
    assert_eq!(demo.requests().len(), requests, "the store is not read");

    // Switched off: back to preview.
    {
        let conn = conector_core::db::open(&paths(dir.path()).database()).unwrap();
        conector_core::activation::set_activation(&conn, false).unwrap();
    }
    assert_eq!(app.overview()["readiness"]["state"], "ready");
}

#[test]
fn step_9s_final_statuses_recompute_the_preview_in_the_same_save() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    connect_demo(dir.path(), &demo, true);
    let mut app =
        start(conector_desktop::open_app(paths(dir.path()), AppSetup::default()).unwrap());
    app.call("sync_save_settings", settings(&["12", "18", "21"]))
        .expect("save");
    let before = finished_summary(&app.sync_now())["totals"].clone();

    // Step 9's form narrows the final statuses to "Entregue" and "Pronto para retirada".
    let requests = demo.requests().len();
    let mut form = app.call("form_view", json!({})).unwrap()["form"].clone();
    form["final_statuses"] = json!(["21", "24"]);
    app.call("form_save", json!({ "form": form })).unwrap();
    assert_eq!(demo.requests().len(), requests, "no store reads");

    let overview = app.overview();
    assert_eq!(overview["settings"]["final_statuses"], json!(["21", "24"]));
    let after = &overview["totals"];
    assert!(
        after["orders_earning"].as_u64().unwrap() < before["orders_earning"].as_u64().unwrap(),
        "fewer statuses, fewer orders earning: {before} → {after}"
    );
    let db = conector_core::db::open(&paths(dir.path()).database()).unwrap();
    let ledger_sum: i64 = db
        .query_row("SELECT SUM(points) FROM ledger_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after["points_total"], ledger_sum);
    // The ledger already follows the new statuses: recomputing, or a run, adds nothing.
    let store = overview["store_id"].as_str().unwrap().to_owned();
    let again = conector_sync::recompute_preview(
        &paths(dir.path()).database(),
        &store,
        &conector_ledger::FinalStatuses::new(["21", "24"]),
        conector_ledger::EarnRate::DEFAULT,
    )
    .unwrap();
    assert_eq!(again.entries_added(), 0);
    assert_eq!(
        finished_summary(&app.sync_now())["counts"]["entries_added"],
        0
    );
}
