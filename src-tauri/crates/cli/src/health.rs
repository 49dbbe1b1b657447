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
use conector_app::health;
use conector_core::{CodedError, ErrorPayload, MessageCode};
use conector_fetch::Policy;
use conector_health::{
    run_checks, Check, CheckResult, FinalStatus, Memory, Note, Report, Rewards, RunOptions, State,
    StoreInput, StoreTarget, Target,
};
use conector_secrets::Keychain;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::lang::Lang;
use crate::output::{self, EXIT_OK, EXIT_REJECTED};

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
    let stdin = std::io::stdin();
    health(&args, &mut stdin.lock(), &Keychain::new(), out, err)
}

/// `health` with its input and keychain given (tests pass their own).
pub fn health(
    args: &HealthArgs,
    input: &mut dyn BufRead,
    keychain: &Keychain,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let fail = |payload: ErrorPayload, out: &mut dyn Write, err: &mut dyn Write| {
        output::error(args.json, args.lang, &payload, EXIT_REJECTED, out, err)
    };
    let saved = match open_saved(args) {
        Ok(saved) => saved,
        Err(payload) => return fail(payload, out, err),
    };
    let (target, memory) = match target(args, saved.as_ref(), input, keychain) {
        Ok(found) => found,
        Err(payload) => return fail(payload, out, err),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::error!(error = %e, "the async runtime could not start");
            return fail(ErrorPayload::new(MessageCode::Internal), out, err);
        }
    };
    let run = runtime.block_on(run_checks(&target, &memory, &RunOptions::default()));
    // The go-live check's orders ("first 72 hours"), read from the store now; nothing is kept.
    let first = match saved.as_ref().filter(|_| args.json) {
        Some(conn) => match runtime.block_on(first_hours(conn, &target.store)) {
            Ok(first) => first,
            Err(e) => return fail(e.payload(), out, err),
        },
        None => None,
    };
    print(&run.report, first.as_ref(), args.json, args.lang, out);
    match run.report.worst() {
        State::Problem => EXIT_PROBLEM,
        State::Warning => EXIT_WARNING,
        State::Ok | State::Skipped => EXIT_OK,
    }
}

/// The "first 72 hours" card (`None` before go-live), read without keeping anything.
async fn first_hours(
    conn: &Connection,
    store: &StoreInput,
) -> Result<Option<health::FirstHours>, conector_app::AppError> {
    let statuses = health::saved(conn)?.statuses;
    health::first_hours_read_only(conn, store, &statuses, time::OffsetDateTime::now_utc()).await
}

/// The app database, when there is one (never created here).
fn open_saved(args: &HealthArgs) -> Result<Option<Connection>, ErrorPayload> {
    let path = match &args.db {
        Some(path) => path.clone(),
        None => match conector_app::Paths::default_for_user().map(|p| p.database()) {
            Some(path) if path.exists() => path,
            _ => return Ok(None),
        },
    };
    if !path.exists() {
        return Err(ErrorPayload::new(MessageCode::CliNoDataDir));
    }
    conector_core::db::open(&path)
        .map(Some)
        .map_err(|e| e.payload())
}

/// What to check: the saved settings (read as the app reads them), each part replaced by its
/// flag when one is given.
fn target(
    args: &HealthArgs,
    saved: Option<&Connection>,
    input: &mut dyn BufRead,
    keychain: &Keychain,
) -> Result<(Target, Memory), ErrorPayload> {
    let saved = match saved {
        Some(conn) => Some(health::saved(conn).map_err(|e| e.payload())?),
        None => None,
    };
    let store_flags = args.store.name_a_store() || args.store.token_stdin;
    let (mut target, mut memory) = match saved {
        Some(saved) if !store_flags => {
            let store = health::store_input(&saved, keychain);
            health::target(saved, store)
        }
        saved => {
            let store = store_input(args, saved.as_ref(), input, keychain);
            let demo = match &store {
                // Loopback links are the demo store's pages, allowed only for it.
                StoreInput::Ready(t) => t.address.is_loopback(),
                _ => saved.as_ref().is_some_and(|s| s.demo),
            };
            match saved {
                Some(saved) => {
                    let (mut target, memory) = health::target(saved, store);
                    target.link_policy = Policy::links(demo);
                    (target, memory)
                }
                None => (empty_target(store, demo), Memory::default()),
            }
        }
    };
    if let Some(feed) = given(&args.feed) {
        if target.feed_url.as_ref() != Some(&feed) {
            // What is remembered of the saved address says nothing of another one.
            memory = Memory::default();
        }
        target.feed_url = Some(feed);
    }
    if !args.final_status.is_empty() {
        target.final_statuses = args
            .final_status
            .iter()
            .map(|id| FinalStatus {
                id: id.trim().to_owned(),
                name: None,
            })
            .collect();
    }
    if !args.reward.is_empty() {
        target.rewards = Rewards::Skus(args.reward.clone());
    }
    if let Some(site) = given(&args.site_url) {
        target.site_url = Some(site);
    }
    if let Some(signup) = given(&args.signup_url) {
        target.signup_url = Some(signup);
    }
    Ok((target, memory))
}

fn empty_target(store: StoreInput, demo: bool) -> Target {
    Target {
        store,
        final_statuses: Vec::new(),
        feed_url: None,
        rewards: Rewards::Skus(Vec::new()),
        site_url: None,
        signup_url: None,
        link_policy: Policy::links(demo),
    }
}

/// A flag's value, when it was given and is not blank.
fn given(flag: &Option<String>) -> Option<String> {
    flag.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The store from the flags (`--base-url`, `--store-id`, `--token-stdin`), the saved store
/// filling what they leave out.
fn store_input(
    args: &HealthArgs,
    saved: Option<&health::Saved>,
    input: &mut dyn BufRead,
    keychain: &Keychain,
) -> StoreInput {
    let address = match args.store.address() {
        Some(flagged) => Some(flagged.map_err(|e| e.payload().into())),
        None => saved.and_then(|s| s.address.clone()),
    };
    let address = match address {
        None => return StoreInput::Missing(Note::new(MessageCode::HealthTokenNoStore)),
        Some(Err(note)) => return StoreInput::Unusable(note),
        Some(Ok(address)) => address,
    };
    let store_id = args
        .store
        .store_id
        .clone()
        .or_else(|| saved.and_then(|s| s.store_id.clone()));
    match args
        .store
        .token(input, keychain, store_id.as_deref(), &address)
    {
        Ok(token) => StoreInput::Ready(StoreTarget { address, token }),
        Err(payload) if payload.code == MessageCode::SetupNoToken => {
            StoreInput::Missing(Note::new(MessageCode::HealthTokenNoToken))
        }
        Err(payload) if payload.code.as_str().starts_with("secrets.") => {
            StoreInput::Missing(payload.into())
        }
        Err(payload) => StoreInput::Unusable(payload.into()),
    }
}

fn print(
    report: &Report,
    first_hours: Option<&health::FirstHours>,
    as_json: bool,
    lang: Lang,
    out: &mut dyn Write,
) {
    if as_json {
        let checks: Vec<Value> = report.results.iter().map(|r| check_json(r, lang)).collect();
        output::json(
            out,
            &json!({
                "checked_at": report.checked_at,
                "state": report.worst(),
                "checks": checks,
                "first_hours": first_hours,
            }),
        );
        return;
    }
    let _ = writeln!(
        out,
        "{} — {}",
        lang.pick("Saúde da integração", "Integration health"),
        lang.date_time(&report.checked_at)
    );
    for result in &report.results {
        let _ = writeln!(
            out,
            "  {:<14} {:<15} {}",
            state_label(result.state, lang),
            check_label(result.check, lang),
            message(result, lang)
        );
        if let Some(todo) = &result.todo {
            let _ = writeln!(
                out,
                "  {:<14} {:<15} {}: {}",
                "",
                "",
                lang.pick("O que fazer", "What to do"),
                text(todo, lang)
            );
        }
    }
}

fn check_json(result: &CheckResult, lang: Lang) -> Value {
    json!({
        "check": result.check,
        "state": result.state,
        "message": message(result, lang),
        "code": result.found.code,
        "params": result.found.params,
        "also": result.also.iter().map(|n| note_json(n, lang)).collect::<Vec<_>>(),
        "todo": result.todo.as_ref().map(|n| note_json(n, lang)),
    })
}

fn note_json(note: &Note, lang: Lang) -> Value {
    json!({ "code": note.code, "params": note.params, "message": text(note, lang) })
}

/// What the check found, all of it: the first finding and the others after it.
fn message(result: &CheckResult, lang: Lang) -> String {
    std::iter::once(&result.found)
        .chain(&result.also)
        .map(|n| text(n, lang))
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(note: &Note, lang: Lang) -> String {
    lang.text(note.code, &note.params)
}

fn state_label(state: State, lang: Lang) -> &'static str {
    match state {
        State::Ok => "ok",
        State::Warning => lang.pick("atenção", "warning"),
        State::Problem => lang.pick("problema", "problem"),
        State::Skipped => lang.pick("não conferido", "skipped"),
    }
}

fn check_label(check: Check, lang: Lang) -> &'static str {
    match check {
        Check::Token => "Token",
        Check::Statuses => lang.pick("Status finais", "Final statuses"),
        Check::Feed => "Feed",
        Check::Rewards => lang.pick("Recompensas", "Rewards"),
        Check::Links => "Links",
    }
}
