//! What the owner sends when asking for help, and the way out of an unreadable database.
//!
//! - [`redact`]: removes the token and customers' personal data (CPF, CNPJ, e-mail, phone) from
//!   any text by pattern, so a diagnostic can be shared.
//! - [`export`]: writes the diagnostic zip (version, OS, wizard state, last sync runs, logs),
//!   every entry passed through [`redact`].
//! - [`recovery`]: tells apart a corrupt, locked or too-new database file and sets a bad one
//!   aside so the app can start fresh.
//!
//! No Tauri here: the shell resolves the folders and calls these plain functions.

pub mod export;
pub mod recovery;
pub mod redact;

pub use export::{export, DiagnosticInput};
pub use recovery::{classify, set_aside, DbProblemKind};
pub use redact::Redactor;

use conector_core::{CodedError, MessageCode, Params};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiagnosticsError {
    /// The zip could not be written where it was meant to go.
    #[error("the diagnostic file could not be written to {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the diagnostic zip could not be built")]
    Zip(#[from] zip::result::ZipError),
    /// The unreadable database could not be renamed aside.
    #[error("the damaged database {path} could not be set aside")]
    SetAside {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// "Começar do zero" asked for a database that is not damaged (locked, too new,
    /// unreadable): the file is left where it is.
    #[error("a {kind:?} database is not set aside")]
    StartFreshRefused { kind: DbProblemKind },
}

impl CodedError for DiagnosticsError {
    fn code(&self) -> MessageCode {
        match self {
            DiagnosticsError::Write { .. } => MessageCode::DiagnosticsWriteFailed,
            DiagnosticsError::Zip(_) => MessageCode::DiagnosticsZipFailed,
            DiagnosticsError::SetAside { .. } => MessageCode::DiagnosticsSetAsideFailed,
            DiagnosticsError::StartFreshRefused { .. } => MessageCode::DiagnosticsStartFreshRefused,
        }
    }

    /// The folder or file involved: the app's own paths, shown so the owner can look there.
    fn params(&self) -> Params {
        match self {
            DiagnosticsError::Write { path, .. } | DiagnosticsError::SetAside { path, .. } => {
                Params::new().text("path", path.clone())
            }
            DiagnosticsError::Zip(_) | DiagnosticsError::StartFreshRefused { .. } => Params::new(),
        }
    }
}
