//! `conector sync preview --once`: one preview sync of the store's orders into the app
//! database (SPEC §4, §5), then the preview totals. Reads the store, writes only the local
//! database; nothing is sent to customers or to +fidelidade.
//!
//! By default it uses the app's own data folder and what the owner saved in the app (store,
//! final statuses, start date), through the same application layer as the window, so a run
//! here and the dashboard agree. Flags override any of them, so it also runs with no app data.
//!
//! The token comes from the OS keychain (saved by the app) or, with `--token-stdin`, from the
//! first line of standard input; never from an argument.
//!
//! Exit codes: 0 the run finished (or was already up to date); 2 bad input, token refused,
//! integration already live (hand-over), another sync running; 3 network or store failure;
//! 1 database or internal failure.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::{Args, Subcommand};
use conector_app::sync::{plan, Readiness, RunPlan};
use conector_app::{AppError, Context, Paths};
use conector_core::{CodedError, ErrorPayload, MessageCode, Params};
use conector_ledger::{EarnRate, FinalStatuses};
use conector_secrets::Keychain;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient, StoreError};
use conector_sync::{
    parse_date, run_once, RunResult, RunSummary, SyncConfig, SyncError, SyncEvent,
};

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_REMOTE};

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Sincroniza os pedidos em modo prévia e mostra quem seria cadastrado e quantos pontos.
    ///
    /// Sem --base-url nem --store-id, lê a loja salva no aplicativo.
    Preview(PreviewArgs),
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Idioma das mensagens (o global `--lang`).
    #[arg(skip)]
    pub lang: Lang,
    /// Uma única sincronização (o modo contínuo roda dentro do aplicativo).
    #[arg(long)]
    pub once: bool,
    /// Pedidos a partir deste dia (AAAA-MM-DD); padrão: o salvo no aplicativo, ou 90 dias atrás.
    #[arg(long, value_name = "AAAA-MM-DD")]
    pub since: Option<String>,
    /// Status final que dá pontos (id da loja); repita para vários. Padrão: os salvos no
    /// aplicativo.
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

pub fn run(command: SyncCommand, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        SyncCommand::Preview(mut args) => {
            args.lang = lang;
            let stdin = std::io::stdin();
            preview(&args, &mut stdin.lock(), &Keychain::new(), out, err)
        }
    }
}

/// The app's data folder, or the one of `--db FILE`.
pub fn open_context(db: Option<&PathBuf>, keychain: &Keychain) -> Result<Context, ErrorPayload> {
    let (paths, file) = match db {
        Some(file) => (Paths::for_database(file), file.clone()),
        None => {
            let paths =
                Paths::default_for_user().ok_or(ErrorPayload::new(MessageCode::CliNoDataDir))?;
            let file = paths.database();
            (paths, file)
        }
    };
    let clock = Arc::new(time::OffsetDateTime::now_utc);
    Context::open_file(paths, &file, keychain.clone(), clock).map_err(|e| e.payload())
}

/// What a run needs, from the flags and, for what they leave out, the app's saved settings.
struct Resolved {
    config: SyncConfig,
    client: StoreClient,
}

fn resolve(
    args: &PreviewArgs,
    ctx: &Context,
    input: &mut dyn BufRead,
    keychain: &Keychain,
) -> Result<Resolved, (ErrorPayload, u8)> {
    let rejected = |e: ErrorPayload| (e, EXIT_REJECTED);
    let saved: Result<RunPlan, Readiness> = ctx
        .with_db(plan)
        .map_err(|e| (e.payload(), EXIT_INTERNAL))?;
    if let Err(Readiness::HandedOver { since }) = &saved {
        return Err(rejected(AppError::HandedOver(since.clone()).payload()));
    }
    let saved = saved.ok();
    let by_flags = args.store.name_a_store();
    let mut config = match (&saved, by_flags) {
        (Some(plan), false) => plan.config.clone(),
        _ => {
            let address = flag_address(args).map_err(|e| rejected(e.payload()))?;
            let store =
                conector_simplo7::store_key(args.store.store_id.as_deref(), address.api_base());
            let finals = saved
                .as_ref()
                .map(|p| p.config.finals.clone())
                .unwrap_or_else(|| FinalStatuses::new(Vec::<String>::new()));
            SyncConfig::new(
                store,
                finals,
                conector_app::rules::default_since(conector_sync::store_today()),
                conector_app::rules::DEFAULT_RETURN_WINDOW_DAYS,
            )
        }
    };
    if !args.final_status.is_empty() {
        config.finals = FinalStatuses::new(args.final_status.iter().map(|s| s.trim().to_owned()));
    }
    if config.finals.0.is_empty() {
        return Err(rejected(
            AppError::TooFewFinalStatuses(conector_app::rules::MIN_FINAL_STATUSES).payload(),
        ));
    }
    if let Some(since) = &args.since {
        config.since =
            parse_date(since).map_err(|_| rejected(ErrorPayload::new(MessageCode::CliBadDate)))?;
    }
    if let Some(rate) = args.points_per_real {
        config.rate = EarnRate::points_per_real(rate).map_err(|e| rejected(e.payload()))?;
    }
    let paced = args.min_interval_ms.map(|ms| ClientConfig {
        min_interval: std::time::Duration::from_millis(ms),
        ..ClientConfig::default()
    });
    let client = match (&saved, by_flags, args.store.token_stdin) {
        // The app's own store and token (the demo store's public one, or the keychain's).
        (Some(plan), false, false) => match paced {
            Some(config) => plan.client_with(keychain, config),
            None => plan.client(keychain),
        }
        .map_err(|e| rejected(e.payload()))?,
        _ => {
            let address = match (&saved, by_flags) {
                (Some(plan), false) => plan.profile.address().map_err(|e| rejected(e.payload()))?,
                _ => flag_address(args).map_err(|e| rejected(e.payload()))?,
            };
            let store_id = args
                .store
                .store_id
                .clone()
                .or_else(|| saved.as_ref().map(|p| p.profile.store_id.clone()));
            let token = args
                .store
                .token(input, keychain, store_id.as_deref(), &address)
                .map_err(rejected)?;
            StoreClient::new(address, &token, paced.unwrap_or_default())
                .map_err(|e| rejected(e.payload()))?
        }
    };
    Ok(Resolved { config, client })
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
    let fail = |payload: ErrorPayload, exit: u8, out: &mut dyn Write, err: &mut dyn Write| {
        output::error(json, lang, &payload, exit, out, err)
    };
    if !args.once {
        return fail(
            ErrorPayload::new(MessageCode::CliOnceRequired),
            EXIT_REJECTED,
            out,
            err,
        );
    }
    let ctx = match open_context(args.db.as_ref(), keychain) {
        Ok(ctx) => ctx,
        Err(payload) => {
            let exit = output::exit_for_open_failure(&payload);
            return fail(payload, exit, out, err);
        }
    };
    let Resolved { config, client } = match resolve(args, &ctx, input, keychain) {
        Ok(resolved) => resolved,
        Err((payload, exit)) => return fail(payload, exit, out, err),
    };
    let runtime = match output::runtime() {
        Ok(runtime) => runtime,
        Err(payload) => return fail(payload, EXIT_INTERNAL, out, err),
    };
    // Page progress goes to stderr in text mode (stdout keeps the result only).
    let progress_lines = std::sync::Mutex::new(Vec::<String>::new());
    let sink = |event: SyncEvent| {
        if let SyncEvent::Progress { counts, .. } = event {
            let total = counts.page_count.map_or(String::new(), |c| format!("/{c}"));
            let line = match lang {
                Lang::PtBr => format!(
                    "página {}{total}: {} pedidos lidos, {} lançamentos",
                    counts.pages, counts.orders_read, counts.entries_added
                ),
                Lang::En => format!(
                    "page {}{total}: {} orders read, {} entries",
                    counts.pages, counts.orders_read, counts.entries_added
                ),
            };
            progress_lines
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(line);
        }
    };
    let cancel = AtomicBool::new(false);
    let outcome = runtime.block_on(run_once(
        ctx.database_path(),
        &client,
        &config,
        &sink,
        &cancel,
    ));
    if !json {
        for line in progress_lines.into_inner().unwrap_or_default() {
            let _ = writeln!(err, "{line}");
        }
    }
    match outcome {
        Ok(summary) => report(&config, &summary, json, lang, out, err),
        Err(e) => {
            let exit = match &e {
                SyncError::Store(s) if s.is_input_problem() => EXIT_REJECTED,
                SyncError::Store(_) => EXIT_REMOTE,
                SyncError::AlreadyRunning | SyncError::NoFinalStatuses => EXIT_REJECTED,
                _ => EXIT_INTERNAL,
            };
            fail(e.payload(), exit, out, err)
        }
    }
}

fn report(
    config: &SyncConfig,
    summary: &RunSummary,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if let RunResult::HandedOver { since } = &summary.result {
        let payload = ErrorPayload::with(
            MessageCode::SyncHandedOver,
            Params::new().date_time("since", since.clone()),
        );
        return output::error(json, lang, &payload, EXIT_REJECTED, out, err);
    }
    let t = &summary.totals;
    let c = &summary.counts;
    let since = conector_sync::config::iso_date_string(config.since);
    if json {
        return output::json(
            out,
            &serde_json::json!({
                "result": summary.result.as_str(),
                "store": config.store,
                "since": since,
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
    let n = |v: u64| lang.number(i64::try_from(v).unwrap_or(i64::MAX));
    let headline = match (&summary.result, lang) {
        (RunResult::Cancelled, Lang::PtBr) => {
            "Sincronização interrompida (o que foi lido está salvo)"
        }
        (RunResult::Cancelled, Lang::En) => "Sync interrupted (what was read is saved)",
        (_, Lang::PtBr) => "Sincronização de prévia concluída",
        (_, Lang::En) => "Preview sync finished",
    };
    let mut lines = vec![match lang {
        Lang::PtBr => format!(
            "{headline} — loja {}, pedidos desde {}",
            config.store,
            lang.date(&since)
        ),
        Lang::En => format!(
            "{headline} — store {}, orders since {}",
            config.store,
            lang.date(&since)
        ),
    }];
    let read = match lang {
        Lang::PtBr => format!(
            "{} ({} páginas, {} relidos)",
            n(c.orders_read.into()),
            n(c.pages.into()),
            n(c.orders_rechecked.into())
        ),
        Lang::En => format!(
            "{} ({} pages, {} re-read)",
            n(c.orders_read.into()),
            n(c.pages.into()),
            n(c.orders_rechecked.into())
        ),
    };
    let k = &t.skipped;
    let skipped = match lang {
        Lang::PtBr => format!(
            "{} status não final, {} cancelados/devolvidos, {} sem CPF/e-mail, {} ilegíveis",
            n(k.status_not_final),
            n(k.cancelled),
            n(k.no_customer_key),
            n(k.unreadable)
        ),
        Lang::En => format!(
            "{} status not final, {} cancelled/returned, {} without CPF/e-mail, {} unreadable",
            n(k.status_not_final),
            n(k.cancelled),
            n(k.no_customer_key),
            n(k.unreadable)
        ),
    };
    let rows: [(&str, &str, String); 7] = [
        (
            "pedidos lidos nesta execução",
            "orders read by this run",
            read,
        ),
        ("pedidos vistos", "orders seen", n(t.orders_seen)),
        (
            "pedidos que dão pontos",
            "orders earning points",
            n(t.orders_earning),
        ),
        ("clientes", "customers", n(t.customers)),
        ("pontos", "points", lang.number(t.points_total)),
        (
            "lançamentos adicionados",
            "ledger entries added",
            format!(
                "{} (total {})",
                n(c.entries_added.into()),
                n(t.ledger_entries)
            ),
        ),
        ("ignorados", "skipped", skipped),
    ];
    for (pt, en, value) in rows {
        lines.push(format!(
            "  {:<30}{value}",
            format!("{}:", lang.pick(pt, en))
        ));
    }
    lines.push(
        lang.pick(
            "Nada foi enviado aos clientes: é só uma prévia.",
            "Nothing was sent to customers: this is only a preview.",
        )
        .to_owned(),
    );
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    EXIT_OK
}

fn flag_address(args: &PreviewArgs) -> Result<StoreAddress, StoreError> {
    args.store
        .address()
        .unwrap_or(Err(StoreError::MissingStoreId))
}
