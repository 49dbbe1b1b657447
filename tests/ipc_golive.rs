//! Step 10's gate through the real IPC (mock runtime), on the app's own demo store over
//! 127.0.0.1 (the one plain-http address the download policy and the link checks allow) and a
//! real SQLite file, after walking steps 1–9 and a preview run as the window does:
//! - the owner's "Colei os valores do resumo no formulário do +fidelidade e salvei" holds only
//!   for the values it was given for: a changed review card takes it back (marked "changed
//!   since"), and go-live is refused until the owner confirms the new values;
//! - a complete checklist is not enough: go-live is refused while the panel's switches are not
//!   recorded in the article's order ("Cadastrar clientes", the ERP question, "Cadastrar
//!   vendas");
//! - go-live stops a preview run in flight: when the window hears "handed over", the run has
//!   ended and nothing is running.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use std::sync::mpsc;
use std::time::Duration;

use conector_core::Secret;
use conector_demo::DEMO_TOKEN;
use conector_desktop::AppPaths;
use conector_setup::{ConnectionInfo, StoreProfile};
use conector_simplo7::StoreAddress;
use ipc_support::Ipc;
use serde_json::{json, Value};
use tauri::ipc::InvokeResponseBody;
use tauri::test::{mock_builder, mock_context, noop_assets};

/// A feed import or a preview run of the demo store takes seconds; this is a safety net.
const TASK_TIMEOUT: Duration = Duration::from_secs(120);

struct App {
    ipc: Ipc,
    events: mpsc::Receiver<Value>,
    next_channel: u32,
    /// The app's demo store's pages, as step 9 offers them.
    site_url: String,
    signup_url: String,
    /// The demo store's API address (its `/_demo/` routes sit at the same origin).
    api_base: String,
    _dir: tempfile::TempDir,
}

impl App {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.ipc.call(cmd, args)
    }

    fn channel(&mut self) -> String {
        self.next_channel += 1;
        format!("__CHANNEL__:{}", self.next_channel)
    }

    /// A long task's channel messages until it ends; the last one.
    fn until_done(&self) -> Value {
        loop {
            let event = self
                .events
                .recv_timeout(TASK_TIMEOUT)
                .expect("the task reports until it ends");
            if event["event"] == "finished" || event["event"] == "failed" {
                return event;
            }
        }
    }

    fn view(&self) -> Value {
        self.call("activation_view", json!({})).unwrap()
    }

    fn confirm(&self, which: &str, on: bool) -> Value {
        self.call("checklist_confirm", json!({ "which": which, "on": on }))
            .unwrap()
    }

    fn go_live(&self) -> Result<Value, Value> {
        self.call("activation_set", json!({ "on": true }))
    }

    /// Step 9's form with `coupon_days`, the demo store's pages and its delivered statuses.
    fn save_form(&self, coupon_days: &str) -> Value {
        self.call(
            "form_save",
            json!({ "form": {
                "site_url": self.site_url, "signup_url": self.signup_url,
                "coupon_days": coupon_days, "final_statuses": ["21", "27"],
            }}),
        )
        .unwrap()
    }
}

/// One checklist item of a step 10 view.
fn item(view: &Value, id: &str) -> Value {
    view["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id} in {view}"))
        .clone()
}

/// Steps 1–9 on the demo store (steps 1 and 4 recorded as the wizard leaves them, the rest
/// through the window's commands) and a finished preview run: step 10 with everything the app
/// checks done, and nothing the owner confirms yet.
fn at_step_ten() -> App {
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths {
        data_dir: dir.path().to_path_buf(),
        log_dir: dir.path().join("logs"),
    };
    let (tx, events) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let mock = conector_desktop::register_commands(mock_builder())
        .channel_interceptor(move |_webview, _callback, _index, body| {
            if let InvokeResponseBody::Json(text) = body {
                let _ = tx.lock().unwrap().send(serde_json::from_str(text).unwrap());
            }
            true
        })
        .manage(
            conector_desktop::open_app(paths.clone(), conector_app::AppSetup::default()).unwrap(),
        )
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    let mut app = App {
        ipc: Ipc::around(mock),
        events,
        next_channel: 0,
        site_url: String::new(),
        signup_url: String::new(),
        api_base: String::new(),
        _dir: dir,
    };

    // Steps 1–4 on the demo store the app starts itself, as the welcome screen does; its
    // connection test recorded as step 4 leaves it (no keychain: the demo's token is known).
    app.call("demo_start", json!({})).unwrap();
    {
        let conn = conector_core::db::open(&paths.database()).unwrap();
        let profile = StoreProfile::load(&conn)
            .unwrap()
            .expect("the demo store's profile");
        let address =
            StoreAddress::resolve(&profile.store_id, profile.custom_domain.as_deref()).unwrap();
        let check = tauri::async_runtime::block_on(conector_simplo7::test_connection(
            &address,
            &Secret::new(DEMO_TOKEN),
        ))
        .unwrap();
        app.api_base = check.api_base.clone();
        conector_setup::record(
            &conn,
            &ConnectionInfo {
                tested_at: conector_core::timestamp::now(),
                api_base: check.api_base,
                statuses: check.statuses,
            },
        )
        .unwrap();
    }
    let form = app.call("form_view", json!({})).unwrap()["form"].clone();
    app.site_url = form["site_url"].as_str().unwrap().to_owned();
    app.signup_url = form["signup_url"].as_str().unwrap().to_owned();
    let feed_url = app.call("feed_status", json!({})).unwrap()["demo_url"]
        .as_str()
        .unwrap()
        .to_owned();

    for confirmation in ["api_access_opened", "feed_found", "panel_settings_opened"] {
        app.call(
            "wizard_confirm",
            json!({ "confirmation": confirmation, "confirmed": true }),
        )
        .unwrap();
    }
    let channel = app.channel();
    app.call(
        "feed_import",
        json!({ "url": feed_url, "onEvent": channel }),
    )
    .unwrap();
    assert_eq!(app.until_done()["event"], "finished");
    app.call(
        "rewards_select",
        json!({ "target": { "kind": "whole_catalog" }, "selected": true }),
    )
    .unwrap();
    app.call("platform_choose", json!({ "platform": "simplo7" }))
        .unwrap();
    app.save_form("180");
    for (field, url) in [
        ("site_url", app.site_url.clone()),
        ("signup_url", app.signup_url.clone()),
    ] {
        app.call("form_probe_link", json!({ "field": field, "url": url }))
            .unwrap();
    }
    let form = app.call("form_view", json!({})).unwrap();
    assert_eq!(form["valid"], true, "{form}");
    let channel = app.channel();
    app.call("sync_now", json!({ "onEvent": channel })).unwrap();
    let run = app.until_done();
    assert_eq!(run["event"], "finished", "{run}");

    let view = app.view();
    assert_eq!(view["checklist"]["pending_steps"], json!([]), "{view}");
    for checked in [
        "steps_done",
        "token_tested",
        "feed_with_rewards",
        "statuses_chosen",
        "preview_run",
    ] {
        assert_eq!(item(&view, checked)["done"], true, "{checked}: {view}");
    }
    assert_eq!(view["checklist"]["complete"], false);
    app
}

#[test]
fn the_form_confirmation_lapses_when_the_review_values_change() {
    let app = at_step_ten();
    // The panel's switches first, so that only the checklist stands between the owner and
    // go-live.
    app.call(
        "switch_set",
        json!({ "which": "register_customers", "on": true }),
    )
    .unwrap();
    app.call("erp_answer", json!({ "hasErp": false })).unwrap();
    app.call(
        "switch_set",
        json!({ "which": "register_sales", "on": true }),
    )
    .unwrap();
    app.confirm("program_configured", true);
    let view = app.confirm("form_saved_in_panel", true);
    let saved = item(&view, "form_saved_in_panel");
    assert_eq!(saved["done"], true, "{view}");
    assert_eq!(saved["changed_since"], false);
    assert_eq!(view["checklist"]["complete"], true);
    assert_eq!(view["next"], "activate_integration");

    // The owner changes the coupon's validity on step 9: the card now says 90 days, which the
    // panel's form does not hold yet.
    assert_eq!(app.save_form("90")["form"]["coupon_days"], "90");
    let view = app.view();
    let saved = item(&view, "form_saved_in_panel");
    assert_eq!(saved["done"], false, "{view}");
    assert_eq!(saved["changed_since"], true, "{view}");
    assert_eq!(item(&view, "program_configured")["done"], true);
    assert_eq!(view["checklist"]["complete"], false);
    assert_eq!(view["next"], "checklist");
    let refused = app.go_live().unwrap_err();
    assert_eq!(refused["code"], "activation.checklist_incomplete");
    assert_eq!(app.view()["activation"]["state"], "preview");

    // Confirmed again for the new values: go-live is recorded.
    let view = app.confirm("form_saved_in_panel", true);
    let saved = item(&view, "form_saved_in_panel");
    assert_eq!(saved["done"], true, "{view}");
    assert_eq!(saved["changed_since"], false);
    let live = app.go_live().unwrap();
    assert_eq!(live["activation"]["state"], "handed_over", "{live}");
}

#[test]
fn a_complete_checklist_goes_live_only_after_the_panels_switches_in_order() {
    let app = at_step_ten();
    app.confirm("form_saved_in_panel", true);
    let view = app.confirm("program_configured", true);
    assert_eq!(view["checklist"]["complete"], true, "{view}");
    assert_eq!(view["next"], "register_customers");

    // "Cadastrar clientes", then the ERP question, then "Cadastrar vendas": each missing one
    // keeps go-live refused, with its own code (not the checklist's).
    let refused = app.go_live().unwrap_err();
    assert_eq!(refused["code"], "activation.panel_steps_pending");
    let view = app
        .call(
            "switch_set",
            json!({ "which": "register_customers", "on": true }),
        )
        .unwrap();
    assert_eq!(view["next"], "erp_question");
    let refused = app.go_live().unwrap_err();
    assert_eq!(refused["code"], "activation.panel_steps_pending");
    let view = app.call("erp_answer", json!({ "hasErp": false })).unwrap();
    assert_eq!(view["next"], "register_sales");
    let refused = app.go_live().unwrap_err();
    assert_eq!(refused["code"], "activation.panel_steps_pending");
    assert_eq!(app.view()["activation"]["state"], "preview");

    let view = app
        .call(
            "switch_set",
            json!({ "which": "register_sales", "on": true }),
        )
        .unwrap();
    assert_eq!(view["next"], "activate_integration");
    let live = app.go_live().unwrap();
    assert_eq!(live["activation"]["state"], "handed_over", "{live}");
    assert_eq!(live["next"], "handed_over");
}

#[test]
fn going_live_stops_the_preview_run_in_flight_before_it_answers() {
    let mut app = at_step_ten();
    app.confirm("form_saved_in_panel", true);
    app.confirm("program_configured", true);
    app.call(
        "switch_set",
        json!({ "which": "register_customers", "on": true }),
    )
    .unwrap();
    app.call("erp_answer", json!({ "hasErp": false })).unwrap();
    app.call(
        "switch_set",
        json!({ "which": "register_sales", "on": true }),
    )
    .unwrap();
    assert_eq!(app.view()["next"], "activate_integration");

    // "Ler pedidos da loja agora", against a store whose next answers take seconds: the run is
    // still reading when the owner records go-live.
    let origin = app.api_base.trim_end_matches("ws/").to_owned();
    let slow = json!({ "slow": { "count": 2, "delay_ms": 3000 } });
    let status = tauri::async_runtime::block_on(
        reqwest::Client::new()
            .post(format!("{origin}_demo/faults"))
            .header("content-type", "application/json")
            .body(slow.to_string())
            .send(),
    )
    .unwrap()
    .status();
    assert!(status.is_success(), "{status}");
    let channel = app.channel();
    app.call("sync_now", json!({ "onEvent": channel })).unwrap();
    loop {
        let event = app
            .events
            .recv_timeout(TASK_TIMEOUT)
            .expect("the run starts");
        if event["event"] == "started" {
            break;
        }
    }
    assert!(
        !app.call("sync_overview", json!({})).unwrap()["running"].is_null(),
        "the run is in flight"
    );

    let live = app.go_live().unwrap();
    assert_eq!(live["activation"]["state"], "handed_over", "{live}");

    // By the time the window hears "handed over", the run has ended (no wait here: its last
    // event was already sent) and the dashboard shows nothing running.
    let ended: Vec<Value> = app.events.try_iter().collect();
    let last = ended.last().expect("the run's events");
    assert_eq!(last["event"], "finished", "{ended:?}");
    assert_ne!(last["summary"]["result"], "ok", "{last}");
    assert!(
        app.call("sync_overview", json!({})).unwrap()["running"].is_null(),
        "nothing running after go-live"
    );
}
