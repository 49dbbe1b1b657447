//! Domain core of Conector +fidelidade.
//!
//! Nothing here knows about Tauri: the desktop shell, the command line and the tests all call
//! these plain functions. A check in `tests/architecture.rs` keeps it that way.

pub mod activation;
pub mod codes;
pub mod db;
pub mod error;
pub mod locale;
pub mod redact;
pub mod settings;
pub mod timestamp;
pub mod wizard;
pub mod write_turn;

pub use error::{log_error, CodedError, ErrorPayload, MessageCode, Money, Param, Params};
pub use locale::Locale;
pub use redact::{looks_like_token, Secret};

/// Simplo7 stores record dates in Brasília time: UTC−3, with no daylight saving since 2019.
/// Every "store day" (orders since, today in the store, a coupon's last day) uses this offset.
pub const STORE_UTC_OFFSET: time::UtcOffset = time::macros::offset!(-3);

/// The coupon validity +fidelidade's integration form accepts, in days: step 9's form checks
/// it and the catalogue's coupon preview keeps to it.
pub const COUPON_DAYS: std::ops::RangeInclusive<u16> = 1..=3650;

/// How the app names itself to every server it calls (the store's API, the feed's host, the
/// owner's links): one product token, so a store's or a host's logs show one name.
pub const USER_AGENT: &str = concat!("ConectorFidelidade/", env!("CARGO_PKG_VERSION"));
