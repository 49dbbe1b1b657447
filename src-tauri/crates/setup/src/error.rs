use conector_catalog::CatalogError;
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
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("no store configured (step 1)")]
    NoStore,
    #[error("no token in the keychain for this store")]
    NoToken,
    #[error("activation checklist incomplete")]
    ChecklistIncomplete,
    /// A panel switch that comes before "Ativar integração" is not recorded yet.
    #[error("earlier panel switches not recorded")]
    PanelStepsPending,
    /// Not an absolute https address (nothing of what was typed is kept).
    #[error("not a complete https link")]
    BadLink,
    /// A link that did not open.
    #[error("link to {host} did not open: {failure:?}")]
    Unreachable { host: String, failure: LinkFailure },
    /// A background task ended without an answer (it panicked or the app is closing).
    #[error("background task interrupted")]
    Interrupted(#[source] tokio::task::JoinError),
    /// A value the app itself built could not be serialised (a bug).
    #[error("internal serialisation failed")]
    Json(#[from] serde_json::Error),
    /// A timestamp could not be formatted (a bug).
    #[error("internal time formatting failed")]
    Time(#[from] time::error::Format),
    /// The HTTP client could not be built (TLS backend).
    #[error("HTTP client setup failed")]
    Http(#[source] reqwest::Error),
}

/// How a link check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFailure {
    Timeout,
    Connect,
    Status(u16),
    /// Still redirecting after [`crate::probe::MAX_REDIRECTS`] redirects.
    TooManyRedirects,
    /// The link, or a redirect, leads to plain http (or another scheme).
    Insecure,
    /// The link, or a redirect, leads to this computer or a private network.
    PrivateAddress,
}

impl CodedError for SetupError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Store(e) => e.code(),
            Self::Secrets(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::NoStore => MessageCode::SetupNoStore,
            Self::NoToken => MessageCode::SetupNoToken,
            Self::Interrupted(_) => MessageCode::SetupInterrupted,
            Self::Json(_) | Self::Time(_) | Self::Http(_) => MessageCode::Internal,
            Self::BadLink => MessageCode::FormInvalidLink,
            Self::ChecklistIncomplete => MessageCode::ActivationChecklistIncomplete,
            Self::PanelStepsPending => MessageCode::ActivationPanelStepsPending,
            Self::Unreachable { failure, .. } => match failure {
                LinkFailure::Timeout => MessageCode::FormLinkTimeout,
                LinkFailure::Connect => MessageCode::FormUnreachable,
                LinkFailure::Status(_) => MessageCode::FormLinkStatus,
                LinkFailure::TooManyRedirects => MessageCode::FormLinkTooManyRedirects,
                LinkFailure::Insecure => MessageCode::FormLinkInsecure,
                LinkFailure::PrivateAddress => MessageCode::FormLinkPrivateAddress,
            },
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Store(e) => e.params(),
            Self::Secrets(e) => e.params(),
            Self::Db(e) => e.params(),
            Self::Catalog(e) => e.params(),
            Self::Unreachable { host, failure } => {
                let params = Params::new().text("host", host.clone());
                match failure {
                    LinkFailure::Status(status) => params.number("status", *status),
                    LinkFailure::TooManyRedirects => {
                        params.number("max", crate::probe::MAX_REDIRECTS)
                    }
                    _ => params,
                }
            }
            _ => Params::new(),
        }
    }
}

impl From<rusqlite::Error> for SetupError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}
