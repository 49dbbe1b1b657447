use conector_catalog::CatalogError;
use conector_core::db::DbError;
use conector_core::{CodedError, MessageCode, Params};
use conector_demo::DemoError;
use conector_diagnostics::DiagnosticsError;
use conector_ledger::LedgerError;
use conector_secrets::clipboard::ClipboardError;
use conector_setup::SetupError;
use conector_sync::SyncError;

/// What can go wrong in the application layer. Domain errors keep their own codes and
/// parameters; the variants below are the product's own rules.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error(transparent)]
    Diagnostics(#[from] DiagnosticsError),
    #[error(transparent)]
    Clipboard(#[from] ClipboardError),
    #[error(transparent)]
    Remove(#[from] crate::remove::RemoveError),
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
    #[error("return window out of range")]
    BadReturnWindow { min: u32, max: u32 },
    /// The owner recorded that the integration is on in the +fidelidade panel.
    #[error("handed over since {0}")]
    HandedOver(String),
    #[error("the running sync did not stop in time")]
    StillRunning,
    /// The feed address typed is the store's token (nothing of it is kept).
    #[error("feed address looks like a token")]
    FeedLooksLikeToken,
    /// A feed import was asked for while another one runs.
    #[error("a feed import is already running")]
    FeedImportRunning,
    /// "Bateu" / "Não bateu" for an order that is not final or whose 72 hours have not passed.
    #[error("order {number} cannot be answered yet")]
    NotAnswerable { number: String },
    /// An answer for an order the go-live check does not follow.
    #[error("order {0} is not on the go-live card")]
    UnknownGoLiveOrder(u64),
    /// A support message asked for with no order marked "Não bateu".
    #[error("no order marked as not matching")]
    NothingToReport,
    /// A background task ended without an answer (it panicked or the app is closing).
    #[error("background task interrupted")]
    Interrupted(#[source] tokio::task::JoinError),
    /// The feed import's task ended without an answer.
    #[error("feed import interrupted")]
    FeedInterrupted(#[source] tokio::task::JoinError),
    /// A value the app itself built could not be serialised (a bug).
    #[error("internal serialisation failed")]
    Json(#[from] serde_json::Error),
}

impl CodedError for AppError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Setup(e) => e.code(),
            Self::Sync(e) => e.code(),
            Self::Ledger(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::Demo(e) => e.code(),
            Self::Diagnostics(e) => e.code(),
            Self::Clipboard(e) => e.code(),
            Self::Remove(e) => e.code(),
            Self::NoStore => MessageCode::SyncNoStore,
            Self::NotConnected => MessageCode::SyncNotConnected,
            Self::TooFewFinalStatuses(_) => MessageCode::SyncTooFewFinalStatuses,
            Self::UnknownStatus => MessageCode::SyncUnknownStatus,
            Self::BadDate => MessageCode::SyncBadDate,
            Self::FutureDate => MessageCode::SyncFutureDate,
            Self::BadInterval { .. } => MessageCode::SyncBadInterval,
            Self::BadReturnWindow { .. } => MessageCode::SyncBadReturnWindow,
            Self::HandedOver(_) => MessageCode::SyncHandedOver,
            Self::StillRunning => MessageCode::SyncStillRunning,
            Self::FeedLooksLikeToken => MessageCode::FeedLooksLikeToken,
            Self::FeedImportRunning => MessageCode::FeedImportRunning,
            Self::NotAnswerable { .. } => MessageCode::HealthFirstHoursNotAnswerable,
            Self::UnknownGoLiveOrder(_) => MessageCode::HealthFirstHoursUnknownOrder,
            Self::NothingToReport => MessageCode::HealthFirstHoursNothingToReport,
            Self::Interrupted(_) => MessageCode::SyncInterrupted,
            Self::FeedInterrupted(_) => MessageCode::FeedInterrupted,
            Self::Json(_) => MessageCode::Internal,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Setup(e) => e.params(),
            Self::Sync(e) => e.params(),
            Self::Ledger(e) => e.params(),
            Self::Catalog(e) => e.params(),
            Self::Db(e) => e.params(),
            Self::Demo(e) => e.params(),
            Self::Diagnostics(e) => e.params(),
            Self::Remove(e) => e.params(),
            Self::TooFewFinalStatuses(min) => Params::new().number("min", *min as i64),
            Self::BadInterval { min, max } | Self::BadReturnWindow { min, max } => {
                Params::new().number("min", *min).number("max", *max)
            }
            Self::HandedOver(since) => Params::new().date_time("since", since.clone()),
            Self::NotAnswerable { number } => Params::new().text("number", number.clone()),
            Self::UnknownGoLiveOrder(id) => Params::new().text("number", id.to_string()),
            _ => Params::new(),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}

impl From<conector_simplo7::StoreError> for AppError {
    fn from(e: conector_simplo7::StoreError) -> Self {
        Self::Setup(SetupError::Store(e))
    }
}

impl From<conector_secrets::SecretsError> for AppError {
    fn from(e: conector_secrets::SecretsError) -> Self {
        Self::Setup(SetupError::Secrets(e))
    }
}

impl From<conector_feed::FeedError> for AppError {
    fn from(e: conector_feed::FeedError) -> Self {
        Self::Catalog(CatalogError::Feed(e))
    }
}

/// Whose the failure is, for a caller that must say so without a sentence (the command line's
/// exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// The caller's input or the thing checked was refused: a wrong ID, address, date or
    /// token, a document that is not a feed, a rule not met (too few final statuses, go-live
    /// recorded, another run holding the database).
    Input,
    /// The network or a remote server: unreachable, timed out, an HTTP error, a redirect away.
    Remote,
    /// This computer: the database, the keychain's service, a task that ended.
    Internal,
}

impl AppError {
    pub fn blame(&self) -> Blame {
        let store = |e: &conector_simplo7::StoreError| {
            if e.is_input_problem() {
                Blame::Input
            } else {
                Blame::Remote
            }
        };
        let feed = |e: &conector_feed::FeedError| {
            if e.is_remote() {
                Blame::Remote
            } else if e.is_rejection() || matches!(e, conector_feed::FeedError::Open { .. }) {
                Blame::Input
            } else {
                Blame::Internal
            }
        };
        match self {
            Self::Setup(SetupError::Store(e)) | Self::Sync(SyncError::Store(e)) => store(e),
            Self::Catalog(CatalogError::Feed(e)) => feed(e),
            Self::Setup(SetupError::NoToken | SetupError::NoStore | SetupError::Secrets(_))
            | Self::Sync(SyncError::AlreadyRunning | SyncError::NoFinalStatuses)
            | Self::Ledger(LedgerError::NegativeRate(_))
            | Self::Demo(_)
            | Self::NoStore
            | Self::NotConnected
            | Self::TooFewFinalStatuses(_)
            | Self::UnknownStatus
            | Self::BadDate
            | Self::FutureDate
            | Self::BadInterval { .. }
            | Self::BadReturnWindow { .. }
            | Self::HandedOver(_)
            | Self::FeedLooksLikeToken
            | Self::FeedImportRunning => Blame::Input,
            _ => Blame::Internal,
        }
    }
}
