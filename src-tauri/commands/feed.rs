//! Steps 5–6 and the reward picker.

use std::sync::Arc;

use conector_app::window::{
    FeedEvent, FeedStatus, ImportReport, PastedCheck, RewardPage, RewardSearch, RewardTarget,
    SelectionSummary,
};
use conector_app::App;
use conector_core::ErrorPayload;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;

/// Downloads, parses and imports the feed at `url`, streaming the first products and the
/// progress to `on_event`; the previous catalogue stays until the new one is complete.
#[tauri::command]
#[specta::specta]
pub async fn feed_import(
    app: State<'_, App>,
    url: String,
    on_event: Channel<FeedEvent>,
) -> Result<ImportReport, ErrorPayload> {
    let sink = Arc::new(move |event: FeedEvent| {
        let _ = on_event.send(event);
    });
    app.feed_import(url, sink).await.map_err(to_payload)
}

/// Stops a running import; the previous catalogue stays as it was.
#[tauri::command]
#[specta::specta]
pub fn feed_cancel(app: State<'_, App>) {
    app.feed_cancel();
}

/// Step 6 shown again while an import runs: its latest progress now, then every event to its
/// end, over `on_event`. `false` when no import is going.
#[tauri::command]
#[specta::specta]
pub fn feed_follow(app: State<'_, App>, on_event: Channel<FeedEvent>) -> bool {
    app.feed_follow(Box::new(move |event: FeedEvent| {
        let _ = on_event.send(event);
    }))
}

#[tauri::command]
#[specta::specta]
pub async fn feed_status(app: State<'_, App>) -> Result<FeedStatus, ErrorPayload> {
    app.feed_status().await.map_err(to_payload)
}

/// Search as you type, with each product's reward cost at the saved preview rates.
#[tauri::command]
#[specta::specta]
pub fn catalog_search(
    app: State<'_, App>,
    search: RewardSearch,
) -> Result<RewardPage, ErrorPayload> {
    app.catalog_search(&search).map_err(to_payload)
}

#[tauri::command]
#[specta::specta]
pub fn rewards_select(
    app: State<'_, App>,
    target: RewardTarget,
    selected: bool,
) -> Result<SelectionSummary, ErrorPayload> {
    app.rewards_select(&target, selected).map_err(to_payload)
}

/// A pasted list of SKUs: the known ones are selected, the unknown ones listed.
#[tauri::command]
#[specta::specta]
pub fn rewards_paste(app: State<'_, App>, text: String) -> Result<PastedCheck, ErrorPayload> {
    app.rewards_paste(&text).map_err(to_payload)
}
