//! Everything that can go wrong talking to a store. Text is the UI's (see
//! `conector_core::error`).
//!
//! No variant carries the token or what the owner typed: errors are built from statuses, hosts,
//! counts and typed reasons only.

use conector_core::{CodedError, MessageCode, Params};

/// The longest store ID accepted; real IDs are a handful of digits.
pub(crate) const MAX_STORE_ID_DIGITS: usize = 12;

/// What is wrong with a typed store ID, without repeating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreIdProblem {
    /// Letters among the digits.
    Letters,
    /// Long letters-and-digits text: a token pasted in the wrong field.
    LooksLikeToken,
    /// More digits than any real store ID.
    TooLong,
    /// Spaces, dots, dashes or other symbols.
    Symbols,
}

/// What is wrong with a typed custom domain / API base, without repeating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    Empty,
    /// Not an address at all.
    NotAUrl,
    /// Long letters-and-digits text: a token pasted in the wrong field.
    LooksLikeToken,
    /// No domain, or one without a dot (`minhaloja`).
    Incomplete,
    /// Not `https://` (nor `http://` on this computer).
    Scheme,
    /// `user:password@` in the address.
    Credentials,
    /// `?` or `#` in the address.
    Query,
    /// A path other than `/ws/`.
    Path,
}

/// What the store's address answered instead of JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotJsonBody {
    Empty,
    Html,
    Text,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("no store ID")]
    MissingStoreId,

    #[error("invalid store ID: {0:?}")]
    InvalidStoreId(StoreIdProblem),

    #[error("invalid store address: {0:?}")]
    InvalidAddress(AddressProblem),

    /// Plain `http://` to a host that is not this computer.
    #[error("clear-text http address refused")]
    InsecureAddress,

    #[error("no token")]
    MissingToken,

    #[error("token holds characters a header cannot carry")]
    MalformedToken,

    #[error("token refused by the store (401/403)")]
    TokenRejected,

    /// Nothing that answers like a Simplo7 store at this host.
    #[error("no store at {host}")]
    NotFound { host: String },

    #[error("order {0} not found")]
    OrderNotFound(u64),

    #[error("{host} answered {body:?} instead of JSON")]
    NotJson { host: String, body: NotJsonBody },

    /// A JSON shape the client cannot read. `detail` is technical, for the logs only.
    #[error("unexpected response: {detail}")]
    UnexpectedResponse { detail: String },

    /// The network failed (refused, dropped, timed out) after the retries.
    #[error("store at {host} unreachable ({failure:?})")]
    Unreachable { host: String, failure: NetFailure },

    #[error("rate limited after {attempts} attempts")]
    RateLimited { attempts: u32 },

    #[error("server error {status} after {attempts} attempts")]
    ServerError { status: u16, attempts: u32 },

    #[error("unexpected HTTP status {status}")]
    UnexpectedStatus { status: u16 },

    #[error("store still announces more pages after {pages}")]
    EndlessPages { pages: u32 },

    /// The store answered with a redirect to another origin (scheme, host or port). It was not
    /// followed: the token stays with the address it was tested against. `host` is the
    /// target's host name only.
    #[error("redirect to another origin ({host}) refused")]
    RedirectedAway { host: String },

    /// The HTTP client could not be built (TLS backend).
    #[error("HTTP client setup failed")]
    Setup(#[source] reqwest::Error),
}

/// How a request failed on the network, for the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetFailure {
    Timeout,
    Refused,
    Dropped,
    NotTried,
}

impl CodedError for StoreError {
    fn code(&self) -> MessageCode {
        match self {
            Self::MissingStoreId => MessageCode::StoreMissingStoreId,
            Self::InvalidStoreId(problem) => match problem {
                StoreIdProblem::Letters => MessageCode::StoreIdLetters,
                StoreIdProblem::LooksLikeToken => MessageCode::StoreIdLooksLikeToken,
                StoreIdProblem::TooLong => MessageCode::StoreIdTooLong,
                StoreIdProblem::Symbols => MessageCode::StoreInvalidStoreId,
            },
            Self::InvalidAddress(problem) => match problem {
                AddressProblem::Empty => MessageCode::StoreAddressEmpty,
                AddressProblem::NotAUrl => MessageCode::StoreInvalidAddress,
                AddressProblem::LooksLikeToken => MessageCode::StoreAddressLooksLikeToken,
                AddressProblem::Incomplete => MessageCode::StoreAddressIncomplete,
                AddressProblem::Scheme => MessageCode::StoreAddressScheme,
                AddressProblem::Credentials => MessageCode::StoreAddressCredentials,
                AddressProblem::Query => MessageCode::StoreAddressQuery,
                AddressProblem::Path => MessageCode::StoreAddressPath,
            },
            Self::InsecureAddress => MessageCode::StoreInsecureAddress,
            Self::MissingToken => MessageCode::StoreMissingToken,
            Self::MalformedToken => MessageCode::StoreMalformedToken,
            Self::TokenRejected => MessageCode::StoreTokenRejected,
            Self::NotFound { .. } => MessageCode::StoreNotFound,
            Self::OrderNotFound(_) => MessageCode::StoreOrderNotFound,
            Self::NotJson { body, .. } => match body {
                NotJsonBody::Empty => MessageCode::StoreNotJsonEmpty,
                NotJsonBody::Html => MessageCode::StoreNotJsonHtml,
                NotJsonBody::Text => MessageCode::StoreNotJson,
            },
            Self::UnexpectedResponse { .. } => MessageCode::StoreUnexpectedResponse,
            Self::Unreachable { failure, .. } => match failure {
                NetFailure::Timeout => MessageCode::StoreTimeout,
                _ => MessageCode::StoreUnreachable,
            },
            Self::RateLimited { .. } => MessageCode::StoreRateLimited,
            Self::ServerError { .. } => MessageCode::StoreServerError,
            Self::UnexpectedStatus { .. } => MessageCode::StoreUnexpectedStatus,
            Self::EndlessPages { .. } => MessageCode::StoreEndlessPages,
            Self::RedirectedAway { .. } => MessageCode::StoreRedirectedAway,
            Self::Setup(_) => MessageCode::StoreSetup,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::InvalidStoreId(StoreIdProblem::TooLong) => {
                Params::new().number("max", MAX_STORE_ID_DIGITS as i64)
            }
            Self::NotFound { host }
            | Self::NotJson { host, .. }
            | Self::Unreachable { host, .. }
            | Self::RedirectedAway { host } => Params::new().text("host", host.clone()),
            Self::OrderNotFound(id) => {
                Params::new().number("order", i64::try_from(*id).unwrap_or(i64::MAX))
            }
            Self::RateLimited { attempts } => Params::new().number("attempts", *attempts),
            Self::ServerError { status, attempts } => Params::new()
                .number("status", *status)
                .number("attempts", *attempts),
            Self::UnexpectedStatus { status } => Params::new().number("status", *status),
            Self::EndlessPages { pages } => Params::new().number("pages", *pages),
            _ => Params::new(),
        }
    }
}

impl StoreError {
    /// True when the owner's input (ID, address, token) is at fault rather than the network
    /// or the store's server: the CLI exits 2 for these and 3 for the others.
    pub fn is_input_problem(&self) -> bool {
        matches!(
            self,
            Self::MissingStoreId
                | Self::InvalidStoreId(_)
                | Self::InvalidAddress(_)
                | Self::InsecureAddress
                | Self::MissingToken
                | Self::MalformedToken
                | Self::TokenRejected
                | Self::NotFound { .. }
                | Self::OrderNotFound(_)
                | Self::NotJson { .. }
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn payload_shape_is_code_and_params() {
        let json = serde_json::to_value(StoreError::TokenRejected.payload()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "store.token_rejected", "params": {}})
        );
        let json = serde_json::to_value(
            StoreError::ServerError {
                status: 503,
                attempts: 4,
            }
            .payload(),
        )
        .unwrap();
        assert_eq!(json["code"], "store.server_error");
        assert_eq!(json["params"]["status"]["value"], 503);
    }
}
