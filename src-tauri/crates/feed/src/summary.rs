//! The sink that receives items as they are read, progress reports, and the final summary.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use serde::Serialize;

use crate::item::{Item, Problem, ProblemKind};

/// Receives kept items in document order while the feed is still downloading, so the UI can
/// show the first products at once and the catalogue can import without holding the feed.
pub trait FeedSink {
    /// One kept item, handed over (a sink that keeps it need not copy it). `Break` stops the
    /// read (the caller keeps its own reason).
    fn item(&mut self, item: Item) -> ControlFlow<()>;

    /// Called every few hundred milliseconds while reading, and once at the end.
    fn progress(&mut self, _progress: &Progress) {}
}

/// A sink that only counts (the summary is built anyway); for `feed check`.
pub struct DiscardItems;

impl FeedSink for DiscardItems {
    fn item(&mut self, _item: Item) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

/// Collects every item in memory: for tests and small feeds only.
#[derive(Default)]
pub struct CollectItems(pub Vec<Item>);

impl FeedSink for CollectItems {
    fn item(&mut self, item: Item) -> ControlFlow<()> {
        self.0.push(item);
        ControlFlow::Continue(())
    }
}

impl<F: FnMut(Item) -> ControlFlow<()>> FeedSink for F {
    fn item(&mut self, item: Item) -> ControlFlow<()> {
        self(item)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct Progress {
    /// Bytes received so far (compressed bytes for a gzip download).
    pub bytes_done: u64,
    /// From `Content-Length` or the file size, when known.
    pub bytes_total: Option<u64>,
    pub items: u32,
    pub skipped: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FeedFormat {
    Rss,
    Atom,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct ProblemCount {
    pub kind: ProblemKind,
    pub count: u32,
}

/// How many kept products carry one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct CurrencyCount {
    /// ISO 4217 code ("BRL", "KZT"); a price without one counts as "BRL".
    pub code: String,
    pub items: u32,
}

/// The currency the feed's prices are in, read from `g:price` ("699990.00 KZT"). The reward
/// costs, the coupon sample and the preview's points are in reais: a feed in another currency
/// cannot be put in R$, and the owner is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedCurrency {
    /// Every price in reais: "BRL", "R$", or no currency written (a Brazilian store's bare
    /// number).
    Reais,
    /// Every price in one other currency.
    Other { code: String },
    /// More than one currency, the commonest first.
    Mixed { counts: Vec<CurrencyCount> },
}

/// The ISO code of reais.
pub const REAIS: &str = "BRL";

impl FeedCurrency {
    /// The feed's currency from how many products carry each.
    pub fn from_counts(mut counts: Vec<CurrencyCount>) -> FeedCurrency {
        counts.retain(|c| c.items > 0);
        counts.sort_by(|a, b| b.items.cmp(&a.items).then_with(|| a.code.cmp(&b.code)));
        match counts.as_slice() {
            [] => FeedCurrency::Reais,
            [only] if only.code == REAIS => FeedCurrency::Reais,
            [only] => FeedCurrency::Other {
                code: only.code.clone(),
            },
            _ => FeedCurrency::Mixed { counts },
        }
    }

    /// True when every price is in reais.
    pub fn is_reais(&self) -> bool {
        *self == FeedCurrency::Reais
    }
}

/// Whether a product's price is in reais (its currency is BRL or unstated).
pub fn in_reais(currency: Option<&str>) -> bool {
    currency.is_none_or(|code| code.eq_ignore_ascii_case(REAIS))
}

/// What a completed read found. Counts other than `skipped` are over the kept items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct FeedSummary {
    pub format: FeedFormat,
    /// Items kept (with an id and a readable price, first of their id).
    pub items: u32,
    pub skipped: u32,
    /// Distinct non-empty `item_group_id` values.
    pub variant_groups: u32,
    /// Of those, the groups with more than one kept product (real variants). `None` in a
    /// summary stored before it was counted.
    #[serde(default)]
    pub multi_variant_groups: Option<u32>,
    pub in_stock: u32,
    pub with_sale_price: u32,
    pub with_image: u32,
    /// Every problem counted, even those past the stored list.
    pub problems_total: u32,
    pub problem_counts: Vec<ProblemCount>,
    /// The first problems, in document order (the list is capped; `problems_total` is not).
    pub problems: Vec<Problem>,
    /// Bytes read from the source (before decompression).
    pub bytes: u64,
    /// The currency of the prices. `None` in a summary stored before it was read.
    #[serde(default)]
    pub currency: Option<FeedCurrency>,
}

pub(crate) struct Tally {
    pub items: u32,
    pub skipped: u32,
    pub in_stock: u32,
    pub with_sale_price: u32,
    pub with_image: u32,
    /// Kept products per variant group (by a hash of its id).
    pub groups: std::collections::HashMap<u64, u32>,
    /// Kept products per currency code.
    pub currencies: BTreeMap<String, u32>,
    pub problems_total: u32,
    pub counts: BTreeMap<ProblemKind, u32>,
    pub problems: Vec<Problem>,
    pub max_problems: usize,
}

impl Tally {
    pub fn new(max_problems: usize) -> Tally {
        Tally {
            items: 0,
            skipped: 0,
            in_stock: 0,
            with_sale_price: 0,
            with_image: 0,
            groups: std::collections::HashMap::new(),
            currencies: BTreeMap::new(),
            problems_total: 0,
            counts: BTreeMap::new(),
            problems: Vec::new(),
            max_problems,
        }
    }

    pub fn problem(
        &mut self,
        position: u32,
        id: Option<&str>,
        kind: ProblemKind,
        detail: Option<&str>,
    ) {
        self.problems_total += 1;
        *self.counts.entry(kind).or_insert(0) += 1;
        if self.problems.len() < self.max_problems {
            self.problems.push(Problem {
                position,
                id: id.map(str::to_owned),
                kind,
                detail: detail.map(|d| d.chars().take(80).collect()),
            });
        }
    }

    pub fn finish(self, format: FeedFormat, bytes: u64) -> FeedSummary {
        FeedSummary {
            format,
            items: self.items,
            skipped: self.skipped,
            variant_groups: self.groups.len() as u32,
            multi_variant_groups: Some(self.groups.values().filter(|&&n| n > 1).count() as u32),
            in_stock: self.in_stock,
            with_sale_price: self.with_sale_price,
            with_image: self.with_image,
            problems_total: self.problems_total,
            problem_counts: self
                .counts
                .into_iter()
                .map(|(kind, count)| ProblemCount { kind, count })
                .collect(),
            problems: self.problems,
            bytes,
            currency: Some(FeedCurrency::from_counts(
                self.currencies
                    .into_iter()
                    .map(|(code, items)| CurrencyCount { code, items })
                    .collect(),
            )),
        }
    }
}
