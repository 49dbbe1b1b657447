use conector_core::db::DbError;
use conector_core::{CodedError, MessageCode, Params};
use conector_ledger::LedgerError;
use conector_simplo7::StoreError;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// The store could not be read; the inner error says why (token, address, network).
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("another sync holds this database")]
    AlreadyRunning,
    #[error("no final statuses chosen")]
    NoFinalStatuses,
    #[error("the sync lock could not be taken")]
    Lock(#[source] rusqlite::Error),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Db(DbError::Query(e))
    }
}

impl CodedError for SyncError {
    fn code(&self) -> MessageCode {
        match self {
            SyncError::Store(e) => e.code(),
            SyncError::Ledger(e) => e.code(),
            SyncError::Db(e) => e.code(),
            SyncError::AlreadyRunning => MessageCode::SyncAlreadyRunning,
            SyncError::NoFinalStatuses => MessageCode::SyncNoFinalStatuses,
            SyncError::Lock(_) => MessageCode::SyncLockFailed,
        }
    }

    fn params(&self) -> Params {
        match self {
            SyncError::Store(e) => e.params(),
            SyncError::Ledger(e) => e.params(),
            SyncError::Db(e) => e.params(),
            _ => Params::new(),
        }
    }
}
