//! The sync preview dashboard: settings, "Sincronizar agora" with progress, cancel, and the
//! read-only views of what activation would do (totals, customers, skipped orders, e-mails).

use std::time::Duration;

use conector_core::ErrorPayload;
use conector_ledger::{
    CustomerPoints, CustomerQuery, EmailCounts, EmailKind, EmailPreview, EmailSettings, Page,
    PreviewTotals, SkipReason, SkippedOrder,
};
use conector_setup::StoreProfile;
use conector_simplo7::OrderStatus;
use conector_sync::SyncStatus;
use rusqlite::Connection;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::sync::settings::{self, plan};
use crate::sync::{LiveRun, PreviewError, Readiness, SyncProgress, SyncSettings};
use crate::AppState;

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
}

fn overview(conn: &Connection, running: Option<LiveRun>) -> Result<SyncOverview, PreviewError> {
    let profile = StoreProfile::load(conn)?;
    let view = StoreProfile::view(profile.as_ref(), conn, None)?;
    let readiness = match plan(conn)? {
        Ok(_) => Readiness::Ready,
        Err(r) => r,
    };
    let store = view.store_id.clone();
    let (status, totals, emails) = match &store {
        Some(key) => (
            Some(conector_sync::sync_status(conn, key)?),
            conector_ledger::totals(conn, key)?,
            conector_ledger::email_counts(conn, key)?,
        ),
        None => (None, PreviewTotals::default(), EmailCounts::default()),
    };
    Ok(SyncOverview {
        readiness,
        demo: view.demo,
        store_id: store,
        api_base: view.api_base,
        settings: SyncSettings::load(conn)?,
        statuses: view.connection.map(|c| c.statuses).unwrap_or_default(),
        status,
        running,
        totals,
        emails,
    })
}

fn store_key(conn: &Connection) -> Result<String, PreviewError> {
    settings::store_key(conn)?.ok_or(PreviewError::NoStore)
}

#[tauri::command]
#[specta::specta]
pub fn sync_overview(state: State<'_, AppState>) -> Result<SyncOverview, ErrorPayload> {
    let running = state.sync.current();
    state
        .with_db(|conn| overview(conn, running))
        .map_err(to_payload)
}

/// Saves the preview settings. New final statuses are applied at once to the stored orders
/// (no store reads; a run in flight is cancelled first); a new start date applies to the next
/// run.
#[tauri::command]
#[specta::specta]
pub async fn sync_save_settings(
    state: State<'_, AppState>,
    settings: SyncSettings,
) -> Result<SyncOverview, ErrorPayload> {
    save_settings(&state, settings).await.map_err(to_payload)?;
    sync_overview(state)
}

async fn save_settings(state: &AppState, new: SyncSettings) -> Result<(), PreviewError> {
    let (store, statuses, old) = state.with_db(|conn| {
        let profile = StoreProfile::load(conn)?.ok_or(PreviewError::NoStore)?;
        let connection = StoreProfile::view(Some(&profile), conn, None)?
            .connection
            .ok_or(PreviewError::NotConnected)?;
        Ok::<_, PreviewError>((
            profile.store_id,
            connection.statuses,
            SyncSettings::load(conn)?,
        ))
    })?;
    let finals = new.finals(&statuses)?;
    state.with_db(|conn| new.save(conn, &statuses))?;
    if new.interval_minutes != old.interval_minutes {
        state.sync.set_interval(new.interval());
    }
    let finals_changed = old.finals(&statuses).ok() != Some(finals.clone());
    if finals_changed {
        state.sync.stop_current(Duration::from_secs(30)).await?;
        let db = state.database_path();
        tokio::task::spawn_blocking(move || {
            conector_sync::recompute_preview(
                &db,
                &store,
                &finals,
                conector_ledger::EarnRate::DEFAULT,
            )
        })
        .await
        .map_err(|e| PreviewError::Interrupted(Box::new(e)))??;
    }
    Ok(())
}

/// "Sincronizar agora": progress of the run goes to `on_event` (`started`, `progress`…,
/// then `finished` or `failed`). Joins the run in flight if there is one.
#[tauri::command]
#[specta::specta]
pub fn sync_now(
    state: State<'_, AppState>,
    on_event: Channel<SyncProgress>,
) -> Result<(), ErrorPayload> {
    state
        .with_db(|conn| plan(conn)?.map(|_| ()).map_err(PreviewError::from))
        .map_err(to_payload)?;
    state.sync.sync_now(on_event);
    Ok(())
}

/// Stops the run in flight between two requests; what it applied stays. `false` when no run
/// was going.
#[tauri::command]
#[specta::specta]
pub fn sync_cancel(state: State<'_, AppState>) -> bool {
    state.sync.cancel()
}

#[tauri::command]
#[specta::specta]
pub fn sync_customers(
    state: State<'_, AppState>,
    query: CustomerQuery,
) -> Result<Page<CustomerPoints>, ErrorPayload> {
    state
        .with_db(|conn| Ok(conector_ledger::customers(conn, &store_key(conn)?, &query)?))
        .map_err(to_payload::<PreviewError>)
}

/// Orders that earn nothing, newest first, optionally of one reason.
#[tauri::command]
#[specta::specta]
pub fn sync_skipped(
    state: State<'_, AppState>,
    reason: Option<SkipReason>,
    offset: u64,
    limit: u64,
) -> Result<Page<SkippedOrder>, ErrorPayload> {
    state
        .with_db(|conn| {
            let key = store_key(conn)?;
            Ok(conector_ledger::skipped_orders(
                conn, &key, reason, offset, limit,
            )?)
        })
        .map_err(to_payload::<PreviewError>)
}

/// The e-mails that would go out, rendered in pt-BR with the store's links.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct EmailPreviews {
    pub page: Page<EmailPreview>,
    pub settings: EmailSettings,
    /// `false` while wizard step 9 has not given the site and sign-up links: the store's own
    /// address stands in.
    pub links_from_setup: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn sync_emails(
    state: State<'_, AppState>,
    kind: EmailKind,
    offset: u64,
    limit: u64,
) -> Result<EmailPreviews, ErrorPayload> {
    let demo_pages = state
        .demo
        .lock()
        .await
        .as_ref()
        .map(|d| (d.site_url(), d.signup_url()));
    state
        .with_db(|conn| {
            let profile = StoreProfile::load(conn)?.ok_or(PreviewError::NoStore)?;
            let (settings, links_from_setup) =
                settings::email_settings(conn, &profile, demo_pages)?;
            let page = conector_ledger::email_previews(
                conn,
                &profile.store_id,
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
        .map_err(to_payload::<PreviewError>)
}
