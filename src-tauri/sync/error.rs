use conector_core::db::DbError;
use conector_core::{CodedError, ErrorCode, Params};
use conector_ledger::LedgerError;
use conector_setup::SetupError;
use conector_sync::SyncError;

/// What can go wrong on the sync dashboard; engine and setup errors keep their own codes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PreviewError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("no store configured")]
    NoStore,
    #[error("connection not tested")]
    NotConnected,
    #[error("fewer than {0} final statuses")]
    TooFewFinalStatuses(usize),
    #[error("final status not in the store's list")]
    UnknownStatus,
    #[error("unreadable start date")]
    BadDate,
    #[error("start date in the future")]
    FutureDate,
    #[error("interval out of range")]
    BadInterval { min: u32, max: u32 },
    #[error("handed over since {0}")]
    HandedOver(String),
    #[error("the running sync did not stop in time")]
    StillRunning,
    #[error("background task interrupted")]
    Interrupted(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl CodedError for PreviewError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Sync(e) => e.code(),
            Self::Setup(e) => e.code(),
            Self::Ledger(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::NoStore => ErrorCode::SyncNoStore,
            Self::NotConnected => ErrorCode::SyncNotConnected,
            Self::TooFewFinalStatuses(_) => ErrorCode::SyncTooFewFinalStatuses,
            Self::UnknownStatus => ErrorCode::SyncUnknownStatus,
            Self::BadDate => ErrorCode::SyncBadDate,
            Self::FutureDate => ErrorCode::SyncFutureDate,
            Self::BadInterval { .. } => ErrorCode::SyncBadInterval,
            Self::HandedOver(_) => ErrorCode::SyncHandedOver,
            Self::StillRunning => ErrorCode::SyncStillRunning,
            Self::Interrupted(_) => ErrorCode::SyncInterrupted,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Sync(e) => e.params(),
            Self::Setup(e) => e.params(),
            Self::Ledger(e) => e.params(),
            Self::Db(e) => e.params(),
            Self::TooFewFinalStatuses(min) => Params::new().number("min", *min as i64),
            Self::BadInterval { min, max } => Params::new().number("min", *min).number("max", *max),
            Self::HandedOver(since) => Params::new().date_time("since", since.clone()),
            _ => Params::new(),
        }
    }
}

impl From<rusqlite::Error> for PreviewError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}
