//! The error contract every domain error follows across IPC and the command line.

use serde::Serialize;

/// An error the user can act on: a stable machine code the UI branches on, and a message in
/// Portuguese that can be shown as it is.
pub trait CodedError: std::error::Error {
    /// Stable, dotted, lower-case code, e.g. `store.token_rejected`. Never changes once shipped.
    fn code(&self) -> &'static str;

    /// The serializable form sent across IPC and printed by `--json`.
    fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

/// `{ "code": "...", "message": "..." }`: the only error shape the UI ever receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for ErrorPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ErrorPayload {}
