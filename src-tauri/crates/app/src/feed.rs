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
    let Some(_going) = ctx.claim_feed_import(&url) else {
        let e = AppError::FeedImportRunning;
        sink(FeedEvent::Failed { error: e.payload() });
        return Err(e);
    };
    // Every event also reaches whoever follows the import (step 6 shown again), and the latest
    // progress is kept for the next one; the page that started it hears it last, unlocked.
    let mut tell = |event: FeedEvent| {
        ctx.with_running_import(|running| {
            if let Some(running) = running {
                if matches!(event, FeedEvent::Progress { .. }) {
                    running.progress = Some(event.clone());
                }
                for follower in &running.followers {
                    follower(event.clone());
                }
            }
        });
        sink(event);
    };
    let sink: &mut (dyn FnMut(FeedEvent) + Send) = &mut tell;
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

/// Step 6 shown again while an import runs: `follower` hears `started` and the latest progress
/// at once, then every event of the import to its end. `false` when no import is going.
pub fn follow(ctx: &Context, follower: Box<dyn Fn(FeedEvent) + Send>) -> bool {
    ctx.with_running_import(|running| match running {
        Some(running) => {
            follower(FeedEvent::Started);
            if let Some(progress) = &running.progress {
                follower(progress.clone());
            }
            running.followers.push(follower);
            true
        }
        None => false,
    })
}

/// Stops a running import; the previous catalogue stays as it was.
pub fn cancel(ctx: &Context) {
    ctx.feed_cancel().store(true, Ordering::SeqCst);
}

/// Whether +fidelidade could download the feed from an address entered in its panel (issue
/// #21 item 6): step 6 and the review card say so. Decided by the download policy's own
/// functions — [`Policy::is_demo_store`] and [`conector_fetch::outside_reach`] — never by a
/// second copy of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PanelReach {
    /// A public https address: nothing to say.
    Public,
    /// The running demo store's own feed: made-up products, not for a real panel.
    DemoStore,
    /// Plain http on a public host.
    PlainHttp,
    /// This computer (`localhost`, a loopback address).
    ThisComputer,
    /// A private network, or a name that is not a full domain.
    PrivateNetwork,
}

impl PanelReach {
    /// How `address` looks to +fidelidade under `policy` (the app's, which knows the running
    /// demo store); `None` when it is not a complete address.
    pub fn of(policy: &Policy, address: &str) -> Option<PanelReach> {
        use conector_fetch::OutsideReach;
        if policy.is_demo_store(address) {
            return Some(PanelReach::DemoStore);
        }
        match conector_fetch::outside_reach(address) {
            OutsideReach::Public => Some(PanelReach::Public),
            OutsideReach::PlainHttp => Some(PanelReach::PlainHttp),
            OutsideReach::ThisComputer => Some(PanelReach::ThisComputer),
            OutsideReach::PrivateNetwork => Some(PanelReach::PrivateNetwork),
            OutsideReach::Invalid => None,
        }
    }

    /// The sentence the owner reads (naming the host only), or `None` for a public address.
    pub fn note(self, address: &str) -> Option<ErrorPayload> {
        let code = match self {
            PanelReach::Public => return None,
            PanelReach::DemoStore => MessageCode::FeedPanelDemoStore,
            PanelReach::PlainHttp => MessageCode::FeedPanelPlainHttp,
            PanelReach::ThisComputer => MessageCode::FeedPanelThisComputer,
            PanelReach::PrivateNetwork => MessageCode::FeedPanelPrivateNetwork,
        };
        let host = url::Url::parse(address.trim())
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        Some(ErrorPayload::with(
            code,
            conector_core::Params::new().text("host", host),
        ))
    }
}

/// What step 6 and the review card say about the feed address for the panel: `None` when
/// +fidelidade could download it (or there is no address yet).
pub fn panel_note(policy: &Policy, address: &str) -> Option<ErrorPayload> {
    PanelReach::of(policy, address).and_then(|reach| reach.note(address))
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FeedStatus {
    /// The last feed address imported successfully.
    pub url: Option<String>,
    /// What to know before entering `url` in the +fidelidade panel ([`panel_note`]): the demo
    /// store's feed, or an address +fidelidade could not reach.
    pub panel_note: Option<ErrorPayload>,
    /// The demo store's feed, offered when the demo store is the store.
    pub demo_url: Option<String>,
    pub last_import: Option<LastImport>,
    pub selection: SelectionSummary,
    /// The address of the import going now, if one is: step 6 shows its progress and
    /// "Cancelar", and follows it ([`follow`]).
    pub importing: Option<String>,
}

pub async fn status(ctx: &Context) -> Result<FeedStatus, AppError> {
    let demo_url = ctx.demo_feed_url().await;
    let policy = ctx.download_policy(Policy::feed());
    ctx.with_db(|conn| {
        let url = conector_setup::integration::feed_url(conn)?;
        Ok(FeedStatus {
            panel_note: url.as_deref().and_then(|u| panel_note(&policy, u)),
            url,
            demo_url,
            last_import: last_import(conn)?,
            selection: selection::summary(conn)?,
            importing: ctx.with_running_import(|r| r.as_ref().map(|r| r.url.clone())),
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

    /// The verdicts step 6 and the review card show for the feed address (issue #21 item 6):
    /// the running demo store's own feed says it is the demo (and only on its exact origin),
    /// loopback, private and plain-http addresses say +fidelidade could not (or may not) reach
    /// them, naming the host; a public https address says nothing.
    #[test]
    fn the_panel_note_says_when_fidelidade_could_not_reach_the_feed() {
        let policy = Policy::feed().with_demo_store(Some("http://127.0.0.1:43210/"));
        let cases = [
            (
                "http://127.0.0.1:43210/feed.xml",
                Some(PanelReach::DemoStore),
                Some((MessageCode::FeedPanelDemoStore, "127.0.0.1")),
            ),
            // Another port on this computer is not the demo store.
            (
                "http://127.0.0.1:8080/x.xml",
                Some(PanelReach::ThisComputer),
                Some((MessageCode::FeedPanelThisComputer, "127.0.0.1")),
            ),
            (
                "https://localhost/feed.xml",
                Some(PanelReach::ThisComputer),
                Some((MessageCode::FeedPanelThisComputer, "localhost")),
            ),
            (
                "https://192.168.0.10/feed.xml",
                Some(PanelReach::PrivateNetwork),
                Some((MessageCode::FeedPanelPrivateNetwork, "192.168.0.10")),
            ),
            (
                "https://minhaloja/feed.xml",
                Some(PanelReach::PrivateNetwork),
                Some((MessageCode::FeedPanelPrivateNetwork, "minhaloja")),
            ),
            (
                "http://www.lojaexemplo.com.br/xml/google.xml",
                Some(PanelReach::PlainHttp),
                Some((MessageCode::FeedPanelPlainHttp, "www.lojaexemplo.com.br")),
            ),
            (
                "https://www.lojaexemplo.com.br/xml/google.xml",
                Some(PanelReach::Public),
                None,
            ),
            ("não é endereço", None, None),
        ];
        for (address, reach, note) in cases {
            assert_eq!(PanelReach::of(&policy, address), reach, "{address}");
            let got = panel_note(&policy, address);
            assert_eq!(
                got.as_ref().map(|p| p.code),
                note.map(|(code, _)| code),
                "{address}"
            );
            if let (Some(payload), Some((_, host))) = (got, note) {
                assert_eq!(
                    payload.params.get("host"),
                    Some(&conector_core::Param::Text(host.into())),
                    "{address}"
                );
            }
        }
        // Without a running demo store, its old address is just this computer.
        assert_eq!(
            PanelReach::of(&Policy::feed(), "http://127.0.0.1:43210/feed.xml"),
            Some(PanelReach::ThisComputer)
        );
    }
}
