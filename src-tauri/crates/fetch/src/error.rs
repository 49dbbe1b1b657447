//! How a request failed, in the words of a link check; the feed reader turns it into its own
//! error (`FeedError`, see `crate::feed`), so the owner hears each in the right context.

use conector_core::{CodedError, MessageCode, Params};

/// Why an address did not give an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer in time.
    Timeout,
    /// No connection (name not found, refused, TLS, reset…).
    Connect,
    /// The server answered with this status (an error, or a redirect without a `Location`).
    Status(u16),
    /// Still redirecting after this many redirects, the policy's most.
    TooManyRedirects(u8),
    /// The address, or a redirect, leads to plain http (or another scheme) where only https is
    /// allowed.
    Insecure,
    /// The address, or a redirect, leads to this computer or a private network.
    PrivateAddress,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// A typed link that is not a complete https address (nothing of what was typed is kept).
    #[error("not a complete https link")]
    BadLink,
    /// `host` did not give an answer; `cause` is the HTTP library's, when it had one.
    #[error("request to {host} failed: {failure:?}")]
    Failed {
        host: String,
        failure: Failure,
        #[source]
        cause: Option<reqwest::Error>,
    },
    /// The HTTP client could not be built (TLS backend).
    #[error("HTTP client setup failed")]
    Client(#[source] reqwest::Error),
    /// The blocking task of an async caller ended without an answer (it panicked, or the app
    /// is closing).
    #[error("background task interrupted")]
    Interrupted(#[source] tokio::task::JoinError),
}

impl FetchError {
    /// How the request failed, when it reached the network.
    pub fn failure(&self) -> Option<Failure> {
        match self {
            FetchError::Failed { failure, .. } => Some(*failure),
            _ => None,
        }
    }

    /// The innermost cause, for the logs.
    pub fn detail(&self) -> String {
        let mut cause: &dyn std::error::Error = self;
        while let Some(next) = cause.source() {
            cause = next;
        }
        cause.to_string()
    }
}

impl CodedError for FetchError {
    fn code(&self) -> MessageCode {
        match self {
            Self::BadLink => MessageCode::FormInvalidLink,
            Self::Failed { failure, .. } => match failure {
                Failure::Timeout => MessageCode::FormLinkTimeout,
                Failure::Connect => MessageCode::FormUnreachable,
                Failure::Status(_) => MessageCode::FormLinkStatus,
                Failure::TooManyRedirects(_) => MessageCode::FormLinkTooManyRedirects,
                Failure::Insecure => MessageCode::FormLinkInsecure,
                Failure::PrivateAddress => MessageCode::FormLinkPrivateAddress,
            },
            Self::Client(_) => MessageCode::Internal,
            Self::Interrupted(_) => MessageCode::SetupInterrupted,
        }
    }

    fn params(&self) -> Params {
        match self {
            Self::Failed { host, failure, .. } => {
                let params = Params::new().text("host", host.clone());
                match failure {
                    Failure::Status(status) => params.number("status", *status),
                    Failure::TooManyRedirects(max) => params.number("max", *max),
                    _ => params,
                }
            }
            _ => Params::new(),
        }
    }
}
