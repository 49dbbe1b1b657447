//! `conector-sync-probe`: one preview sync from a store address into a database file, nothing
//! else. The crash test kills it at random moments; support staff can use it to reproduce a
//! run without the desktop app. Built only with the crate's `probe` feature (the tests turn it
//! on): it is not part of the product.
//!
//! ```text
//! conector-sync-probe --base-url URL --db PATH --final-status ID [--final-status ID]...
//!                     --since YYYY-MM-DD --return-window-days N
//!                     [--min-interval-ms N] [--window-pages N] [--status-pages N]
//!                     [--max-rechecks N]                              (token on stdin)
//! ```
//! Prints one JSON line per event; exits 0 on success, 1 on a failed run, 2 on bad arguments.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Parser;
use conector_core::{CodedError, Secret};
use conector_ledger::FinalStatuses;
use conector_simplo7::{store_key, ClientConfig, StoreAddress, StoreClient};
use conector_sync::{parse_date, run_once, SyncConfig, SyncEvent};

/// Uma sincronização de prévia, de um endereço de loja para um arquivo de banco de dados
/// (token na entrada padrão).
#[derive(Debug, Parser)]
#[command(name = "conector-sync-probe")]
struct Args {
    /// Endereço da API da loja (termina em /ws/).
    #[arg(long)]
    base_url: String,
    /// Arquivo do banco de dados (criado se não existir).
    #[arg(long)]
    db: PathBuf,
    /// Status final que dá pontos (repita para mais de um).
    #[arg(long = "final-status", required = true)]
    finals: Vec<String>,
    /// Primeiro dia lido, AAAA-MM-DD.
    #[arg(long, value_parser = parse_day)]
    since: time::Date,
    /// Dias depois do pedido em que ele ainda é conferido.
    #[arg(long)]
    return_window_days: u32,
    /// Intervalo mínimo entre duas chamadas à loja, em milissegundos.
    #[arg(long, default_value_t = 500)]
    min_interval_ms: u64,
    /// Páginas da janela de devoluções por execução.
    #[arg(long)]
    window_pages: Option<u32>,
    /// Páginas das listagens de cancelamento/devolução por execução.
    #[arg(long)]
    status_pages: Option<u32>,
    /// Pedidos relidos um a um por execução.
    #[arg(long)]
    max_rechecks: Option<u32>,
}

/// clap shows the refusal as the flag's error; a fixed sentence needs no allocation.
fn parse_day(text: &str) -> Result<time::Date, &'static str> {
    parse_date(text).map_err(|_| "deve ser AAAA-MM-DD")
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut token = String::new();
    if std::io::stdin().read_to_string(&mut token).is_err() {
        eprintln!("erro: não foi possível ler o token da entrada padrão");
        return ExitCode::from(2);
    }
    let token = Secret::new(token.trim());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erro: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let address = match StoreAddress::from_override(&args.base_url) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("erro: {e}");
                return ExitCode::from(2);
            }
        };
        let config = ClientConfig {
            min_interval: Duration::from_millis(args.min_interval_ms),
            ..ClientConfig::default()
        };
        let client = match StoreClient::new(address.clone(), &token, config) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("erro: {e}");
                return ExitCode::from(2);
            }
        };
        let mut sync = SyncConfig::new(
            store_key(None, address.api_base()),
            FinalStatuses::new(args.finals),
            args.since,
            args.return_window_days,
        );
        if let Some(pages) = args.window_pages {
            sync.window_pages_per_run = pages;
        }
        if let Some(pages) = args.status_pages {
            sync.status_pages_per_run = pages;
        }
        if let Some(count) = args.max_rechecks {
            sync.max_rechecks = count;
        }
        let print = |event: SyncEvent| {
            if let Ok(line) = serde_json::to_string(&event) {
                println!("{line}");
            }
        };
        let cancel = AtomicBool::new(false);
        match run_once(&args.db, &client, &sync, &print, &cancel).await {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("erro: {} [{}]", e, e.code());
                ExitCode::from(1)
            }
        }
    })
}
