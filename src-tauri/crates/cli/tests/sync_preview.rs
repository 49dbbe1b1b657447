//! `conector sync preview --once` against a real demo store on 127.0.0.1 and a real SQLite file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use clap::Parser;
use conector_cli::sync::{preview, PreviewArgs, SyncCommand};
use conector_cli::{Cli, Command};
use conector_demo::DEMO_TOKEN;
use conector_secrets::Keychain;
use support::{preview_args, Demo};

impl Demo {
    fn base_url(&self) -> String {
        self.handle().base_url()
    }

    fn requests(&self) -> Vec<conector_demo::RequestRecord> {
        self.handle().requests()
    }
}

/// Parses the arguments exactly as the binary does, then runs with `stdin` as standard input.
fn sync_preview<S: AsRef<str>>(args: &[S], stdin: &str) -> (u8, String, String) {
    let argv = ["conector", "sync", "preview"]
        .into_iter()
        .chain(args.iter().map(AsRef::as_ref));
    let cli = Cli::try_parse_from(argv).unwrap();
    let Command::Sync {
        command: SyncCommand::Preview(args),
    } = cli.command
    else {
        panic!("parsed as another command");
    };
    run_preview(&args, stdin)
}

fn run_preview(args: &PreviewArgs, stdin: &str) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let keychain = Keychain::with_service("br.com.conectorfidelidade.test.cli-unused");
    let code = preview(args, &mut stdin.as_bytes(), &keychain, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// One run in JSON, the statuses 18, 21 and 24 final.
fn json_run(base: &str, db: &std::path::Path) -> Vec<String> {
    let finals = [
        "--final-status",
        "18",
        "--final-status",
        "21",
        "--final-status",
        "24",
    ];
    let mut args = preview_args(base, db, &["--once", "--json"]);
    args.extend(finals.map(str::to_owned));
    args
}

#[test]
fn preview_once_prints_the_totals_and_a_second_run_adds_no_entries() {
    let demo = Demo::start(0);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let base = demo.base_url();
    let args = json_run(&base, &db);
    let (code, out, err) = sync_preview(&args, &format!("{DEMO_TOKEN}\n"));
    assert_eq!(code, 0, "{out}{err}");
    let first: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(first["result"], "ok");
    for field in ["orders_seen", "orders_earning", "customers", "points_total"] {
        assert!(first[field].as_u64().unwrap() > 0, "{field} in {out}");
    }
    assert_eq!(first["ledger_entries_added"], first["ledger_entries"]);
    let skipped = &first["skipped"];
    assert!(skipped["status_not_final"].is_u64() && skipped["cancelled"].is_u64());
    assert!(skipped["no_customer_key"].is_u64());
    assert!(!out.contains(DEMO_TOKEN) && !err.contains(DEMO_TOKEN));

    let (code, out, _) = sync_preview(&args, DEMO_TOKEN);
    assert_eq!(code, 0);
    let second: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        second["ledger_entries_added"], 0,
        "unchanged data adds nothing"
    );
    assert_eq!(second["ledger_entries"], first["ledger_entries"]);
    assert_eq!(second["points_total"], first["points_total"]);
    assert_eq!(second["customers"], first["customers"]);
}

#[test]
fn text_output_speaks_portuguese_and_echoes_the_start_date() {
    let demo = Demo::start(0);
    let dir = tempfile::tempdir().unwrap();
    let base = demo.base_url();
    let since = conector_sync::config::iso_date_string(conector_sync::store_today());
    let db = dir.path().join("app.sqlite3");
    let args = preview_args(
        &base,
        &db,
        &[
            "--once",
            "--since",
            &since,
            "--final-status",
            "18",
            "--final-status",
            "21",
        ],
    );
    let (code, out, err) = sync_preview(&args, DEMO_TOKEN);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Simulação concluída"), "{out}");
    let since_br = conector_cli::lang::Lang::PtBr.date(&since);
    assert!(out.contains(&format!("pedidos desde {since_br}")), "{out}");
    assert!(
        out.contains("clientes:") && out.contains("sem CPF/e-mail"),
        "{out}"
    );
    assert!(err.contains("página 1"), "page progress on stderr: {err}");
}

#[test]
fn bad_inputs_exit_2_with_a_code() {
    let demo = Demo::start(0);
    let dir = tempfile::tempdir().unwrap();
    let base = demo.base_url();
    let db_file = dir.path().join("app.sqlite3");
    let db = db_file.to_str().unwrap();
    let common = preview_args(
        &base,
        &db_file,
        &["--json", "--final-status", "18", "--final-status", "21"],
    );

    let (code, out, _) = sync_preview(&common, DEMO_TOKEN);
    assert_eq!(code, 2);
    assert!(out.contains("cli.once_required"), "{out}");

    let with = |extra: &[&str]| {
        let mut args = vec!["--once".to_owned()];
        args.extend_from_slice(&common);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    // The start date is read as the dashboard reads it, with the same refusals.
    let bad_date = with(&["--since", "ontem"]);
    let (code, out, _) = sync_preview(&bad_date, DEMO_TOKEN);
    assert_eq!(code, 2);
    assert!(out.contains("sync.bad_date"), "{out}");
    let future = with(&["--since", "01/01/2999"]);
    let (code, out, _) = sync_preview(&future, DEMO_TOKEN);
    assert_eq!(code, 2);
    assert!(out.contains("sync.future_date"), "{out}");

    let ok = with(&[]);
    let (code, out, _) = sync_preview(&ok, "token-errado-999999");
    assert_eq!(code, 2);
    assert!(out.contains("store.token_rejected"), "{out}");
    assert!(!out.contains("token-errado-999999"));

    // Without --final-status and none saved in the app, nothing runs: the minimum is named.
    let argv = [
        "--once",
        "--json",
        "--token-stdin",
        "--base-url",
        &base,
        "--db",
        db,
    ];
    let requests = demo.requests().len();
    let (code, out, _) = sync_preview(&argv, DEMO_TOKEN);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("sync.too_few_final_statuses"), "{out}");
    assert_eq!(demo.requests().len(), requests, "the store is not read");
}

#[test]
fn after_activation_the_preview_refuses_and_says_since_when() {
    let demo = Demo::start(0);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let conn = conector_core::db::open(&db).unwrap();
    conector_core::activation::set_activation(&conn, true).unwrap();
    let base = demo.base_url();
    let (code, _, err) = sync_preview(
        &[
            "--once",
            "--token-stdin",
            "--base-url",
            &base,
            "--db",
            db.to_str().unwrap(),
            "--final-status",
            "21",
        ],
        DEMO_TOKEN,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("sync.handed_over") && err.contains("ligou a integração no painel"),
        "{err}"
    );
}

#[test]
fn an_unreadable_order_is_counted_as_skipped_and_does_not_stop_the_run_or_the_next() {
    let demo = Demo::start(0);
    let handle = demo.handle();
    // The newest delivered order: its products total does not parse. Another order has an item
    // quantity typed as "1 un", which the points do not need.
    let ids = handle.order_ids();
    let broken = *ids
        .iter()
        .rev()
        .find(|id| handle.order_status(**id).as_deref() == Some("21"))
        .unwrap();
    handle
        .set_raw_field(
            broken,
            conector_demo::RecordPart::Order,
            "total_produtos",
            serde_json::json!("R$ cento e vinte"),
        )
        .unwrap();
    let odd_quantity = *ids.iter().rev().find(|id| **id != broken).unwrap();
    handle
        .set_raw_field(
            odd_quantity,
            conector_demo::RecordPart::Items,
            "quantidade",
            serde_json::json!("1 un"),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite3");
    let base = demo.base_url();
    let args = json_run(&base, &db);
    let (code, out, err) = sync_preview(&args, DEMO_TOKEN);
    assert_eq!(code, 0, "{out}{err}");
    let first: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(first["result"], "ok");
    assert_eq!(first["skipped"]["unreadable"], 1, "{out}");
    assert!(first["orders_earning"].as_u64().unwrap() > 0);
    let conn = conector_core::db::open(&db).unwrap();
    let field: String = conn
        .query_row(
            "SELECT unreadable_field FROM ledger_orders WHERE order_id = ?1",
            [broken as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(field, "total_produtos");
    let quantity_order_skip: Option<String> = conn
        .query_row(
            "SELECT skip_reason FROM ledger_orders WHERE order_id = ?1",
            [odd_quantity as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_ne!(quantity_order_skip.as_deref(), Some("unreadable"));

    let (code, out, err) = sync_preview(&args, DEMO_TOKEN);
    assert_eq!(code, 0, "{out}{err}");
    let second: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(second["ledger_entries_added"], 0, "{out}");
    assert_eq!(second["skipped"]["unreadable"], 1);
    assert_eq!(second["points_total"], first["points_total"]);
}
