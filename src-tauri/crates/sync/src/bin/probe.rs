//! `conector-sync-probe`: one preview sync from a store address into a database file, nothing
//! else. The crash test kills it at random moments; support staff can use it to reproduce a
//! run without the desktop app.
//!
//! ```text
//! conector-sync-probe --base-url URL --db PATH --final-status ID [--final-status ID]...
//!                     --since YYYY-MM-DD --return-window-days N
//!                     [--min-interval-ms N] [--window-pages N]
//!                     [--status-pages N] [--max-rechecks N]        (token on stdin)
//! ```
//! Prints one JSON line per event; exits 0 on success, 1 on a failed run, 2 on bad arguments.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use conector_core::{CodedError, Secret};
use conector_ledger::FinalStatuses;
use conector_simplo7::store_key;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use conector_sync::{parse_date, run_once, SyncConfig, SyncEvent};

struct Args {
    base_url: String,
    db: PathBuf,
    finals: Vec<String>,
    since: String,
    return_window_days: u32,
    min_interval_ms: u64,
    /// Budgets of a run (`SyncConfig`), defaults when absent.
    window_pages: Option<u32>,
    status_pages: Option<u32>,
    max_rechecks: Option<u32>,
}

/// A command line the probe cannot run with (it is driven by the crash test, not by people).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for UsageError {
    fn from(text: &str) -> Self {
        UsageError(text.to_owned())
    }
}

fn parse_args() -> Result<Args, UsageError> {
    let mut args = std::env::args().skip(1);
    let mut base_url = None;
    let mut db = None;
    let mut finals = Vec::new();
    let mut since = None;
    let mut return_window_days = None;
    let mut min_interval_ms = 500;
    let (mut window_pages, mut status_pages, mut max_rechecks) = (None, None, None);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| UsageError(format!("{flag} precisa de um valor")))
        };
        match flag.as_str() {
            "--base-url" => base_url = Some(value()?),
            "--db" => db = Some(PathBuf::from(value()?)),
            "--final-status" => finals.push(value()?),
            "--since" => since = Some(value()?),
            "--return-window-days" => return_window_days = Some(number(&value()?)?),
            "--min-interval-ms" => {
                min_interval_ms = value()?
                    .parse()
                    .map_err(|_| UsageError::from("--min-interval-ms: número"))?;
            }
            "--window-pages" => window_pages = Some(number(&value()?)?),
            "--status-pages" => status_pages = Some(number(&value()?)?),
            "--max-rechecks" => max_rechecks = Some(number(&value()?)?),
            other => return Err(UsageError(format!("argumento desconhecido: {other}"))),
        }
    }
    Ok(Args {
        base_url: base_url.ok_or("falta --base-url")?,
        db: db.ok_or("falta --db")?,
        finals,
        since: since.ok_or("falta --since")?,
        return_window_days: return_window_days.ok_or("falta --return-window-days")?,
        min_interval_ms,
        window_pages,
        status_pages,
        max_rechecks,
    })
}

fn number(text: &str) -> Result<u32, UsageError> {
    text.parse()
        .map_err(|_| UsageError(format!("não é um número: {text}")))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("erro: {e}");
            return ExitCode::from(2);
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
        let Ok(since) = parse_date(&args.since) else {
            eprintln!("erro: --since deve ser AAAA-MM-DD");
            return ExitCode::from(2);
        };
        let mut sync = SyncConfig::new(
            store_key(None, address.api_base()),
            FinalStatuses::new(args.finals),
            since,
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
