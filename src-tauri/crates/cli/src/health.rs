//! `conector health`: the health watch's checks once (issue #16), for owners and agencies who
//! script them. The same checks as the app's "Saúde da integração" page: the token is still
//! accepted, the final statuses still exist, the feed still downloads and parses, the chosen
//! rewards are still in it, the site and sign-up links still open.
//!
//! What is checked comes from the app's saved settings (store, token in the keychain, final
//! statuses, feed address, rewards, links); `--base-url`, `--store-id`, `--token-stdin`,
//! `--feed`, `--reward`, `--final-status`, `--site-url` and `--signup-url` override them, so it
//! also runs with no app data at all. The last feed download the app saw is used for a
//! conditional request and the item-count comparison. Nothing is written: no history, no
//! ledger.
//!
//! Exit codes: 0 every check ok (or skipped: nothing to check); 1 a warning; 2 a problem, or the
//! checks could not run (bad `--db`).

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::Args;
use conector_app::context::Keychain;
use conector_app::health::{HealthCheck, HealthOverrides, Note, State};
use conector_core::{CodedError, Locale, MessageCode, Params};
use serde_json::{json, Value};

use crate::lang::Lang;
use crate::output::{self, label, EXIT_OK, EXIT_REJECTED};

/// Exit code of a run with a warning (and no problem).
pub const EXIT_WARNING: u8 = 1;
/// Exit code of a run with a problem.
pub const EXIT_PROBLEM: u8 = 2;

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// Idioma das mensagens (o global `--lang`).
    #[arg(skip)]
    pub lang: Lang,
    #[command(flatten)]
    pub store: crate::store_flags::StoreFlags,
    /// Endereço do XML Google Shopping; sem ele, o do passo 6.
    #[arg(long, value_name = "URL")]
    pub feed: Option<String>,
    /// SKU de prêmio a procurar no XML de produtos; repita para vários. Sem ele, os escolhidos.
    #[arg(long = "reward", value_name = "SKU")]
    pub reward: Vec<String>,
    /// Status final (id da loja); repita para vários. Sem ele, os do passo 9.
    #[arg(long = "final-status", value_name = "ID")]
    pub final_status: Vec<String>,
    /// Endereço do site da loja; sem ele, o do passo 9.
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// Endereço da página de cadastro de clientes; sem ele, o do passo 9.
    #[arg(long, value_name = "URL")]
    pub signup_url: Option<String>,
    /// Endereço da loja de demonstração em execução (o que `conector demo serve` mostra): o
    /// único endereço http deste computador que o XML e os links podem ter. Sem ele, o da
    /// loja verificada, se ela está neste computador.
    #[arg(long, value_name = "URL")]
    pub demo_store: Option<String>,
    /// Banco de dados (padrão: o do aplicativo, se existir).
    #[arg(long, value_name = "ARQUIVO")]
    pub db: Option<PathBuf>,
    /// Saída em JSON: {"checks":[{check,state,message,...}]}.
    #[arg(long)]
    pub json: bool,
}

/// Entry point from [`crate::run`]: real stdin, the app's keychain.
pub fn run(mut args: HealthArgs, lang: Lang, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    args.lang = lang;
    crate::store_flags::from_terminal(health, &args, out, err)
}

/// `health` with its input and keychain given (tests pass their own).
pub fn health(
    args: &HealthArgs,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let fail = |payload: &_, out: &mut dyn Write, err: &mut dyn Write| {
        output::error(args.json, args.lang, payload, EXIT_REJECTED, out, err)
    };
    let ctx = match crate::data::open_existing(args.db.as_ref(), keychain) {
        Ok(ctx) => ctx,
        Err(payload) => return fail(&payload, out, err),
    };
    let overrides = HealthOverrides {
        store: args.store.to_override(input),
        feed_url: args.feed.clone(),
        rewards: args.reward.clone(),
        final_statuses: args.final_status.clone(),
        site_url: args.site_url.clone(),
        signup_url: args.signup_url.clone(),
        demo_store: args.demo_store.clone(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!(error = %e, "the async runtime could not start");
            let payload = conector_core::ErrorPayload::new(MessageCode::Internal);
            return fail(&payload, out, err);
        }
    };
    let checked = match runtime.block_on(conector_app::check_once(&ctx, &overrides)) {
        Ok(checked) => checked,
        Err(e) => return fail(&e.payload(), out, err),
    };
    print(&checked, args.json, args.lang, out);
    match checked.report.worst() {
        State::Problem => EXIT_PROBLEM,
        State::Warning => EXIT_WARNING,
        State::Ok | State::Skipped => EXIT_OK,
    }
}

fn print(checked: &HealthCheck, as_json: bool, lang: Locale, out: &mut dyn Write) {
    let report = &checked.report;
    if as_json {
        let checks: Vec<Value> = report
            .results
            .iter()
            .map(|r| {
                json!({
                    "check": r.check,
                    "name": label(lang, r.name),
                    "state": r.state,
                    "message": found(r.found_notes(), lang),
                    "code": r.found.code,
                    "params": r.found.params,
                    "also": r.also.iter().map(|n| note_json(n, lang)).collect::<Vec<_>>(),
                    "todo": r.todo.as_ref().map(|n| note_json(n, lang)),
                })
            })
            .collect();
        output::json(
            out,
            &json!({
                "checked_at": report.checked_at,
                "state": report.worst(),
                "checks": checks,
                "first_hours": checked.first_hours,
            }),
        );
        return;
    }
    let title = Params::new().date_time("checked_at", report.checked_at.clone());
    let _ = writeln!(out, "{}", lang.text(MessageCode::CliHealthTitle, &title));
    let states: Vec<String> = report
        .results
        .iter()
        .map(|r| label(lang, r.state.name()))
        .collect();
    let names: Vec<String> = report.results.iter().map(|r| label(lang, r.name)).collect();
    let state_width = states.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let name_width = names.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    for ((result, state), name) in report.results.iter().zip(&states).zip(&names) {
        let message = found(result.found_notes(), lang);
        let _ = writeln!(
            out,
            "  {state:<state_width$}  {name:<name_width$}  {message}"
        );
        if let Some(todo) = &result.todo {
            let what = label(lang, MessageCode::HealthTodo);
            let todo = text(todo, lang);
            let _ = writeln!(
                out,
                "  {:<state_width$}  {:<name_width$}  {what} {todo}",
                "", ""
            );
        }
    }
}

fn note_json(note: &Note, lang: Locale) -> Value {
    json!({ "code": note.code, "params": note.params, "message": text(note, lang) })
}

/// What a check found, all of it: the first finding and the others after it.
fn found<'a>(notes: impl Iterator<Item = &'a Note>, lang: Locale) -> String {
    notes.map(|n| text(n, lang)).collect::<Vec<_>>().join(" ")
}

fn text(note: &Note, lang: Locale) -> String {
    lang.text(note.code, &note.params)
}
