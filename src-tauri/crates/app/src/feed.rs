//! Steps 5–6 and the reward picker: download and import the product feed (the previous
//! catalogue stays until the new one is complete), search the catalogue, choose rewards.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use conector_catalog::{
    import_into_db, last_import, reward_cost, selection, CatalogError, CatalogItem, ImportObserver,
    ImportReport, LastImport, PastedCheck, RewardCost, SearchQuery, SelectionSummary,
};
use conector_core::{CodedError, ErrorPayload, MessageCode};
use conector_feed::{in_reais, parse_price, Availability, Progress};
use serde::{Deserialize, Serialize};

/// The reader and the download step 6 uses, for `conector feed check` and `feed export`.
pub use conector_feed::{DiscardItems, FeedError, FeedFormat, FeedSummary, Item, ReadOptions};
pub use conector_fetch::feed::{read_feed, FeedSource};
/// The download policy a feed address is read under (`Policy::feed`, with the running demo
/// store's address when there is one).
pub use conector_fetch::Policy;

use crate::{AppError, Context};

/// How many products the page shows while the download is still running.
pub const FIRST_ITEMS: u32 = 50;

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

/// What an import reports while it runs, in order: `started`, `item` (the first products)
/// and `progress` interleaved, then `finished` or `failed`. Same tag and failure payload as
/// every other long task (see `crate::sync::SyncProgress`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
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

struct Forward<'a> {
    sink: &'a mut (dyn FnMut(FeedEvent) + Send),
    sent_items: u32,
    last_progress: Option<Instant>,
}

impl ImportObserver for Forward<'_> {
    fn item(&mut self, item: &Item) {
        if self.sent_items < FIRST_ITEMS {
            self.sent_items += 1;
            (self.sink)(FeedEvent::Item { item: item.into() });
        }
    }

    fn progress(&mut self, p: &Progress) {
        // Ten updates a second are plenty for a progress bar.
        let due = self
            .last_progress
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(100));
        if due {
            self.last_progress = Some(Instant::now());
            (self.sink)(FeedEvent::Progress {
                bytes_done: p.bytes_done,
                bytes_total: p.bytes_total,
                items: p.items,
                skipped: p.skipped,
            });
        }
    }
}

/// Downloads, parses and imports the feed at `url` (blocking: call it off the async workers),
/// reporting to `sink`. On success the address is remembered for the review card and the
/// health checks; on failure the previous catalogue and address stay.
pub fn import(
    ctx: &Context,
    url: &str,
    sink: &mut (dyn FnMut(FeedEvent) + Send),
) -> Result<ImportReport, AppError> {
    let url = url.trim().to_owned();
    if looks_like_token_address(&url) {
        // Not even looked up: a DNS query would carry it to the network's resolver.
        let e = AppError::FeedLooksLikeToken;
        sink(FeedEvent::Failed { error: e.payload() });
        return Err(e);
    }
    let _going = ctx.feed_import_going();
    let options = ReadOptions::default();
    ctx.replace_feed_cancel(options.cancel.clone());
    sink(FeedEvent::Started);
    let mut forward = Forward {
        sink,
        sent_items: 0,
        last_progress: None,
    };
    let source = FeedSource::Url(url.clone());
    let policy = ctx.download_policy(Policy::feed());
    let reading = options.clone();
    let outcome = import_into_db(
        ctx.database_path(),
        &url,
        &options,
        &mut forward,
        move |sink| read_feed(&source, &policy, &reading, sink),
    );
    let sink = forward.sink;
    let report = match outcome {
        Ok(report) => report,
        Err(e) => {
            let e = AppError::from(e);
            sink(FeedEvent::Failed { error: e.payload() });
            return Err(e);
        }
    };
    if let Err(e) = ctx.with_db(|conn| conector_setup::integration::save_feed_url(conn, &url)) {
        let e = AppError::from(e);
        sink(FeedEvent::Failed { error: e.payload() });
        return Err(e);
    }
    sink(FeedEvent::Finished {
        report: report.clone(),
    });
    Ok(report)
}

/// True when the typed feed address is the store's token pasted in the wrong field (the whole
/// text, or the host of an address).
fn looks_like_token_address(text: &str) -> bool {
    let host = text
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#', ':']).next().unwrap_or_default());
    conector_core::looks_like_token(text) || host.is_some_and(conector_core::looks_like_token)
}

/// The failure to report when the import task itself died (it panicked).
pub fn interrupted() -> ErrorPayload {
    ErrorPayload::new(MessageCode::FeedInterrupted)
}

/// Stops a running import; the previous catalogue stays as it was.
pub fn cancel(ctx: &Context) {
    ctx.feed_cancel().store(true, Ordering::SeqCst);
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

pub async fn status(ctx: &Context) -> Result<FeedStatus, AppError> {
    let demo_url = ctx.demo_feed_url().await;
    ctx.with_db(|conn| {
        Ok(FeedStatus {
            url: conector_setup::integration::feed_url(conn)?,
            demo_url,
            last_import: last_import(conn)?,
            selection: selection::summary(conn)?,
        })
    })
}

/// The reward picker's search as the owner types it: prices as typed ("R$ 1.299,90", "50"),
/// read here the same way feed prices are.
#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct RewardSearch {
    pub text: String,
    pub in_stock_only: bool,
    pub with_image_only: bool,
    pub min_price: String,
    pub max_price: String,
    pub group_variants: bool,
    pub page: u32,
    pub page_size: u32,
}

impl RewardSearch {
    /// A price bound that cannot be read is ignored (the field shows it as typed).
    pub fn query(&self) -> SearchQuery {
        let cents = |text: &str| parse_price(text).map(|p| p.cents);
        SearchQuery {
            text: self.text.clone(),
            in_stock_only: self.in_stock_only,
            with_image_only: self.with_image_only,
            min_price_cents: cents(&self.min_price),
            max_price_cents: cents(&self.max_price),
            group_variants: self.group_variants,
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// One row of the reward picker: the product and what it would cost as a reward.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RewardRow {
    pub item: CatalogItem,
    /// `None` when the product is priced in another currency than reais: the preview rates
    /// count points per R$ 1, and the app converts nothing.
    pub cost: Option<RewardCost>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RewardPage {
    pub rows: Vec<RewardRow>,
    pub total: u32,
    pub total_is_exact: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Search as you type, with each product's reward cost at the saved preview rates.
pub fn search(ctx: &Context, search: &RewardSearch) -> Result<RewardPage, AppError> {
    let (page, rates) = ctx.with_db(|conn| {
        let page = conector_catalog::search(conn, &search.query())?;
        Ok::<_, AppError>((page, crate::rates::load(conn)?))
    })?;
    let rows = page
        .items
        .into_iter()
        .map(|item| {
            let cost = in_reais(item.currency.as_deref())
                .then(|| reward_cost(item.current_price_cents(), rates))
                .transpose()?;
            Ok(RewardRow { item, cost })
        })
        .collect::<Result<Vec<_>, CatalogError>>()?;
    Ok(RewardPage {
        rows,
        total: page.total,
        total_is_exact: page.total_is_exact,
        page: page.page,
        page_size: page.page_size,
    })
}

/// What a selection change touches: some SKUs, a variant group, every search result, or the
/// whole catalogue.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RewardTarget {
    Skus { skus: Vec<String> },
    Group { item_group_id: String },
    Search { search: RewardSearch },
    WholeCatalog,
}

pub fn select(
    ctx: &Context,
    target: &RewardTarget,
    selected: bool,
) -> Result<SelectionSummary, AppError> {
    Ok(ctx.with_db_mut(|conn| {
        match target {
            RewardTarget::Skus { skus } => {
                selection::select_skus(conn, skus, selected)?;
            }
            RewardTarget::Group { item_group_id } => {
                selection::select_group(conn, item_group_id, selected)?;
            }
            RewardTarget::Search { search } => {
                selection::select_search(conn, &search.query(), selected)?;
            }
            RewardTarget::WholeCatalog => selection::set_whole_catalog(conn, selected)?,
        }
        selection::summary(conn)
    })?)
}

/// A pasted list of SKUs: the known ones are selected, the unknown ones listed — except that
/// an unknown entry that looks like the store's token (pasted in the wrong box) comes back only
/// as its mask, so the page never shows it.
pub fn paste(ctx: &Context, text: &str) -> Result<PastedCheck, AppError> {
    let mut check = ctx.with_db_mut(|conn| selection::select_pasted(conn, text))?;
    for sku in &mut check.unknown {
        if conector_core::looks_like_token(sku) {
            *sku = conector_core::Secret::new(sku.as_str()).mask();
        }
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_typed_as_the_feed_address_is_caught_before_any_lookup() {
        let token = "8f14e45fceea167a5a36dedd4bea2543";
        for typed in [
            token.to_owned(),
            format!("https://{token}/feed.xml"),
            format!("http://{token}:8080/"),
        ] {
            assert!(looks_like_token_address(&typed), "{typed}");
        }
        for feed in [
            "https://www.minhaloja.com.br/xml/google-shopping.xml",
            "http://127.0.0.1:8088/feed.xml",
            "https://cdn.loja.com.br/feeds/8f14e45fceea167a5a36dedd4bea2543.xml",
        ] {
            assert!(!looks_like_token_address(feed), "{feed}");
        }
    }
}
