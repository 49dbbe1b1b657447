//! The product catalogue (SPEC §4, §6): the parsed Google Shopping feed kept in the app's
//! SQLite database, searched as the owner types, and the reward selection made over it.
//!
//! - [`import_feed`] / [`import_into_db`]: read a feed and replace the catalogue atomically,
//!   reporting each item as it is read (first products on screen) and progress.
//! - [`search`], [`variants`], [`item`]: the catalogue list.
//! - [`selection`]: rewards chosen by SKU, group, search results, pasted list or the whole
//!   catalogue; survives re-imports.
//! - [`rewards`]: points and spend previews, coupon sample.
//!
//! The schema is migration 2 of `conector_core::db`.

mod error;
mod import;
mod query;
pub mod rewards;
mod search;
pub mod selection;
mod staging;

pub use error::CatalogError;
pub use import::{
    import_feed, import_into_db, import_reader, last_import, ImportObserver, ImportReport,
    LastImport, Quiet,
};
pub use query::SearchQuery;
pub use rewards::{
    coupon_preview, reward_cost, CouponPreview, PreviewRates, RewardCost, MAX_COST_POINTS_PER_REAL,
    MAX_EARN_POINTS_PER_REAL,
};
pub use search::{
    count, item, sample_reward, search, variants, CatalogItem, SearchPage, COUNT_CAP,
};
pub use selection::{PastedCheck, SelectionSummary};
