//! `conector status`: what the dashboard shows at the top (store, whether the simulation can
//! run, the last reading of the store, the totals), from the same application-layer call, as
//! text or `--json`.
//!
//! Exit codes: 0 shown; 2 no data folder; 1 the data could not be read.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use conector_app::context::Keychain;
use conector_app::sync::Readiness;
use conector_app::AppError;
use conector_core::{CodedError, MessageCode, Params};

use crate::lang::Lang;
use crate::output::{self, count, label, EXIT_INTERNAL, EXIT_OK};

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Banco de dados (padrão: o do aplicativo).
    #[arg(long, value_name = "ARQUIVO")]
    pub db: Option<PathBuf>,
    /// Saída em JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &StatusArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let ctx = match crate::data::open(args.db.as_ref(), &Keychain::new()) {
        Ok(ctx) => ctx,
        Err(payload) => {
            let exit = output::exit_for_open_failure(&payload);
            return output::error(args.json, lang, &payload, exit, out, err);
        }
    };
    let status = match conector_app::status::status(&ctx, None) {
        Ok(status) => status,
        Err(e) => return output::error(args.json, lang, &e.payload(), EXIT_INTERNAL, out, err),
    };
    if args.json {
        return output::json(out, &status);
    }
    let o = &status.overview;
    let n = |v: u64| lang.number(count(v));
    let readiness = match &o.readiness {
        Readiness::Ready => label(lang, MessageCode::CliStatusReady),
        // What the window says when a reading cannot start.
        missing => lang.message(&AppError::from(missing.clone()).payload()),
    };
    let store = o.store_id.clone().unwrap_or_else(|| "—".to_owned());
    let store = if o.demo {
        let demo = Params::new().text("store", store);
        lang.text(MessageCode::CliStatusDemoStore, &demo)
    } else {
        store
    };
    let last_run = match o.status.as_ref().and_then(|s| s.last_run.as_ref()) {
        Some(run) => {
            let value = Params::new()
                .date_time("when", run.started_at.clone())
                .text("result", label(lang, run_result(&run.result)));
            lang.text(MessageCode::CliStatusLastReadValue, &value)
        }
        None => label(lang, MessageCode::CliStatusNever),
    };
    let t = &o.totals;
    let emails = format!("{} / {}", n(o.emails.welcome), n(o.emails.points_earned));
    let rows = [
        (crate::program_name(), status.version.clone()),
        (
            label(lang, MessageCode::CliStatusData),
            status.data_dir.clone(),
        ),
        (label(lang, MessageCode::CliStatusStore), store),
        (label(lang, MessageCode::CliStatusSimulation), readiness),
        (label(lang, MessageCode::CliStatusLastRead), last_run),
        (label(lang, MessageCode::CliCustomers), n(t.customers)),
        (
            label(lang, MessageCode::CliOrdersEarning),
            n(t.orders_earning),
        ),
        (
            label(lang, MessageCode::CliPoints),
            lang.number(t.points_total),
        ),
        (label(lang, MessageCode::CliStatusEmails), emails),
    ];
    output::rows(out, "", &rows);
    EXIT_OK
}

/// How a run ended, as `sync_runs.result` records it.
fn run_result(result: &str) -> MessageCode {
    match result {
        "running" => MessageCode::SyncResultRunning,
        "ok" => MessageCode::SyncResultOk,
        "cancelled" => MessageCode::SyncResultCancelled,
        "handed_over" => MessageCode::SyncResultHandedOver,
        "interrupted" => MessageCode::SyncResultInterrupted,
        _ => MessageCode::SyncResultFailed,
    }
}
