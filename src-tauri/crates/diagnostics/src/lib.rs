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

use conector_core::CodedError;

#[derive(Debug, thiserror::Error)]
pub enum DiagnosticsError {
    #[error(
        "Não foi possível gravar o arquivo de diagnóstico em {path} ({source}). Verifique se a \
         pasta existe e se há espaço livre."
    )]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("Não foi possível montar o arquivo de diagnóstico ({0}).")]
    Zip(#[from] zip::result::ZipError),
    #[error(
        "Não foi possível separar o banco de dados danificado ({path}: {source}). Feche outros \
         programas que usem a pasta do aplicativo e tente de novo."
    )]
    SetAside {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl CodedError for DiagnosticsError {
    fn code(&self) -> &'static str {
        match self {
            DiagnosticsError::Write { .. } => "diagnostics.write_failed",
            DiagnosticsError::Zip(_) => "diagnostics.zip_failed",
            DiagnosticsError::SetAside { .. } => "diagnostics.set_aside_failed",
        }
    }
}
