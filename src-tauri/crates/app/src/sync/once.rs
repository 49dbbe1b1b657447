//! One simulation run on the caller's word (`conector sync preview --once`): the saved store,
//! final statuses, start date and rate, each replaced by the caller's when given, judged by the
//! same rules as the window's "Ler pedidos da loja agora".

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use conector_ledger::{EarnRate, FinalStatuses};
use conector_simplo7::{ClientConfig, StoreClient};
use conector_sync::{store_today, RunResult, RunSummary, SyncConfig, SyncEvent};

use super::runs::progress_of;
use super::settings::start_day;
use super::{plan_with, Readiness, RunPlan, SyncProgress};
use crate::overrides::StoreOverride;
use crate::{rules, AppError, Context};

/// What the caller puts in place of the saved settings; empty: the window's run.
#[derive(Debug, Clone, Default)]
pub struct PreviewOverrides {
    /// Another store than the saved one (its final statuses then come from here, and the store's
    /// status list is unknown: only their number is checked).
    pub store: StoreOverride,
    /// Orders from this day, as the dashboard reads it (`2026-08-30` or `30/08/2026`).
    pub since: Option<String>,
    /// The status ids that earn points, in place of the saved ones.
    pub final_statuses: Vec<String>,
    /// Points per R$ 1 spent, in place of the saved rate.
    pub points_per_real: Option<i64>,
    /// The pause between two calls to the store, in place of the product's pacing.
    pub min_interval: Option<Duration>,
}

/// What a finished run read, and with which store and start date.
#[derive(Debug, Clone)]
pub struct PreviewOnce {
    /// The key the store's data is filed under.
    pub store: String,
    /// The first day read, `YYYY-MM-DD`.
    pub since: String,
    pub summary: RunSummary,
}

/// Runs the simulation once into the context's database: reads the store, writes only this
/// computer's database. `progress` hears each page. Refused, before the store is read, for
/// what the window refuses: go-live recorded, no store, a connection not tested, fewer final
/// statuses than [`rules::MIN_FINAL_STATUSES`] (or one the store does not have), a start date
/// unread or in the future.
pub async fn preview_once(
    ctx: &Context,
    overrides: &PreviewOverrides,
    progress: &(dyn Fn(&SyncProgress) + Send + Sync),
) -> Result<PreviewOnce, AppError> {
    let (mut config, client) = prepare(ctx, overrides).await?;
    if let Some(since) = &overrides.since {
        config.since = start_day(since)?;
    }
    if let Some(rate) = overrides.points_per_real {
        config.rate = EarnRate::points_per_real(rate)?;
    }
    let sink = |event: SyncEvent| {
        if let SyncEvent::Progress { phase, counts } = event {
            progress(&progress_of(phase, &counts));
        }
    };
    let cancel = AtomicBool::new(false);
    let summary =
        conector_sync::run_once(ctx.database_path(), &client, &config, &sink, &cancel).await?;
    if let RunResult::HandedOver { since } = summary.result {
        return Err(AppError::HandedOver(since));
    }
    Ok(PreviewOnce {
        store: config.store.clone(),
        since: conector_sync::config::iso_date_string(config.since),
        summary,
    })
}

/// The run's settings and store client: the saved plan with the overrides applied, or the store
/// the overrides name.
async fn prepare(
    ctx: &Context,
    overrides: &PreviewOverrides,
) -> Result<(SyncConfig, StoreClient), AppError> {
    let given = Some(overrides.final_statuses.as_slice()).filter(|f| !f.is_empty());
    let (saved, saved_as_is) =
        ctx.with_db(|conn| Ok::<_, AppError>((plan_with(conn, given)?, plan_with(conn, None)?)))?;
    let given = given.map(|ids| FinalStatuses::new(ids.iter().map(|s| s.trim().to_owned())));
    let store = overrides.store.clone();
    let pacing = overrides.min_interval.map(|min_interval| ClientConfig {
        min_interval,
        ..ClientConfig::default()
    });
    let keychain = ctx.keychain.clone();
    // Keychain reads block (D-Bus, Win32): off the async workers.
    let job = move || -> Result<(SyncConfig, StoreClient), AppError> {
        if !store.names_a_store() {
            let plan: RunPlan = saved.map_err(AppError::from)?;
            let client = match (&store.token, pacing) {
                // A token handed over for the saved store, at its address.
                (Some(_), pacing) => {
                    let address = plan.profile.address()?;
                    let id = plan.profile.store_id.as_str();
                    let token = store.token(&keychain, Some(id), &address)?;
                    StoreClient::new(address, &token, pacing.unwrap_or_default())?
                }
                (None, Some(pacing)) => plan.client_with(&keychain, pacing)?,
                (None, None) => plan.client(&keychain)?,
            };
            return Ok((plan.config, client));
        }
        if let Err(Readiness::HandedOver { since }) = saved_as_is {
            return Err(AppError::HandedOver(since));
        }
        let address = store.required_address()?;
        // Another store's status list is unknown here: only the number of statuses is judged.
        let finals = match (given, saved_as_is) {
            (Some(given), _) => given,
            (None, Ok(plan)) => plan.config.finals,
            (None, Err(_)) => FinalStatuses::new(Vec::<String>::new()),
        };
        if finals.0.len() < rules::MIN_FINAL_STATUSES {
            return Err(AppError::TooFewFinalStatuses(rules::MIN_FINAL_STATUSES));
        }
        let token = store.token(&keychain, store.store_id.as_deref(), &address)?;
        let key = conector_simplo7::store_key(store.store_id.as_deref(), address.api_base());
        let client = StoreClient::new(address, &token, pacing.unwrap_or_default())?;
        let config = SyncConfig::new(
            key,
            finals,
            rules::default_since(store_today()),
            rules::DEFAULT_RETURN_WINDOW_DAYS,
        );
        Ok((config, client))
    };
    tokio::task::spawn_blocking(job)
        .await
        .map_err(AppError::Interrupted)?
}
