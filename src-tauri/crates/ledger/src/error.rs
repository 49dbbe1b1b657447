use conector_core::{CodedError, MessageCode, Params};

/// What can go wrong in the ledger. Every failure is a database failure: the rules themselves
/// are total (an order that cannot earn is stored with a skip reason, never rejected).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    #[error("ledger write failed")]
    Db(#[from] rusqlite::Error),
    #[error("points rate must be zero or positive")]
    NegativeRate(i64),
}

impl CodedError for LedgerError {
    fn code(&self) -> MessageCode {
        match self {
            LedgerError::Db(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                MessageCode::DbLocked
            }
            LedgerError::Db(_) => MessageCode::LedgerDbFailed,
            LedgerError::NegativeRate(_) => MessageCode::LedgerNegativeRate,
        }
    }

    fn params(&self) -> Params {
        match self {
            LedgerError::NegativeRate(rate) => Params::new().number("rate", *rate),
            LedgerError::Db(_) => Params::new(),
        }
    }
}
