//! Steps 7–10 through the real IPC (mock runtime) with the demo store, a real SQLite file and
//! the real keychain: the form's checks, the review card, the checklist gate and activation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ipc_support;

use conector_desktop::AppPaths;
use conector_secrets::Keychain;
use ipc_support::Ipc;
use serde_json::{json, Value};

fn codes(view: &Value) -> Vec<String> {
    view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
#[ignore = "needs a Secret Service session: run `make test`"]
fn form_review_checklist_and_activation() {
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths {
        data_dir: dir.path().join("data"),
        log_dir: dir.path().join("logs"),
    };
    let keychain = Keychain::with_service(format!(
        "br.com.conectorfidelidade.test.wizard.{}",
        std::process::id()
    ));
    let ipc = Ipc::start(ipc_support::open(paths, keychain.clone()));

    // Steps 1–6 on the demo store started by the app itself.
    ipc.call("demo_start", json!({})).unwrap();
    ipc.call("store_test_connection", json!({ "token": null }))
        .unwrap();

    // Step 9 pre-filled with the demo store's pages; nothing checked yet.
    let view = ipc.call("form_view", json!({})).unwrap();
    let form = view["form"].clone();
    assert!(form["site_url"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    assert_eq!(form["coupon_days"], "365");
    assert_eq!(view["valid"], false);
    assert!(codes(&view).contains(&"form.unchecked_link".to_owned()));
    assert!(codes(&view).contains(&"form.too_few_statuses".to_owned()));

    // Bad values are named; a plain-http site on the internet is refused.
    let mut bad = form.clone();
    bad["coupon_days"] = json!("4000");
    bad["site_url"] = json!("http://www.minhaloja.com.br/");
    let checked = ipc.call("form_save", json!({ "form": bad })).unwrap();
    assert!(codes(&checked).contains(&"form.coupon_days".to_owned()));
    assert!(codes(&checked).contains(&"form.insecure_link".to_owned()));

    // Good values: the links answer, three final statuses.
    let statuses = ipc.call("store_view", json!({})).unwrap()["connection"]["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    let mut good = form.clone();
    good["coupon_days"] = json!("180");
    good["final_statuses"] = json!(statuses[2..5]);
    ipc.call("form_save", json!({ "form": good })).unwrap();
    // Plain http on this computer is the demo store's own address only (issue #23): another
    // port is refused before any connection, naming the host.
    let refused = ipc
        .call(
            "form_probe_link",
            json!({ "field": "signup_url", "url": "http://127.0.0.1:9/cadastro" }),
        )
        .unwrap();
    assert_eq!(refused["notes"][0]["code"], "form.link_insecure");
    assert_eq!(refused["notes"][0]["params"]["host"]["value"], "127.0.0.1");
    for (field, url) in [
        ("site_url", &good["site_url"]),
        ("signup_url", &good["signup_url"]),
    ] {
        ipc.call("form_probe_link", json!({ "field": field, "url": url }))
            .unwrap();
    }
    let view = ipc.call("form_view", json!({})).unwrap();
    assert!(
        !codes(&view).contains(&"form.unchecked_link".to_owned()),
        "{view}"
    );

    // The review card: the token only as a mask.
    let review = ipc.call("review_fields", json!({})).unwrap();
    let text = review.to_string();
    assert!(text.contains("••••••••0001"));
    assert!(!text.contains(conector_demo::DEMO_TOKEN));
    let coupon = review
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "coupon_days")
        .unwrap();
    assert_eq!(coupon["value"], "180");

    // Activation is refused while the checklist is incomplete (no preview sync yet).
    let activation = ipc.call("activation_view", json!({})).unwrap();
    assert_eq!(activation["checklist"]["complete"], false);
    let refused = ipc
        .call("activation_set", json!({ "on": true }))
        .unwrap_err();
    assert_eq!(refused["code"], "activation.checklist_incomplete");
    assert_eq!(
        ipc.call("activation_view", json!({})).unwrap()["activation"]["state"],
        "preview"
    );

    // The other switches are recorded with their time.
    let switched = ipc
        .call(
            "switch_set",
            json!({ "which": "register_sales", "on": true }),
        )
        .unwrap();
    assert_eq!(switched["register_sales"]["on"], true);
    assert!(switched["register_sales"]["since"].is_string());

    // An ERP answered: "Cadastrar vendas" must stay off, so its record is taken back.
    let answered = ipc.call("erp_answer", json!({ "hasErp": true })).unwrap();
    assert_eq!(answered["has_erp"], true);
    assert_eq!(answered["register_sales"]["on"], false);

    // The owner's confirmations about the panel are part of the checklist.
    let confirmed = ipc
        .call(
            "checklist_confirm",
            json!({ "which": "program_configured", "on": true }),
        )
        .unwrap();
    let item = confirmed["checklist"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "program_configured")
        .unwrap()
        .clone();
    assert_eq!(item["done"], true);
    assert_eq!(item["by_owner"], true);
    assert_eq!(confirmed["next"], "checklist");

    // A cancelled status among the final ones blocks step 9 until the owner says it is meant.
    let cancelled = ipc.call("store_view", json!({})).unwrap()["connection"]["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Cancelado")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut with_cancelled = good.clone();
    with_cancelled["final_statuses"] = json!([statuses[5], cancelled]);
    let asked = ipc
        .call("form_save", json!({ "form": with_cancelled }))
        .unwrap();
    assert!(codes(&asked).contains(&"form.reversal_status".to_owned()));
    let answered = ipc
        .call(
            "form_confirm_status",
            json!({ "statusId": cancelled, "yes": true }),
        )
        .unwrap();
    assert!(codes(&answered).contains(&"form.reversal_status_confirmed".to_owned()));
    assert!(!codes(&answered).contains(&"form.reversal_status".to_owned()));
    let _ = keychain.delete(&conector_secrets::StoreAccount::for_store(
        Some(conector_setup::DEMO_STORE_ID),
        "",
    ));
}
