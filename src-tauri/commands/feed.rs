//! Steps 5–6 and the reward picker: download and import the product feed, search the
//! catalogue, choose rewards.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use conector_catalog::{
    import_into_db, last_import, reward_cost, selection, CatalogItem, ImportObserver, ImportReport,
    LastImport, PastedCheck, PreviewRates, RewardCost, SearchQuery, SelectionSummary,
};
use conector_core::{settings, ErrorCode, ErrorPayload};
use conector_feed::{Availability, FeedSource, Item, Progress, ReadOptions};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use super::to_payload;
use crate::AppState;

use conector_setup::integration::KEY_FEED_URL;

/// How many products the page shows while the download is still running.
const FIRST_ITEMS: u32 = 50;

/// A product as the list shows it while the feed is still arriving.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FeedItemPreview {
    pub sku: String,
    pub title: String,
    pub image_link: String,
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    pub currency: Option<String>,
    pub availability: Availability,
}

impl From<&Item> for FeedItemPreview {
    fn from(item: &Item) -> Self {
        Self {
            sku: item.id.clone(),
            title: item.title.clone(),
            image_link: item.image_link.clone(),
            price_cents: item.price_cents,
            sale_price_cents: item.sale_price_cents,
            currency: item.currency.clone(),
            availability: item.availability,
        }
    }
}

/// What the import streams to the page.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedEvent {
    Started,
    Item {
        item: FeedItemPreview,
    },
    Progress {
        bytes_done: u64,
        bytes_total: Option<u64>,
        items: u32,
        skipped: u32,
    },
    Finished {
        report: ImportReport,
    },
    Failed {
        error: ErrorPayload,
    },
}

struct ChannelObserver {
    channel: Channel<FeedEvent>,
    sent_items: u32,
    last_progress: Option<Instant>,
}

impl ImportObserver for ChannelObserver {
    fn item(&mut self, item: &Item) {
        if self.sent_items < FIRST_ITEMS {
            self.sent_items += 1;
            let _ = self.channel.send(FeedEvent::Item { item: item.into() });
        }
    }

    fn progress(&mut self, p: &Progress) {
        // Ten updates a second are plenty for a progress bar.
        let due = self
            .last_progress
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(100));
        if due {
            self.last_progress = Some(Instant::now());
            let _ = self.channel.send(FeedEvent::Progress {
                bytes_done: p.bytes_done,
                bytes_total: p.bytes_total,
                items: p.items,
                skipped: p.skipped,
            });
        }
    }
}

/// Downloads, parses and imports the feed at `url`, streaming the first products and the
/// progress; the previous catalogue stays until the new one is complete.
#[tauri::command]
#[specta::specta]
pub async fn feed_import(
    state: State<'_, AppState>,
    url: String,
    on_event: Channel<FeedEvent>,
) -> Result<ImportReport, ErrorPayload> {
    let url = url.trim().to_owned();
    let options = ReadOptions::default();
    state.replace_feed_cancel(options.cancel.clone());
    let _ = on_event.send(FeedEvent::Started);
    let db_path = state.database_path();
    let source = FeedSource::Url(url.clone());
    let channel = on_event.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let mut observer = ChannelObserver {
            channel,
            sent_items: 0,
            last_progress: None,
        };
        import_into_db(&db_path, &source, &options, &mut observer)
    })
    .await;
    let report = match outcome {
        Ok(Ok(report)) => report,
        Ok(Err(e)) => {
            let payload = to_payload(e);
            let _ = on_event.send(FeedEvent::Failed {
                error: payload.clone(),
            });
            return Err(payload);
        }
        Err(e) => {
            tracing::error!(error = %e, "the feed import task ended early");
            let payload = ErrorPayload::new(ErrorCode::FeedInterrupted);
            let _ = on_event.send(FeedEvent::Failed {
                error: payload.clone(),
            });
            return Err(payload);
        }
    };
    state
        .with_db(|conn| settings::set(conn, KEY_FEED_URL, &url))
        .map_err(to_payload)?;
    let _ = on_event.send(FeedEvent::Finished {
        report: report.clone(),
    });
    Ok(report)
}

/// Stops a running import; the previous catalogue stays as it was.
#[tauri::command]
#[specta::specta]
pub fn feed_cancel(state: State<'_, AppState>) {
    state.feed_cancel().store(true, Ordering::SeqCst);
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FeedStatus {
    /// The last feed address imported successfully.
    pub url: Option<String>,
    /// The demo store's feed, offered when the demo store is the store.
    pub demo_url: Option<String>,
    pub last_import: Option<LastImport>,
    pub selection: SelectionSummary,
}

#[tauri::command]
#[specta::specta]
pub async fn feed_status(state: State<'_, AppState>) -> Result<FeedStatus, ErrorPayload> {
    let demo_url = state.demo.lock().await.as_ref().map(|d| d.feed_url());
    state.with_db(|conn| {
        Ok(FeedStatus {
            url: settings::get(conn, KEY_FEED_URL).map_err(to_payload)?,
            demo_url,
            last_import: last_import(conn).map_err(to_payload)?,
            selection: selection::summary(conn).map_err(to_payload)?,
        })
    })
}

/// One row of the reward picker: the product and what it would cost as a reward.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RewardRow {
    pub item: CatalogItem,
    pub cost: RewardCost,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RewardPage {
    pub rows: Vec<RewardRow>,
    pub total: u32,
    pub total_is_exact: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Search as you type, with each product's reward cost at the preview rates.
#[tauri::command]
#[specta::specta]
pub fn catalog_search(
    state: State<'_, AppState>,
    query: SearchQuery,
    rates: PreviewRates,
) -> Result<RewardPage, ErrorPayload> {
    let page = state
        .with_db(|conn| conector_catalog::search(conn, &query))
        .map_err(to_payload)?;
    let rows = page
        .items
        .into_iter()
        .map(|item| {
            let cost = reward_cost(item.current_price_cents(), rates)?;
            Ok(RewardRow { item, cost })
        })
        .collect::<Result<Vec<_>, conector_catalog::CatalogError>>()
        .map_err(to_payload)?;
    Ok(RewardPage {
        rows,
        total: page.total,
        total_is_exact: page.total_is_exact,
        page: page.page,
        page_size: page.page_size,
    })
}

/// What a selection change touches: some SKUs, a variant group, or every search result.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RewardTarget {
    Skus { skus: Vec<String> },
    Group { item_group_id: String },
    Search { query: SearchQuery },
    WholeCatalog,
}

#[tauri::command]
#[specta::specta]
pub fn rewards_select(
    state: State<'_, AppState>,
    target: RewardTarget,
    selected: bool,
) -> Result<SelectionSummary, ErrorPayload> {
    state
        .with_db_mut(|conn| {
            match &target {
                RewardTarget::Skus { skus } => {
                    selection::select_skus(conn, skus, selected)?;
                }
                RewardTarget::Group { item_group_id } => {
                    selection::select_group(conn, item_group_id, selected)?;
                }
                RewardTarget::Search { query } => {
                    selection::select_search(conn, query, selected)?;
                }
                RewardTarget::WholeCatalog => selection::set_whole_catalog(conn, selected)?,
            }
            selection::summary(conn)
        })
        .map_err(to_payload)
}

/// A pasted list of SKUs: the known ones are selected, the unknown ones listed.
#[tauri::command]
#[specta::specta]
pub fn rewards_paste(
    state: State<'_, AppState>,
    text: String,
) -> Result<PastedCheck, ErrorPayload> {
    state
        .with_db_mut(|conn| selection::select_pasted(conn, &text))
        .map_err(to_payload)
}
