//! Google Shopping product feeds (SPEC §2.2): a streaming reader for RSS 2.0 and Atom that
//! takes the quirks of real feeds, and a realistic sample generator.
//!
//! The reader never holds the document: bytes flow from the source (URL, file, stdin) through
//! gzip and encoding decoders into quick-xml's streaming reader (flat memory, nothing expanded),
//! and each kept item goes to a [`FeedSink`] as soon as it is read.
//!
//! ```no_run
//! use conector_feed::{read_feed, CollectItems, FeedSource, ReadOptions};
//! let mut items = CollectItems::default();
//! let summary = read_feed(&FeedSource::from_arg("feed.xml"), &ReadOptions::default(), &mut items)?;
//! println!("{} produtos, {} em estoque", summary.items, summary.in_stock);
//! # Ok::<(), conector_feed::FeedError>(())
//! ```

// The differential tests share their corpus with the integration tests, which name the crate.
#[cfg(test)]
extern crate self as conector_feed;

mod decode;
mod error;
mod item;
mod parse;
mod price;
pub mod sample;
mod source;
mod summary;
mod text;

pub use error::{FeedError, FeedLimit, NotAFeed};
pub use item::{Availability, Item, Problem, ProblemKind};
pub use price::{parse_price, Price};
pub use source::{parse_reader, read_feed, FeedSource, ReadOptions};
pub use summary::{
    in_reais, CollectItems, CurrencyCount, DiscardItems, FeedCurrency, FeedFormat, FeedSink,
    FeedSummary, ProblemCount, Progress, REAIS,
};
