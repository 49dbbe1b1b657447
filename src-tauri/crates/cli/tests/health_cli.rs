//! `conector health` against a real demo store on 127.0.0.1: the JSON shape, the exit codes
//! (0 ok, 1 warning, 2 problem), the flags that let it run with no app data, and the app's
//! saved settings read by default — without writing to the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use clap::Parser;
use conector_cli::health::{health, HealthArgs};
use conector_cli::{Cli, Command};
use conector_demo::{DemoHandle, DEMO_TOKEN};
use conector_feed::{CollectItems, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::Policy;
use conector_secrets::Keychain;
use serde_json::Value;
use support::Demo;

impl Demo {
    fn store(&self) -> &DemoHandle {
        self.handle()
    }

    /// The first `n` SKUs of the served feed.
    fn skus(&self, n: usize) -> Vec<String> {
        let mut items = CollectItems::default();
        read_feed(
            &FeedSource::Url(self.store().feed_url()),
            &Policy::feed().with_demo_store(Some(&self.store().site_url())),
            &ReadOptions::default(),
            &mut items,
        )
        .unwrap();
        items.0.into_iter().take(n).map(|i| i.id).collect()
    }

    /// Every flag needed to check this store with no app data.
    fn flags(&self, rewards: &[String]) -> Vec<String> {
        let store = self.store();
        let mut flags = vec![
            "--base-url".to_owned(),
            store.base_url(),
            "--token-stdin".to_owned(),
            "--feed".to_owned(),
            store.feed_url(),
            "--final-status".to_owned(),
            "18".to_owned(),
            "--final-status".to_owned(),
            "21".to_owned(),
            "--site-url".to_owned(),
            store.site_url(),
            "--signup-url".to_owned(),
            store.signup_url(),
            "--json".to_owned(),
        ];
        for sku in rewards {
            flags.extend(["--reward".to_owned(), sku.clone()]);
        }
        flags
    }
}

/// Parses the arguments exactly as the binary does, then runs with `stdin` as standard input.
fn run(args: &[String], stdin: &str) -> (u8, String) {
    let argv = ["conector".to_owned(), "health".to_owned()]
        .into_iter()
        .chain(args.iter().cloned());
    let cli = Cli::try_parse_from(argv).unwrap();
    let lang = cli.lang;
    let Command::Health(mut args) = cli.command else {
        panic!("parsed as another command");
    };
    args.lang = lang;
    run_args(&args, stdin)
}

fn run_args(args: &HealthArgs, stdin: &str) -> (u8, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let keychain = Keychain::with_service("br.com.conectorfidelidade.test.cli-unused");
    let code = health(args, &mut stdin.as_bytes(), &keychain, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap())
}

fn check<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} in {json}"))
}

fn states(json: &Value) -> Vec<(String, String)> {
    json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn all(state: &str) -> Vec<(String, String)> {
    ["token", "statuses", "feed", "rewards", "links"]
        .map(|c| (c.to_owned(), state.to_owned()))
        .to_vec()
}

#[test]
fn a_healthy_store_exits_0_with_one_entry_per_check() {
    let demo = Demo::start(40);
    let skus = demo.skus(2);
    let (code, out) = run(&demo.flags(&skus), DEMO_TOKEN);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 0, "{out}");
    assert_eq!(states(&json), all("ok"));
    assert_eq!(json["state"], "ok");
    let token = check(&json, "token");
    assert_eq!(token["code"], "health.token.ok");
    assert!(
        token["message"]
            .as_str()
            .unwrap()
            .starts_with("A loja aceitou o token"),
        "{token}"
    );
    assert!(token["todo"].is_null());
    assert!(check(&json, "feed")["message"]
        .as_str()
        .unwrap()
        .contains("40 produtos"));
}

#[test]
fn a_revoked_token_exits_2_and_says_which_user_to_open() {
    let demo = Demo::start(40);
    demo.store().set_wrong_token(true);
    let (code, out) = run(&demo.flags(&[]), DEMO_TOKEN);
    assert_eq!(code, 2, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let token = check(&json, "token");
    assert_eq!(token["state"], "problem");
    assert_eq!(token["code"], "store.token_rejected");
    let todo = token["todo"]["message"].as_str().unwrap();
    assert!(
        todo.contains("\"+Fidelidade\"") && todo.contains("passo 4"),
        "{todo}"
    );
    assert_eq!(check(&json, "statuses")["state"], "skipped");
    assert_eq!(check(&json, "feed")["state"], "ok");
    assert_eq!(
        check(&json, "rewards")["state"],
        "skipped",
        "no --reward given"
    );
}

#[test]
fn a_reward_gone_from_the_feed_exits_1_in_english_too() {
    let demo = Demo::start(40);
    let skus = demo.skus(3);
    demo.store().set_feed_without(&[&skus[2]]);
    let mut flags = vec!["--lang".to_owned(), "en".to_owned()];
    flags.extend(demo.flags(&skus));
    let (code, out) = run(&flags, DEMO_TOKEN);
    assert_eq!(code, 1, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let rewards = check(&json, "rewards");
    assert_eq!(rewards["state"], "warning");
    assert_eq!(
        rewards["message"],
        format!(
            "The reward {} is no longer in the product XML (1 of 3).",
            skus[2]
        )
    );
    assert_eq!(json["state"], "warning");
}

#[test]
fn with_only_a_feed_the_other_checks_are_skipped_and_do_not_change_the_exit_code() {
    let demo = Demo::start(40);
    let dir = tempfile::tempdir().unwrap();
    // An app database with nothing saved in it stands for "no app data".
    let db = dir.path().join("app.sqlite3");
    conector_core::db::open(&db).unwrap();
    let args = [
        "--db".to_owned(),
        db.display().to_string(),
        "--feed".to_owned(),
        demo.store().feed_url(),
        "--demo-store".to_owned(),
        demo.store().site_url(),
        "--json".to_owned(),
    ];
    let (code, out) = run(&args, "");
    assert_eq!(code, 0, "{out}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        states(&json),
        [
            ("token", "skipped"),
            ("statuses", "skipped"),
            ("feed", "ok"),
            ("rewards", "skipped"),
            ("links", "skipped")
        ]
        .map(|(c, s)| (c.to_owned(), s.to_owned()))
    );
    assert_eq!(check(&json, "token")["code"], "health.token.no_store");
}

#[test]
fn a_missing_database_given_with_db_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--db".to_owned(),
        dir.path().join("nada.sqlite3").display().to_string(),
        "--json".to_owned(),
    ];
    let (code, out) = run(&args, "");
    assert_eq!(code, 2);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["error"]["code"], "cli.no_data_dir");
    assert!(!dir.path().join("nada.sqlite3").exists(), "nothing created");
}

#[test]
fn the_apps_saved_settings_are_read_and_nothing_is_written() {
    let demo = Demo::start(40);
    let store = demo.store();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let skus = demo.skus(3);
    {
        let mut conn = conector_core::db::open(&db).unwrap();
        conector_setup::StoreProfile::save(
            &conn,
            conector_setup::DEMO_STORE_ID,
            Some(&store.base_url()),
            true,
        )
        .unwrap();
        let source = FeedSource::Url(store.feed_url());
        let policy = Policy::feed().with_demo_store(Some(&store.site_url()));
        conector_catalog::import_feed(
            &mut conn,
            &source.label(),
            &ReadOptions::default(),
            &mut conector_catalog::Quiet,
            move |sink| read_feed(&source, &policy, &ReadOptions::default(), sink),
        )
        .unwrap();
        conector_setup::integration::save_feed_url(&conn, &store.feed_url()).unwrap();
        conector_catalog::selection::select_skus(&mut conn, &skus, true).unwrap();
        conector_setup::integration::IntegrationForm {
            site_url: store.site_url(),
            signup_url: format!("{}sumiu", store.site_url()),
            coupon_days: "365".into(),
            final_statuses: vec!["18".into(), "21".into()],
        }
        .save(&conn)
        .unwrap();
    }
    store.set_feed_without(&[&skus[0]]);
    let args = [
        "--db".to_owned(),
        db.display().to_string(),
        "--token-stdin".to_owned(),
        "--json".to_owned(),
    ];
    let (code, out) = run(&args, DEMO_TOKEN);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 2, "the sign-up page is gone: {out}");
    assert_eq!(check(&json, "token")["state"], "ok");
    assert_eq!(check(&json, "statuses")["state"], "ok");
    assert_eq!(check(&json, "feed")["state"], "ok", "39 of the 40 imported");
    assert_eq!(check(&json, "rewards")["state"], "warning");
    assert_eq!(
        check(&json, "rewards")["params"]["skus"]["value"],
        skus[0].as_str()
    );
    assert_eq!(check(&json, "links")["code"], "health.links.signup_status");

    // With nothing but the database, exactly what the app checks: the demo store's token is
    // the public one.
    let (code, out) = run(
        &[
            "--db".to_owned(),
            db.display().to_string(),
            "--json".to_owned(),
        ],
        "",
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(code, 2, "{out}");
    assert_eq!(check(&json, "token")["state"], "ok");
    assert_eq!(check(&json, "rewards")["state"], "warning");

    let conn = conector_core::db::open(&db).unwrap();
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        count("health_result"),
        0,
        "the command line keeps no history"
    );
    assert_eq!(count("health_feed"), 0);
    assert_eq!(count("ledger_entries"), 0, "no points entry");
    assert_eq!(count("catalog_item"), 40, "the catalogue is untouched");
}

#[test]
fn text_output_names_each_check_and_what_to_do() {
    let demo = Demo::start(40);
    demo.store().set_feed_broken(true);
    let flags: Vec<String> = demo
        .flags(&[])
        .into_iter()
        .filter(|f| f != "--json")
        .collect();
    let (code, out) = run(&flags, DEMO_TOKEN);
    assert_eq!(code, 2);
    let feed_line = out.lines().find(|l| l.contains("XML de produtos")).unwrap();
    assert!(
        feed_line.contains("Problema") && feed_line.contains("404"),
        "{out}"
    );
    assert!(
        out.contains("O que fazer: No painel da loja, procure por \"XML\""),
        "{out}"
    );
}

/// `conector health --json` carries the go-live check's card as `first_hours` (issue #21 item
/// 2): nothing before go-live; after it, the demo store's orders placed since, each with its
/// status and what the panel should show — a delivered one the rule's points and a due time
/// 72 h after it was placed, a cancelled one "undone" (never "awaiting a final status") — read
/// from the store now and not kept.
#[test]
fn health_json_carries_the_first_hours_card_after_go_live() {
    let demo = Demo::start(10);
    let store = demo.store();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    {
        let conn = conector_core::db::open(&db).unwrap();
        conector_setup::StoreProfile::save(
            &conn,
            conector_setup::DEMO_STORE_ID,
            Some(&store.base_url()),
            true,
        )
        .unwrap();
        conector_setup::integration::IntegrationForm {
            site_url: store.site_url(),
            signup_url: store.signup_url(),
            coupon_days: "365".into(),
            // Delivered and the one after it ("Entregue", "Concluído").
            final_statuses: vec!["21".into(), "27".into()],
        }
        .save(&conn)
        .unwrap();
    }
    let args = [
        "--db".to_owned(),
        db.display().to_string(),
        "--json".to_owned(),
    ];
    let (_, out) = run(&args, "");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(json["first_hours"].is_null(), "before go-live: {out}");

    let live = store.now() - time::Duration::minutes(3);
    {
        let conn = conector_core::db::open(&db).unwrap();
        conector_core::activation::set_activation_at(&conn, true, live).unwrap();
    }
    let (_, out) = run(&args, "");
    let json: Value = serde_json::from_str(&out).unwrap();
    let card = &json["first_hours"];
    assert!(card["read_error"].is_null(), "{out}");
    let listed_before: Vec<u64> = card["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_u64().unwrap())
        .collect();

    let placed = store.now() - time::Duration::minutes(1);
    let delivered = store.insert_order(placed);
    let cancelled = store.insert_order(placed);
    store.set_order_status(delivered, "21").unwrap();
    store.set_order_status(cancelled, "25").unwrap();
    let (_, out) = run(&args, "");
    let json: Value = serde_json::from_str(&out).unwrap();
    let orders = json["first_hours"]["orders"].as_array().unwrap();
    assert_eq!(orders.len(), listed_before.len() + 2, "{out}");
    let row = |id: u64| {
        orders
            .iter()
            .find(|o| o["order_id"] == id)
            .unwrap_or_else(|| panic!("order {id} not in {out}"))
    };
    let placed_at =
        conector_core::timestamp::parse(row(delivered)["placed_at"].as_str().unwrap()).unwrap();
    assert!(placed_at > live);
    assert_eq!(row(delivered)["status_id"], "21");
    assert_eq!(row(delivered)["expected"]["kind"], "points", "{out}");
    assert!(row(delivered)["expected"]["points"].as_i64().unwrap() > 0);
    assert_eq!(
        row(delivered)["expected"]["due_at"],
        conector_core::timestamp::format(placed_at + time::Duration::hours(72)).as_str()
    );
    assert_eq!(row(delivered)["answerable"], false, "72 h not passed");
    assert_eq!(row(cancelled)["status_name"], "Cancelado");
    assert_eq!(row(cancelled)["expected"]["kind"], "undone", "{out}");
    assert_eq!(row(cancelled)["answerable"], false);

    let conn = conector_core::db::open(&db).unwrap();
    let kept: i64 = conn
        .query_row("SELECT COUNT(*) FROM golive_orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "the command line keeps no go-live order");
    let entries: i64 = conn
        .query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(entries, 0, "no points entry");
}
