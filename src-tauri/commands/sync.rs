//! The sync preview dashboard: settings, "Sincronizar agora" with progress, cancel, and the
//! read-only views of what going live would do.

use conector_app::sync::{
    self, EmailPreviews, ProgressListener, SyncOverview, SyncProgress, SyncSettings,
};
use conector_core::ErrorPayload;
use conector_ledger::{
    CustomerPoints, CustomerQuery, EmailKind, HistoryEntry, Page, SkipReason, SkippedOrder,
};
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::AppState;

#[tauri::command]
#[specta::specta]
pub fn sync_overview(state: State<'_, AppState>) -> Result<SyncOverview, ErrorPayload> {
    sync::overview_of(&state.ctx, Some(&state.sync)).map_err(to_payload)
}

/// Saves the preview settings; new final statuses recompute the points at once.
#[tauri::command]
#[specta::specta]
pub async fn sync_save_settings(
    state: State<'_, AppState>,
    settings: SyncSettings,
) -> Result<SyncOverview, ErrorPayload> {
    sync::save_settings(&state.ctx, Some(&state.sync), &settings)
        .await
        .map_err(to_payload)
}

struct ChannelListener(Channel<SyncProgress>);

impl ProgressListener for ChannelListener {
    fn send(&self, event: SyncProgress) -> bool {
        self.0.send(event).is_ok()
    }
}

/// "Sincronizar agora": progress of the run goes to `on_event` (`started`, `progress`…,
/// then `finished` or `failed`). Joins the run in flight if there is one.
#[tauri::command]
#[specta::specta]
pub fn sync_now(
    state: State<'_, AppState>,
    on_event: Channel<SyncProgress>,
) -> Result<(), ErrorPayload> {
    sync::ensure_ready(&state.ctx).map_err(to_payload)?;
    state.sync.sync_now(Box::new(ChannelListener(on_event)));
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
    sync::customers(&state.ctx, &query).map_err(to_payload)
}

/// One customer's points history, newest first, each entry with its reason.
#[tauri::command]
#[specta::specta]
pub fn sync_customer_history(
    state: State<'_, AppState>,
    key: String,
) -> Result<Vec<HistoryEntry>, ErrorPayload> {
    sync::customer_history(&state.ctx, &key).map_err(to_payload)
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
    sync::skipped(&state.ctx, reason, offset, limit).map_err(to_payload)
}

/// The e-mails that would go out, rendered in pt-BR with the store's links.
#[tauri::command]
#[specta::specta]
pub async fn sync_emails(
    state: State<'_, AppState>,
    kind: EmailKind,
    offset: u64,
    limit: u64,
) -> Result<EmailPreviews, ErrorPayload> {
    sync::emails(&state.ctx, kind, offset, limit)
        .await
        .map_err(to_payload)
}
