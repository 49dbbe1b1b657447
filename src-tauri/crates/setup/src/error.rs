use conector_core::db::DbError;
use conector_core::{CodedError, MessageCode, Params};
use conector_secrets::SecretsError;
use conector_simplo7::StoreError;

/// Every way a setup action can fail; each keeps the code of the domain that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("no store configured (step 1)")]
    NoStore,
    #[error("no token in the keychain for this store")]
    NoToken,
    #[error("activation checklist incomplete")]
    ChecklistIncomplete,
    /// A panel switch that comes before "Ativar integração" is not recorded yet.
    #[error("earlier panel switches not recorded")]
    PanelStepsPending,
    /// A background task ended without an answer (it panicked or the app is closing).
    #[error("background task interrupted")]
    Interrupted(#[source] tokio::task::JoinError),
    /// A value the app itself built could not be serialised (a bug).
    #[error("internal serialisation failed")]
    Json(#[from] serde_json::Error),
}

impl CodedError for SetupError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Store(e) => e.code(),
            Self::Secrets(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::NoStore => MessageCode::SetupNoStore,
            Self::NoToken => MessageCode::SetupNoToken,
            Self::Interrupted(_) => MessageCode::SetupInterrupted,
            Self::Json(_) => MessageCode::Internal,
            Self::ChecklistIncomplete => MessageCode::ActivationChecklistIncomplete,
            Self::PanelStepsPending => MessageCode::ActivationPanelStepsPending,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Store(e) => e.params(),
            Self::Secrets(e) => e.params(),
            Self::Db(e) => e.params(),
            _ => Params::new(),
        }
    }
}

impl From<rusqlite::Error> for SetupError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}
