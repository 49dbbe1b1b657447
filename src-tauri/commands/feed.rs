//! Steps 5–6 and the reward picker.

use std::sync::Arc;

use conector_app::feed::{self, FeedEvent, FeedStatus, RewardPage, RewardSearch, RewardTarget};
use conector_catalog::{ImportReport, PastedCheck, SelectionSummary};
use conector_core::ErrorPayload;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::AppState;

/// Downloads, parses and imports the feed at `url`, streaming the first products and the
/// progress to `on_event`; the previous catalogue stays until the new one is complete.
#[tauri::command]
#[specta::specta]
pub async fn feed_import(
    state: State<'_, AppState>,
    url: String,
    on_event: Channel<FeedEvent>,
) -> Result<ImportReport, ErrorPayload> {
    let ctx = Arc::clone(&state.ctx);
    let channel = on_event.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let mut sink = |event: FeedEvent| {
            let _ = channel.send(event);
        };
        feed::import(&ctx, &url, &mut sink)
    })
    .await;
    match outcome {
        Ok(result) => result.map_err(to_payload),
        Err(e) => {
            tracing::error!(error = %e, "the feed import task ended early");
            let error = feed::interrupted();
            let _ = on_event.send(FeedEvent::Failed {
                error: error.clone(),
            });
            Err(error)
        }
    }
}

/// Stops a running import; the previous catalogue stays as it was.
#[tauri::command]
#[specta::specta]
pub fn feed_cancel(state: State<'_, AppState>) {
    feed::cancel(&state.ctx);
}

#[tauri::command]
#[specta::specta]
pub async fn feed_status(state: State<'_, AppState>) -> Result<FeedStatus, ErrorPayload> {
    feed::status(&state.ctx).await.map_err(to_payload)
}

/// Search as you type, with each product's reward cost at the saved preview rates.
#[tauri::command]
#[specta::specta]
pub fn catalog_search(
    state: State<'_, AppState>,
    search: RewardSearch,
) -> Result<RewardPage, ErrorPayload> {
    feed::search(&state.ctx, &search).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn rewards_select(
    state: State<'_, AppState>,
    target: RewardTarget,
    selected: bool,
) -> Result<SelectionSummary, ErrorPayload> {
    feed::select(&state.ctx, &target, selected).map_err(to_payload)
}

/// A pasted list of SKUs: the known ones are selected, the unknown ones listed.
#[tauri::command]
#[specta::specta]
pub fn rewards_paste(
    state: State<'_, AppState>,
    text: String,
) -> Result<PastedCheck, ErrorPayload> {
    feed::paste(&state.ctx, &text).map_err(to_payload)
}
