//! `conector sync preview --once`: one preview sync of the store's orders into the app
//! database (SPEC §4, §5), then the preview totals. Reads the store, writes only the local
//! database; nothing is sent to customers or to +fidelidade.
//!
//! The token comes from the OS keychain (saved by the app) or, with `--token-stdin`, from the
//! first line of standard input; never from an argument.
//!
//! Exit codes: 0 the run finished (or was already up to date); 2 bad input, token refused,
//! integration already active (hand-over), another sync running; 3 network or store failure;
//! 1 database or internal failure.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand};
use conector_core::{CodedError, ErrorCode, ErrorPayload, Params};
use conector_ledger::{EarnRate, FinalStatuses};
use conector_secrets::Keychain;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient, StoreError};
use conector_sync::{
    parse_date, run_once, store_key, RunResult, RunSummary, SyncConfig, SyncError, SyncEvent,
};

use crate::lang::Lang;
use crate::output::{self, EXIT_INTERNAL, EXIT_OK, EXIT_REJECTED, EXIT_REMOTE};

/// The app's identifier (tauri.conf.json): its data folder holds `conector.sqlite3`.
const APP_IDENTIFIER: &str = "br.com.conectorfidelidade.app";

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Sincroniza os pedidos em modo prévia e mostra quem seria cadastrado e quantos pontos.
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
    /// Pedidos a partir deste dia (AAAA-MM-DD); padrão: 90 dias atrás.
    #[arg(long, value_name = "AAAA-MM-DD")]
    pub since: Option<String>,
    /// Status final que dá pontos (id da loja); repita para vários.
    #[arg(long = "final-status", value_name = "ID", required = true)]
    pub final_status: Vec<String>,
    /// Pontos por R$ 1 gasto (padrão 1).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub points_per_real: i64,
    /// Endereço da API (ex.: https://www.minhaloja.com.br/ws/); sem ele, usa o ID da loja.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// ID da loja (só números).
    #[arg(long, value_name = "ID")]
    pub store_id: Option<String>,
    /// Lê o token da primeira linha da entrada padrão em vez do cofre do sistema.
    #[arg(long)]
    pub token_stdin: bool,
    /// Banco de dados (padrão: o do aplicativo).
    #[arg(long, value_name = "ARQUIVO")]
    pub db: Option<PathBuf>,
    /// Intervalo mínimo entre chamadas à loja, em milissegundos (padrão 500 ≈ 2 por segundo).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub min_interval_ms: u64,
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

/// Where the desktop app keeps its database (Tauri's app data dir for the identifier).
pub fn default_db_path() -> Option<PathBuf> {
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
    }?;
    Some(base.join(APP_IDENTIFIER).join("conector.sqlite3"))
}

/// `sync preview` with its input and keychain given (tests pass their own).
pub fn preview(
    args: &PreviewArgs,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let json = args.json;
    let fail = |payload: ErrorPayload, exit: u8, out: &mut dyn Write, err: &mut dyn Write| {
        output::error(json, args.lang, &payload, exit, out, err)
    };
    if !args.once {
        let payload = ErrorPayload::new(ErrorCode::CliOnceRequired);
        return fail(payload, EXIT_REJECTED, out, err);
    }
    let address = match address(args) {
        Ok(a) => a,
        Err(e) => return fail(e.payload(), EXIT_REJECTED, out, err),
    };
    let mut config = SyncConfig::new(
        args.store_id
            .clone()
            .unwrap_or_else(|| store_key(address.api_base())),
        FinalStatuses::new(args.final_status.iter().map(|s| s.trim().to_owned())),
    );
    if let Some(since) = &args.since {
        match parse_date(since) {
            Ok(d) => config.since = d,
            Err(_) => {
                let payload = ErrorPayload::new(ErrorCode::CliBadDate);
                return fail(payload, EXIT_REJECTED, out, err);
            }
        }
    }
    config.rate = match EarnRate::points_per_real(args.points_per_real) {
        Ok(rate) => rate,
        Err(e) => return fail(e.payload(), EXIT_REJECTED, out, err),
    };
    let Some(db) = args.db.clone().or_else(default_db_path) else {
        let payload = ErrorPayload::new(ErrorCode::CliNoDataDir);
        return fail(payload, EXIT_REJECTED, out, err);
    };
    let token = match crate::token::read_token(
        args.token_stdin,
        input,
        keychain,
        args.store_id.as_deref(),
        &address,
    ) {
        Ok(token) => token,
        Err(payload) => return fail(payload, EXIT_REJECTED, out, err),
    };
    let client_config = ClientConfig {
        min_interval: std::time::Duration::from_millis(args.min_interval_ms),
        ..ClientConfig::default()
    };
    let client = match StoreClient::new(address, &token, client_config) {
        Ok(c) => c,
        Err(e) => return fail(e.payload(), EXIT_REJECTED, out, err),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "the async runtime could not start");
            return fail(
                ErrorPayload::new(ErrorCode::Internal),
                EXIT_INTERNAL,
                out,
                err,
            );
        }
    };
    // Page progress goes to stderr in text mode (stdout keeps the result only).
    let progress_lines = std::sync::Mutex::new(Vec::<String>::new());
    let sink = |event: SyncEvent| {
        if let SyncEvent::Progress { counts, .. } = event {
            let total = counts.page_count.map_or(String::new(), |c| format!("/{c}"));
            if let Ok(mut lines) = progress_lines.lock() {
                lines.push(format!(
                    "página {}{total}: {} pedidos lidos, {} lançamentos",
                    counts.pages, counts.orders_read, counts.entries_added
                ));
            }
        }
    };
    let cancel = AtomicBool::new(false);
    let outcome = runtime.block_on(run_once(&db, &client, &config, &sink, &cancel));
    if !json {
        for line in progress_lines.into_inner().unwrap_or_default() {
            let _ = writeln!(err, "{line}");
        }
    }
    match outcome {
        Ok(summary) => report(&config, &summary, json, args.lang, out, err),
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
            ErrorCode::SyncHandedOver,
            Params::new().date_time("since", since.clone()),
        );
        return output::error(json, lang, &payload, EXIT_REJECTED, out, err);
    }
    let t = &summary.totals;
    let c = &summary.counts;
    if json {
        return output::json(
            out,
            &serde_json::json!({
                "result": summary.result.as_str(),
                "store": config.store,
                "since": conector_sync::config::iso_date_string(config.since),
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
            }),
        );
    }
    let headline = match summary.result {
        RunResult::Cancelled => "Sincronização interrompida (o que foi lido está salvo)",
        _ => "Sincronização de prévia concluída",
    };
    let lines = [
        format!(
            "{headline} — loja {}, pedidos desde {}",
            config.store,
            conector_sync::config::iso_date_string(config.since)
        ),
        format!(
            "  pedidos lidos nesta execução: {} ({} páginas, {} relidos)",
            c.orders_read, c.pages, c.orders_rechecked
        ),
        format!("  pedidos vistos:              {}", t.orders_seen),
        format!("  pedidos que dão pontos:      {}", t.orders_earning),
        format!("  clientes:                    {}", t.customers),
        format!("  pontos:                      {}", t.points_total),
        format!(
            "  lançamentos adicionados:     {} (total {})",
            c.entries_added, t.ledger_entries
        ),
        format!(
            "  ignorados:                   {} status não final, {} cancelados/devolvidos, {} sem CPF/e-mail",
            t.skipped.status_not_final, t.skipped.cancelled, t.skipped.no_customer_key
        ),
        "Nada foi enviado aos clientes: é só uma prévia.".to_owned(),
    ];
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    EXIT_OK
}

fn address(args: &PreviewArgs) -> Result<StoreAddress, StoreError> {
    match (&args.base_url, &args.store_id) {
        (Some(base), store_id) => {
            if let Some(id) = store_id {
                conector_simplo7::validate_store_id(id)?;
            }
            StoreAddress::from_override(base)
        }
        (None, Some(id)) => StoreAddress::for_store_id(id),
        (None, None) => Err(StoreError::MissingStoreId),
    }
}
