//! Errors of the catalogue. Text is the UI's (see `conector_core::error`).

use conector_core::{CodedError, MessageCode, Params};
use conector_feed::FeedError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The feed could not be read; the previous catalogue is untouched.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// The app database could not be opened or migrated.
    #[error(transparent)]
    Open(#[from] conector_core::db::DbError),
    /// Writing the catalogue failed; the previous one was kept.
    #[error("catalogue write failed")]
    Db(#[from] rusqlite::Error),
    #[error("preview rate must be a whole number from 1 to {max}")]
    InvalidRate { max: u32 },
    #[error("coupon validity must be 1 to 3650 days")]
    InvalidCouponDays,
}

impl CodedError for CatalogError {
    fn code(&self) -> MessageCode {
        match self {
            CatalogError::Feed(e) => e.code(),
            CatalogError::Open(e) => e.code(),
            CatalogError::Db(e) if is_locked(e) => MessageCode::DbLocked,
            CatalogError::Db(_) => MessageCode::CatalogDbFailed,
            CatalogError::InvalidRate { .. } => MessageCode::CatalogInvalidRate,
            CatalogError::InvalidCouponDays => MessageCode::CatalogInvalidCouponDays,
        }
    }

    fn params(&self) -> Params {
        match self {
            CatalogError::Feed(e) => e.params(),
            CatalogError::Open(e) => e.params(),
            CatalogError::InvalidRate { max } => Params::new().number("min", 1).number("max", *max),
            _ => Params::new(),
        }
    }
}

fn is_locked(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
