//! The sync preview: the owner's settings (start date, final statuses, interval), whether a
//! run can happen and what it would use, the dashboard's overview and lists, and the runs of
//! the background loop ([`SyncRuns`]).

mod estimates;
mod once;
mod runs;
mod settings;

use conector_core::activation::{activation, Activation};
use conector_ledger::{
    CustomerPoints, CustomerQuery, EarnRate, EmailCounts, EmailKind, EmailPreview, EmailSettings,
    FinalStatuses, HistoryEntry, Page, PreviewTotals, SkipReason, SkippedOrder,
};
use conector_secrets::Keychain;
use conector_setup::{SetupError, StoreProfile};
use conector_simplo7::{ClientConfig, OrderStatus, StoreClient};
use conector_sync::{store_today, SyncConfig, SyncStatus};
use rusqlite::Connection;
use serde::Serialize;

pub use conector_sync::{RunResult, RunSummary};
pub use estimates::{pace_window, CostEstimate, EmailVolume, Estimates};
pub use once::{preview_once, PreviewOnce, PreviewOverrides};
pub use runs::{LiveRun, Observer, ProgressListener, SyncProgress, SyncRuns};
pub use settings::SyncSettings;

use crate::{rules, AppError, Context};

/// Whether a sync can run, and if not, what the owner must finish first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    /// Wizard step 1 (store ID) is not done.
    NeedsStore,
    /// Wizard step 4 (token test) is not done.
    NeedsConnection,
    /// Fewer final statuses than the minimum chosen.
    NeedsFinalStatuses,
    /// The owner recorded go-live: the local engine is stopped.
    HandedOver {
        since: String,
    },
}

impl From<Readiness> for AppError {
    fn from(readiness: Readiness) -> Self {
        match readiness {
            Readiness::NeedsStore | Readiness::Ready => AppError::NoStore,
            Readiness::NeedsConnection => AppError::NotConnected,
            Readiness::NeedsFinalStatuses => {
                AppError::TooFewFinalStatuses(rules::MIN_FINAL_STATUSES)
            }
            Readiness::HandedOver { since } => AppError::HandedOver(since),
        }
    }
}

/// Everything a run needs except the token.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub profile: StoreProfile,
    pub config: SyncConfig,
}

/// What a run would use; `Err(readiness)` says what is missing.
pub fn plan(conn: &Connection) -> Result<Result<RunPlan, Readiness>, AppError> {
    plan_with(conn, None)
}

/// [`plan`] with `finals` in place of the saved final statuses, judged by the same rules.
pub(crate) fn plan_with(
    conn: &Connection,
    finals: Option<&[String]>,
) -> Result<Result<RunPlan, Readiness>, AppError> {
    let read_at = time::OffsetDateTime::now_utc();
    if let Activation::HandedOver { since } = activation(conn)? {
        return Ok(Err(Readiness::HandedOver { since }));
    }
    let Some(profile) = StoreProfile::load(conn)? else {
        return Ok(Err(Readiness::NeedsStore));
    };
    let Some(connection) =
        conector_setup::StoreProfile::view(Some(&profile), conn, None)?.connection
    else {
        return Ok(Err(Readiness::NeedsConnection));
    };
    let mut settings = SyncSettings::load(conn)?;
    if let Some(finals) = finals {
        settings.final_statuses = finals.to_vec();
    }
    let Ok(finals) = settings.finals(&connection.statuses) else {
        return Ok(Err(Readiness::NeedsFinalStatuses));
    };
    let since = settings
        .start_date()
        .unwrap_or_else(|_| rules::default_since(store_today()));
    let mut config = SyncConfig::new(
        profile.store_key(),
        finals,
        since,
        settings.return_window_days,
    );
    // Taken before the settings were read: a save of new rules after it wins over this plan.
    config.rules_read_at = Some(read_at);
    config.rate = crate::rates::earn_rate(crate::rates::load(conn)?);
    Ok(Ok(RunPlan { profile, config }))
}

impl RunPlan {
    /// The store client for this plan: the demo store's public token, or the keychain's.
    /// Blocking (keychain over D-Bus / Win32): call it off the async workers.
    pub fn client(&self, keychain: &Keychain) -> Result<StoreClient, AppError> {
        let config = if self.profile.demo {
            // A local demo needs no pacing; the owner trying the app should not wait.
            ClientConfig {
                min_interval: std::time::Duration::from_millis(20),
                ..ClientConfig::default()
            }
        } else {
            ClientConfig::default()
        };
        self.client_with(keychain, config)
    }

    /// Same as [`RunPlan::client`] with the caller's pacing (the command line's flag).
    pub fn client_with(
        &self,
        keychain: &Keychain,
        config: ClientConfig,
    ) -> Result<StoreClient, AppError> {
        let token = crate::store::token_of(&self.profile, keychain)?.ok_or(SetupError::NoToken)?;
        let address = self.profile.address()?;
        Ok(StoreClient::new(address, &token, config).map_err(SetupError::from)?)
    }
}

/// Everything the dashboard shows at the top, in one call.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SyncOverview {
    pub readiness: Readiness,
    pub demo: bool,
    pub store_id: Option<String>,
    pub api_base: Option<String>,
    pub settings: SyncSettings,
    /// The store's statuses from the last connection test (the final-status picker).
    pub statuses: Vec<OrderStatus>,
    /// Hand-over state, last run, listing position.
    pub status: Option<SyncStatus>,
    /// The run in flight, if any.
    pub running: Option<LiveRun>,
    pub totals: PreviewTotals,
    pub emails: EmailCounts,
    /// What going live would cost and how many e-mails it would send, at the preview rates.
    pub estimates: Estimates,
}

pub fn overview(conn: &Connection, running: Option<LiveRun>) -> Result<SyncOverview, AppError> {
    let profile = StoreProfile::load(conn)?;
    let view = StoreProfile::view(profile.as_ref(), conn, None)?;
    let readiness = match plan(conn)? {
        Ok(_) => Readiness::Ready,
        Err(r) => r,
    };
    let store = profile.as_ref().map(StoreProfile::store_key);
    let (status, totals, emails) = match &store {
        Some(key) => (
            Some(conector_sync::sync_status(conn, key)?),
            conector_ledger::totals(conn, key)?,
            conector_ledger::email_counts(conn, key)?,
        ),
        None => (None, PreviewTotals::default(), EmailCounts::default()),
    };
    let settings = SyncSettings::load(conn)?;
    let (since, until) = period_read(status.as_ref(), &settings);
    let recent = match &store {
        Some(key) => {
            let (pace_since, _) = estimates::pace_window(since, until);
            let from = pace_since
                .midnight()
                .assume_offset(conector_core::STORE_UTC_OFFSET);
            conector_ledger::email_counts_from(conn, key, from)?
        }
        None => conector_ledger::RecentEmails::default(),
    };
    let estimates = estimates::estimates(&totals, &recent, crate::rates::load(conn)?, since, until);
    Ok(SyncOverview {
        readiness,
        demo: view.demo,
        store_id: view.store_id,
        api_base: view.api_base,
        settings,
        statuses: view.connection.map(|c| c.statuses).unwrap_or_default(),
        status,
        running,
        totals,
        emails,
        estimates,
    })
}

/// The days the stored orders cover: from the start date the listing used (else the saved
/// one) to the day the last run began, in the store's time (today before any run).
fn period_read(status: Option<&SyncStatus>, settings: &SyncSettings) -> (time::Date, time::Date) {
    let since = status
        .and_then(|s| s.since.as_deref())
        .and_then(|d| conector_sync::parse_date(d).ok())
        .or_else(|| settings.start_date().ok())
        .unwrap_or_else(|| rules::default_since(store_today()));
    let until = status
        .and_then(|s| s.last_run.as_ref())
        .and_then(|run| conector_core::timestamp::parse(&run.started_at))
        .map(|at| at.to_offset(conector_core::STORE_UTC_OFFSET).date())
        .unwrap_or_else(store_today);
    (since, until.max(since))
}

/// The dashboard's overview, with the run in flight (the background loop's, when there is one).
pub fn overview_of(ctx: &Context, running: Option<LiveRun>) -> Result<SyncOverview, AppError> {
    ctx.with_db(|conn| overview(conn, running))
}

/// Checks that a run can start now (for "Sincronizar agora").
pub fn ensure_ready(ctx: &Context) -> Result<(), AppError> {
    ctx.with_db(|conn| plan(conn)?.map(|_| ()).map_err(AppError::from))
}

/// Saves the dashboard's settings. New final statuses are applied at once to the stored
/// orders, in the same transaction as the setting (no store reads; a run in flight is stopped
/// first); a new start date and return window apply to the next run; a new interval at once.
pub async fn save_settings(
    ctx: &Context,
    sync: &SyncRuns,
    new: &SyncSettings,
) -> Result<SyncOverview, AppError> {
    let statuses = ctx.with_db(|conn| {
        let profile = StoreProfile::load(conn)?.ok_or(AppError::NoStore)?;
        let connection = StoreProfile::view(Some(&profile), conn, None)?
            .connection
            .ok_or(AppError::NotConnected)?;
        Ok::<_, AppError>(connection.statuses)
    })?;
    let checked = new.checked(&statuses)?;
    let to_save = checked.clone();
    change_final_statuses(ctx, sync, &checked.final_statuses, move |tx| {
        to_save.save_in(tx)
    })
    .await?;
    sync.set_interval(checked.interval());
    overview_of(ctx, sync.current())
}

/// A change of the rules the preview's points follow: the final statuses, the earn rate, or
/// both. `None` keeps what is saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesChange {
    pub final_statuses: Option<Vec<String>>,
    pub earn: Option<EarnRate>,
}

/// Writes what `write` writes and, when the rules the points follow change (final statuses or
/// earn rate), recomputes the preview's points from the stored orders and records the new
/// rules — all in one transaction, so a failure leaves neither. Used by every screen that
/// changes those rules (step 9, the dashboard, the preview rates, the CLI).
pub async fn change_rules(
    ctx: &Context,
    sync: &SyncRuns,
    change: RulesChange,
    write: impl FnOnce(&Connection) -> Result<(), AppError> + Send + 'static,
) -> Result<(), AppError> {
    let (store, old_finals, old_rate) = ctx.with_db(|conn| {
        let store = StoreProfile::load(conn)?.map(|p| p.store_key());
        let finals = FinalStatuses::new(conector_setup::integration::final_statuses(conn)?);
        let rate = crate::rates::earn_rate(crate::rates::load(conn)?);
        Ok::<_, AppError>((store, finals, rate))
    })?;
    let finals = match &change.final_statuses {
        Some(ids) => FinalStatuses::new(ids.iter().map(|s| s.trim().to_owned())),
        None => old_finals.clone(),
    };
    let rate = change.earn.unwrap_or(old_rate);
    let changed = finals != old_finals || rate != old_rate;
    let recompute = match store {
        Some(store) if changed && !finals.0.is_empty() => Some(store),
        _ => None,
    };
    if recompute.is_some() {
        sync.stop_current(ctx, rules::STOP_RUN_TIMEOUT).await?;
    }
    let db = ctx.database_path().to_path_buf();
    let now = ctx.now();
    tokio::task::spawn_blocking(move || -> Result<(), AppError> {
        let conn = conector_core::db::open(&db)?;
        // IMMEDIATE: no sync page commits in between. A run (here or in the command line)
        // judges each later page by the rules recorded here, and a run prepared before this
        // save does not put its older rules back (`SyncConfig::rules_read_at`).
        let tx = conector_core::write_turn::Write::begin(&conn)?;
        write(&tx)?;
        if let Some(store) = &recompute {
            // Recorded as the rules in force: a run's next page is judged by them too.
            conector_ledger::set_rules_in(&tx, store, &finals, rate, now)?;
        }
        tx.commit()?;
        Ok(())
    })
    .await
    .map_err(AppError::Interrupted)?
}

/// [`change_rules`] for a new set of final statuses (the earn rate stays).
pub async fn change_final_statuses(
    ctx: &Context,
    sync: &SyncRuns,
    new_finals: &[String],
    write: impl FnOnce(&Connection) -> Result<(), AppError> + Send + 'static,
) -> Result<(), AppError> {
    let change = RulesChange {
        final_statuses: Some(new_finals.to_vec()),
        earn: None,
    };
    change_rules(ctx, sync, change, write).await
}

/// The key the saved store's preview data is filed under.
fn saved_store_key(conn: &Connection) -> Result<String, AppError> {
    StoreProfile::load(conn)?
        .map(|p| p.store_key())
        .ok_or(AppError::NoStore)
}

pub fn customers(ctx: &Context, query: &CustomerQuery) -> Result<Page<CustomerPoints>, AppError> {
    ctx.with_db(|conn| {
        Ok(conector_ledger::customers(
            conn,
            &saved_store_key(conn)?,
            query,
        )?)
    })
}

/// How many history lines the dashboard shows for one customer.
pub const HISTORY_LINES: u64 = 50;

/// One customer's points history, newest first: every entry with its reason (a return, a
/// refund, a CPF filled in later, an order deleted in the store...).
pub fn customer_history(ctx: &Context, customer_key: &str) -> Result<Vec<HistoryEntry>, AppError> {
    ctx.with_db(|conn| {
        Ok(conector_ledger::customer_history(
            conn,
            &saved_store_key(conn)?,
            customer_key,
            HISTORY_LINES,
        )?)
    })
}

/// Orders that earn nothing, newest first, optionally of one reason.
pub fn skipped(
    ctx: &Context,
    reason: Option<SkipReason>,
    offset: u64,
    limit: u64,
) -> Result<Page<SkippedOrder>, AppError> {
    ctx.with_db(|conn| {
        let key = saved_store_key(conn)?;
        Ok(conector_ledger::skipped_orders(
            conn, &key, reason, offset, limit,
        )?)
    })
}

/// The e-mails that would go out, rendered with the store's links.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct EmailPreviews {
    pub page: Page<EmailPreview>,
    pub settings: EmailSettings,
    /// `false` while wizard step 9 has not given the site and sign-up links: the store's own
    /// address stands in.
    pub links_from_setup: bool,
}

pub async fn emails(
    ctx: &Context,
    kind: EmailKind,
    offset: u64,
    limit: u64,
) -> Result<EmailPreviews, AppError> {
    let demo_pages = ctx.demo_pages().await;
    ctx.with_db(|conn| {
        let profile = StoreProfile::load(conn)?.ok_or(AppError::NoStore)?;
        let (settings, links_from_setup) = email_settings(conn, &profile, demo_pages)?;
        let page = conector_ledger::email_previews(
            conn,
            &profile.store_key(),
            kind,
            &settings,
            offset,
            limit,
        )?;
        Ok(EmailPreviews {
            page,
            settings,
            links_from_setup,
        })
    })
}

/// The links the e-mails carry: step 9's when both are valid links, else the demo store's
/// pages (`demo_pages`) or the store's own address; `true` in the second place when they are
/// step 9's.
pub fn email_settings(
    conn: &Connection,
    profile: &StoreProfile,
    demo_pages: Option<(String, String)>,
) -> Result<(EmailSettings, bool), AppError> {
    let site_base = profile
        .address()
        .map(|a| {
            let base = a.api_base();
            base.strip_suffix("ws/").unwrap_or(base).to_owned()
        })
        .unwrap_or_default();
    let host = site_base
        .split_once("://")
        .map_or(site_base.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned();
    // Step 9 keeps its draft as typed: only links that pass its own check are used.
    let checked = |link: Option<String>| {
        link.map(|s| s.trim().to_owned())
            .filter(|s| conector_fetch::check_link(s).is_ok())
    };
    let (site, signup) = conector_setup::integration::saved_links(conn)?;
    let (site, signup) = (checked(site), checked(signup));
    // The e-mails are the customers' (in pt-BR whatever the owner's language): so is the
    // demo store's name in them.
    let store_name = if profile.demo {
        "Loja de demonstração".to_owned()
    } else {
        host
    };
    let (site_url, signup_url, from_step9) = match (site, signup) {
        (Some(site), Some(signup)) => (site, signup, true),
        _ => match demo_pages {
            Some((site, signup)) if profile.demo => (site, signup, false),
            _ => (site_base.clone(), site_base, false),
        },
    };
    Ok((
        EmailSettings {
            store_name,
            site_url,
            signup_url,
        },
        from_step9,
    ))
}
