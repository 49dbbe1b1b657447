use conector_core::db::DbError;
use conector_core::CodedError;
use conector_ledger::LedgerError;
use conector_simplo7::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The store could not be read; the inner error says why (token, address, network).
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(
        "Uma sincronização já está em andamento para este banco de dados. Aguarde ela terminar."
    )]
    AlreadyRunning,
    #[error(
        "Escolha ao menos um status final de pedido (os que dão pontos) antes de sincronizar."
    )]
    NoFinalStatuses,
    #[error("Não foi possível reservar a sincronização ({0}). Tente de novo.")]
    Lock(String),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Db(DbError::Query(e))
    }
}

impl CodedError for SyncError {
    fn code(&self) -> &'static str {
        match self {
            SyncError::Store(e) => e.code(),
            SyncError::Ledger(e) => e.code(),
            SyncError::Db(e) => e.code(),
            SyncError::AlreadyRunning => "sync.already_running",
            SyncError::NoFinalStatuses => "sync.no_final_statuses",
            SyncError::Lock(_) => "sync.lock_failed",
        }
    }
}
