//! The health watch after go-live (issue #16; the checks themselves are `conector-health`):
//! what is checked, read from the owner's saved settings; one run, recorded with the
//! notifications it raises; the "Saúde da integração" page; and the go-live check, the "first 72
//! hours" card with the store's first orders after go-live ([`golive_orders`]). The hourly
//! schedule is [`HealthWatch`], a job of the background loop.

mod first_hours;
pub mod golive_orders;
mod once;
mod saved;
mod watch;

use conector_core::activation::{activation, Activation};
use conector_core::timestamp;
use conector_core::MessageCode;
use conector_health::history::Recorded;
use conector_health::{
    history, run_checks_at, Memory, Notice, Run as CheckRun, RunOptions, StoreInput, StoreTarget,
    Target,
};
use conector_secrets::Keychain;
use conector_simplo7::OrderStatus;
use serde::Serialize;
use time::UtcOffset;

/// What a check run reports, for the command line.
pub use conector_health::{Check, CheckResult, Note, Report, State};
pub use first_hours::{answer, first_hours, first_hours_read_only, support};
pub use golive_orders::{FirstHours, FirstHoursAnswer, GoLiveOrder, SupportReport};
pub use once::{check_once, HealthCheck, HealthOverrides};
pub use saved::{saved, Saved};
pub use watch::{due_at, HealthObserver, HealthWatch};

use crate::{AppError, Context};

/// One run and what to tell the owner about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct HealthRun {
    pub report: Report,
    /// The notifications to raise (none before go-live: the watch is not on yet).
    pub notices: Vec<Notice>,
}

/// A desktop notification, in message codes: the host puts it in the owner's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Notification {
    pub title: NotificationTitle,
    /// Sentences, in order (what the check found, then what else it noted).
    pub body: Vec<Note>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotificationTitle {
    /// The app's name.
    App,
    /// `code`'s sentence with `{check}` the name of `check` ("Problema na integração: XML de
    /// produtos").
    Check {
        code: MessageCode,
        check: MessageCode,
    },
}

/// A notice of a run as a notification: the check turned bad (a problem or a warning) or
/// recovered, and what it found.
pub fn notification(notice: &Notice, run: &HealthRun) -> Notification {
    let (check, code) = match notice {
        Notice::TurnedBad {
            check,
            state: State::Problem,
        } => (*check, MessageCode::HealthNotifyProblem),
        Notice::TurnedBad { check, .. } => (*check, MessageCode::HealthNotifyWarning),
        Notice::Recovered { check } => (*check, MessageCode::HealthNotifyRecovered),
    };
    let body = run.report.result(check).map(found).unwrap_or_default();
    Notification {
        title: NotificationTitle::Check {
            code,
            check: check_name(check),
        },
        body,
    }
}

/// "O app continua na bandeja", said the first time the window closes while the watch runs.
pub fn kept_in_tray() -> Notification {
    Notification {
        title: NotificationTitle::App,
        body: vec![Note::new(MessageCode::HealthTrayKept)],
    }
}

fn found(result: &CheckResult) -> Vec<Note> {
    std::iter::once(&result.found)
        .chain(&result.also)
        .cloned()
        .collect()
}

/// A check's name, as the health page and the notifications say it.
pub fn check_name(check: Check) -> MessageCode {
    match check {
        Check::Token => MessageCode::HealthCheckToken,
        Check::Statuses => MessageCode::HealthCheckStatuses,
        Check::Feed => MessageCode::HealthCheckFeed,
        Check::Rewards => MessageCode::HealthCheckRewards,
        Check::Links => MessageCode::HealthCheckLinks,
    }
}

/// The store to check and its token, from the saved profile and the keychain. Blocks on the
/// keychain: call it off the async workers.
pub fn store_input(saved: &Saved, keychain: &Keychain) -> StoreInput {
    let address = match &saved.address {
        None => return StoreInput::Missing(Note::new(MessageCode::HealthTokenNoStore)),
        Some(Err(note)) => return StoreInput::Unusable(note.clone()),
        Some(Ok(address)) => address.clone(),
    };
    match crate::store::token_for(saved.demo, &saved.account, keychain) {
        Ok(Some(token)) => StoreInput::Ready(StoreTarget { address, token }),
        Ok(None) => StoreInput::Missing(Note::new(MessageCode::HealthTokenNoToken)),
        // No keychain: nothing to check with; the note says why.
        Err(e) => StoreInput::Missing(conector_core::CodedError::payload(&e).into()),
    }
}

/// The checks' target and memory from what is saved (`store` from [`store_input`]).
pub fn target(saved: Saved, store: StoreInput) -> (Target, Memory) {
    let memory = Memory {
        // The last download counts only for the same address.
        feed: saved
            .feed_snapshot
            .filter(|s| Some(&s.url) == saved.feed_url.as_ref()),
        catalog_currency: saved
            .catalog
            .as_ref()
            .filter(|(source, _)| Some(source) == saved.feed_url.as_ref())
            .and(saved.catalog_currency),
        catalog_items: saved
            .catalog
            .filter(|(source, _)| Some(source) == saved.feed_url.as_ref())
            .map(|(_, items)| items),
    };
    let target = Target {
        store,
        final_statuses: saved.final_statuses,
        feed_url: saved.feed_url,
        rewards: saved.rewards,
        site_url: saved.site_url,
        signup_url: saved.signup_url,
        // Set by [`once::target`] from the store checked, and by the window's run from where
        // its demo store runs.
        demo_store: None,
    };
    (target, memory)
}

/// Runs every check now, keeps the results (30 days) and the feed download, and — once the
/// owner has recorded go-live — decides the notifications. Writes only the health tables.
pub async fn run(ctx: &Context) -> Result<HealthRun, AppError> {
    let Checked {
        run,
        store,
        statuses,
    } = checks(ctx, &HealthOverrides::default()).await?;
    // The go-live check reads the store's new orders (only after go-live; nothing to the ledger).
    if let Err(e) = first_hours::refresh(ctx, &store, &statuses).await {
        conector_core::log_error("the go-live check could not be kept", &e);
    }
    let notices = ctx.with_db(|conn| -> Result<Vec<Notice>, AppError> {
        history::record(conn, &run.report)?;
        if let Some(snapshot) = &run.feed {
            history::save_feed_snapshot(conn, snapshot)?;
        }
        Ok(if activation(conn)?.is_active() {
            history::notices(conn, &run.report)?
        } else {
            Vec::new()
        })
    })?;
    tracing::info!(
        worst = run.report.worst().as_str(),
        notices = notices.len(),
        "health checks ran"
    );
    Ok(HealthRun {
        report: run.report,
        notices,
    })
}

/// One run of the checks, and the store it read with its status names (for the go-live check).
struct Checked {
    run: CheckRun,
    store: StoreInput,
    statuses: Vec<OrderStatus>,
}

/// The checks on the saved settings with `overrides` applied: the watch's run and
/// [`check_once`] are this one call.
async fn checks(ctx: &Context, overrides: &HealthOverrides) -> Result<Checked, AppError> {
    let mut saved = ctx.with_db(saved)?;
    if saved.demo {
        follow_the_demo_store(ctx, &mut saved).await;
    }
    let statuses = saved.statuses.clone();
    let saved_demo = saved.demo;
    let keychain = ctx.keychain.clone();
    let overrides = overrides.clone();
    let (mut target, memory) =
        tokio::task::spawn_blocking(move || once::target(saved, &overrides, &keychain))
            .await
            .map_err(AppError::Interrupted)?;
    if saved_demo && target.demo_store.is_none() {
        // The demo store this app runs: its feed and pages, on this computer, as saved.
        target.demo_store = ctx.demo_address().map(str::to_owned);
    }
    let run = run_checks_at(&target, &memory, &RunOptions::default(), ctx.now()).await;
    Ok(Checked {
        run,
        store: target.store,
        statuses,
    })
}

/// The demo store listens on a new port at each launch: its feed and pages saved at an earlier
/// launch are looked for where it is now (a real store's addresses are never rewritten).
async fn follow_the_demo_store(ctx: &Context, saved: &mut Saved) {
    let local = |url: &Option<String>| {
        url.as_deref()
            .is_some_and(|u| u.starts_with("http://127.0.0.1:"))
    };
    if let Some(feed) = ctx.demo_feed_url().await {
        if local(&saved.feed_url) {
            saved.feed_url = Some(feed);
        }
    }
    if let Some((site, signup)) = ctx.demo_pages().await {
        if local(&saved.site_url) {
            saved.site_url = Some(site);
        }
        if local(&saved.signup_url) {
            saved.signup_url = Some(signup);
        }
    }
}

/// The "Saúde da integração" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct HealthView {
    /// Go-live is recorded: the checks run every hour and notify.
    pub watching: bool,
    /// When go-live was recorded (RFC 3339 UTC).
    pub live_since: Option<String>,
    pub last_run: Option<String>,
    /// When the next scheduled run is due (only while watching).
    pub next_run: Option<String>,
    /// The latest result of each check, in the page's order (empty before the first run).
    pub checks: Vec<Recorded>,
    /// The last 30 days, by the owner's local day.
    pub history: Vec<history::Day>,
}

/// The page's data. `utc_offset_minutes`: the owner's time zone (the window's), to group the
/// history by local day.
pub fn view(
    ctx: &Context,
    next_run: Option<time::OffsetDateTime>,
    utc_offset_minutes: i32,
) -> Result<HealthView, AppError> {
    let offset = UtcOffset::from_whole_seconds(utc_offset_minutes.saturating_mul(60))
        .unwrap_or(UtcOffset::UTC);
    ctx.with_db(|conn| {
        let live_since = match activation(conn)? {
            Activation::HandedOver { since } => Some(since),
            Activation::Preview { .. } => None,
        };
        let results = history::results(conn)?;
        Ok(HealthView {
            watching: live_since.is_some(),
            live_since,
            last_run: history::last_run_at(conn)?,
            next_run: next_run.map(timestamp::format),
            checks: history::latest(conn)?,
            history: history::days(&results, offset),
        })
    })
}

/// "A nova quantidade está certa": the feed's current count becomes the one compared with.
pub fn accept_feed_count(ctx: &Context) -> Result<Option<u32>, AppError> {
    Ok(ctx.with_db(history::accept_feed_count)?)
}

/// Whether the watch is on (go-live recorded).
pub fn watching(ctx: &Context) -> Result<bool, AppError> {
    Ok(ctx.with_db(activation)?.is_active())
}

/// True the first time the window is closed while the watch runs (the app then says it keeps
/// running in the tray), false afterwards.
pub fn first_close_to_tray(ctx: &Context) -> Result<bool, AppError> {
    ctx.with_db(|conn| {
        let told = conector_core::settings::get(conn, crate::keys::HEALTH_TRAY_TOLD)?.is_some();
        if !told {
            conector_core::settings::set(conn, crate::keys::HEALTH_TRAY_TOLD, "1")?;
        }
        Ok(!told)
    })
}
