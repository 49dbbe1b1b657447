//! Google Shopping product feeds (SPEC §2.2): a streaming reader for RSS 2.0 and Atom that
//! takes the quirks of real feeds. (The sample feeds of the demo store, the benchmarks and the
//! tests are made by `conector-samples`.)
//!
//! The reader never holds the document: bytes flow from any reader (a download, a file, stdin:
//! `conector-fetch` opens them) through gzip and encoding decoders into quick-xml's streaming
//! reader (flat memory, nothing expanded), and each kept item goes to a [`FeedSink`] as soon as
//! it is read. This crate reads; it never downloads.
//!
//! ```no_run
//! use conector_feed::{parse_reader, CollectItems, ReadOptions};
//! let file = std::fs::File::open("feed.xml").expect("a feed file");
//! let mut items = CollectItems::default();
//! let summary = parse_reader(file, None, &ReadOptions::default(), &mut items)?;
//! println!("{} produtos, {} em estoque", summary.items, summary.in_stock);
//! # Ok::<(), conector_feed::FeedError>(())
//! ```

// The differential tests share their corpus with the integration tests, which name the crate.
#[cfg(test)]
extern crate self as conector_feed;

mod decode;
mod error;
mod item;
mod open;
mod options;
mod parse;
mod price;
mod read;
mod summary;
mod text;

pub use error::{FeedError, FeedLimit, NotAFeed, Refusal};
pub use item::{Availability, Item, Problem, ProblemKind};
pub use options::ReadOptions;
pub use price::{parse_price, Price};
pub use read::parse_reader;
pub use summary::{
    in_reais, CollectItems, CurrencyCount, DiscardItems, FeedCurrency, FeedFormat, FeedSink,
    FeedSummary, ProblemCount, Progress, REAIS,
};
