//! The sync preview dashboard: settings, "Sincronizar agora" with progress, cancel, and the
//! read-only views of what going live would do.

use conector_app::window::{
    CustomerPoints, CustomerQuery, EmailKind, EmailPreviews, HistoryEntry, Page, ProgressListener,
    SkipReason, SkippedOrder, SyncOverview, SyncProgress, SyncSettings,
};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;

#[tauri::command]
#[specta::specta]
pub fn sync_overview(app: State<'_, App>) -> Result<SyncOverview, ErrorPayload> {
    app.sync_overview().map_err(to_payload)
}

/// Saves the preview settings; new final statuses recompute the points at once.
#[tauri::command]
#[specta::specta]
pub async fn sync_save_settings(
    app: State<'_, App>,
    settings: SyncSettings,
) -> Result<SyncOverview, ErrorPayload> {
    app.sync_save_settings(&settings).await.map_err(to_payload)
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
pub fn sync_now(app: State<'_, App>, on_event: Channel<SyncProgress>) -> Result<(), ErrorPayload> {
    app.sync_now(Box::new(ChannelListener(on_event)))
        .map_err(to_payload)
}

/// Stops the run in flight between two requests; what it applied stays. `false` when no run
/// was going.
#[tauri::command]
#[specta::specta]
pub fn sync_cancel(app: State<'_, App>) -> bool {
    app.sync_cancel()
}

#[tauri::command]
#[specta::specta]
pub fn sync_customers(
    app: State<'_, App>,
    query: CustomerQuery,
) -> Result<Page<CustomerPoints>, ErrorPayload> {
    app.sync_customers(&query).map_err(to_payload)
}

/// One customer's points history, newest first, each entry with its reason.
#[tauri::command]
#[specta::specta]
pub fn sync_customer_history(
    app: State<'_, App>,
    key: String,
) -> Result<Vec<HistoryEntry>, ErrorPayload> {
    app.sync_customer_history(&key).map_err(to_payload)
}

/// Orders that earn nothing, newest first, optionally of one reason.
#[tauri::command]
#[specta::specta]
pub fn sync_skipped(
    app: State<'_, App>,
    reason: Option<SkipReason>,
    offset: u64,
    limit: u64,
) -> Result<Page<SkippedOrder>, ErrorPayload> {
    app.sync_skipped(reason, offset, limit).map_err(to_payload)
}

/// The e-mails that would go out, rendered in pt-BR with the store's links.
#[tauri::command]
#[specta::specta]
pub async fn sync_emails(
    app: State<'_, App>,
    kind: EmailKind,
    offset: u64,
    limit: u64,
) -> Result<EmailPreviews, ErrorPayload> {
    app.sync_emails(kind, offset, limit)
        .await
        .map_err(to_payload)
}
