//! `conector sync preview --once`: one simulation run over the store's orders into the app
//! database (SPEC §4, §5), then its totals. Reads the store, writes only the local
//! database; nothing is sent to customers or to +fidelidade.
//!
//! By default it uses the app's own data folder and what the owner saved in the app (store,
//! final statuses, start date), through the same application layer as the window, so a run
//! here and the dashboard agree:
//! [`conector_app::preview_once`] applies the flags and judges them by the window's rules. Flags override any of them, so it also runs with no app data.
//!
//! The token comes from the OS keychain (saved by the app) or, with `--token-stdin`, from the
//! first line of standard input; never from an argument.
//!
//! Exit codes: 0 the run finished (or was already up to date); 2 bad input, token refused,
//! integration already live (hand-over), another sync running; 3 network or store failure;
//! 1 database or internal failure.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use clap::{Args, Subcommand};
use conector_app::context::Keychain;
use conector_app::sync::{PreviewOnce, PreviewOverrides, SyncProgress};
use conector_core::{CodedError, ErrorPayload, Locale, MessageCode, Params};

use crate::lang::Lang;
use crate::output::{self, count, label, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED};

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Simula o programa com os pedidos da loja e mostra quem teria sido cadastrado e quantos
    /// pontos cada cliente teria ganho (nada é enviado).
    ///
    /// Sem --base-url nem --store-id, lê a loja salva no aplicativo.
    Preview(PreviewArgs),
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Idioma das mensagens (o global `--lang`).
    #[arg(skip)]
    pub lang: Lang,
    /// Uma única leitura da loja (o modo contínuo roda dentro do aplicativo).
    #[arg(long)]
    pub once: bool,
    /// Pedidos a partir deste dia (dd/mm/aaaa ou AAAA-MM-DD); padrão: o salvo no aplicativo, ou
    /// 90 dias atrás.
    #[arg(long, value_name = "DATA")]
    pub since: Option<String>,
    /// Status final que dá pontos (id da loja); repita para vários (pelo menos dois). Padrão: os
    /// salvos no aplicativo.
    #[arg(long = "final-status", value_name = "ID")]
    pub final_status: Vec<String>,
    /// Pontos por R$ 1 gasto (padrão 1).
    #[arg(long, value_name = "N")]
    pub points_per_real: Option<i64>,
    #[command(flatten)]
    pub store: crate::store_flags::StoreFlags,
    /// Banco de dados (padrão: o do aplicativo).
    #[arg(long, value_name = "ARQUIVO")]
    pub db: Option<PathBuf>,
    /// Intervalo mínimo entre chamadas à loja, em milissegundos (padrão 500 ≈ 2 por segundo;
    /// 20 na loja de demonstração).
    #[arg(long, value_name = "MS")]
    pub min_interval_ms: Option<u64>,
    /// Saída em JSON.
    #[arg(long)]
    pub json: bool,
}

/// Entry point from [`crate::run`]: real stdin, the app's keychain.
pub fn run(command: SyncCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let SyncCommand::Preview(mut args) = command;
    args.lang = lang;
    crate::store_flags::from_terminal(preview, &args, out, err)
}

/// `sync preview` with its input and keychain given (tests pass their own).
pub fn preview(
    args: &PreviewArgs,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (json, lang) = (args.json, args.lang);
    let fail = output::failure(json, lang);
    if !args.once {
        let payload = ErrorPayload::new(MessageCode::CliOnceRequired);
        return fail(payload, EXIT_REJECTED, out, err);
    }
    let ctx = match crate::data::open(args.db.as_ref(), keychain) {
        Ok(ctx) => ctx,
        Err(payload) => {
            let exit = output::exit_for_open_failure(&payload);
            return fail(payload, exit, out, err);
        }
    };
    let overrides = PreviewOverrides {
        store: args.store.to_override(input),
        since: args.since.clone(),
        final_statuses: args.final_status.clone(),
        points_per_real: args.points_per_real,
        min_interval: args.min_interval_ms.map(Duration::from_millis),
    };
    let runtime = match output::runtime() {
        Ok(runtime) => runtime,
        Err(payload) => return fail(payload, EXIT_INTERNAL, out, err),
    };
    // Page progress goes to stderr in text mode (stdout keeps the result only).
    let pages = Mutex::new(Vec::<String>::new());
    let progress = |event: &SyncProgress| {
        if let Some(line) = page_line(event, lang) {
            pages.lock().unwrap_or_else(|p| p.into_inner()).push(line);
        }
    };
    let outcome = runtime.block_on(conector_app::preview_once(&ctx, &overrides, &progress));
    if !json {
        for line in pages.into_inner().unwrap_or_default() {
            let _ = writeln!(err, "{line}");
        }
    }
    match outcome {
        Ok(run) => report(&run, json, lang, out),
        Err(e) => fail(e.payload(), output::exit_for(&e), out, err),
    }
}

/// "página 3 de 12: 300 pedidos lidos, 41 clientes".
fn page_line(event: &SyncProgress, lang: Locale) -> Option<String> {
    let SyncProgress::Progress {
        pages,
        page_count,
        orders,
        customers,
        ..
    } = event
    else {
        return None;
    };
    let params = Params::new()
        .number("page", *pages)
        .number("orders", *orders)
        .number("customers", count(*customers));
    Some(match page_count {
        Some(total) => {
            let params = params.number("total", *total);
            lang.text(MessageCode::CliSyncPageOf, &params)
        }
        None => lang.text(MessageCode::CliSyncPage, &params),
    })
}

fn report(run: &PreviewOnce, json: bool, lang: Lang, out: &mut dyn Write) -> u8 {
    let summary = &run.summary;
    let t = &summary.totals;
    let c = &summary.counts;
    if json {
        return output::json(
            out,
            &serde_json::json!({
                "result": summary.result.as_str(),
                "store": run.store,
                "since": run.since,
                "run_id": summary.run_id,
                "pages": c.pages,
                "orders_read": c.orders_read,
                "orders_rechecked": c.orders_rechecked,
                "orders_seen": t.orders_seen,
                "orders_earning": t.orders_earning,
                "customers": t.customers,
                "points_total": t.points_total,
                "ledger_entries": t.ledger_entries,
                "ledger_entries_added": c.entries_added,
                "points_added": c.points_delta,
                "skipped": t.skipped,
                "errors": c.errors,
                "requests": c.requests,
                "orders_unreadable": c.unreadable,
                "orders_deleted": c.deleted,
            }),
        );
    }
    let n = |v: u64| lang.number(count(v));
    let headline = match summary.result {
        conector_app::sync::RunResult::Cancelled => MessageCode::CliSyncCancelled,
        _ => MessageCode::CliSyncDone,
    };
    let headline_params = Params::new()
        .text("store", run.store.as_str())
        .date("since", run.since.as_str());
    let _ = writeln!(out, "{}", lang.text(headline, &headline_params));
    let read = Params::new()
        .number("orders", c.orders_read)
        .number("pages", c.pages)
        .number("rechecked", c.orders_rechecked);
    let moves = Params::new()
        .number("added", c.entries_added)
        .number("total", count(t.ledger_entries));
    let k = &t.skipped;
    let skipped = Params::new()
        .number("not_final", count(k.status_not_final))
        .number("cancelled", count(k.cancelled))
        .number("no_key", count(k.no_customer_key))
        .number("unreadable", count(k.unreadable));
    let value = |code, params: &Params| lang.text(code, params);
    let rows = [
        (
            MessageCode::CliSyncOrdersRead,
            value(MessageCode::CliSyncOrdersReadValue, &read),
        ),
        (MessageCode::CliSyncOrdersSeen, n(t.orders_seen)),
        (MessageCode::CliOrdersEarning, n(t.orders_earning)),
        (MessageCode::CliCustomers, n(t.customers)),
        (MessageCode::CliPoints, lang.number(t.points_total)),
        (
            MessageCode::CliSyncPointsMoves,
            value(MessageCode::CliSyncPointsMovesValue, &moves),
        ),
        (
            MessageCode::CliSyncSkipped,
            value(MessageCode::CliSyncSkippedValue, &skipped),
        ),
    ]
    .map(|(code, value)| (label(lang, code), value));
    output::rows(out, "  ", &rows);
    let _ = writeln!(out, "{}", label(lang, MessageCode::CliSyncNothingSent));
    EXIT_OK
}
