use conector_core::db::DbError;
use conector_core::CodedError;
use conector_ledger::LedgerError;
use conector_setup::SetupError;
use conector_sync::SyncError;

/// What can go wrong on the sync dashboard; engine and setup errors keep their own codes.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("Informe primeiro a loja: conclua o passo 1 do assistente (ID da loja).")]
    NoStore,
    #[error("Teste a conexão com a loja antes de sincronizar: conclua o passo 4 do assistente (Copie e teste o token).")]
    NotConnected,
    #[error("Escolha pelo menos dois status finais (os status de pedido que dão pontos).")]
    TooFewFinalStatuses,
    #[error("O status \"{0}\" não está na lista da loja. Teste a conexão de novo no passo 4 para atualizar a lista.")]
    UnknownStatus(String),
    #[error("Data de início inválida: \"{0}\". Escolha uma data no calendário.")]
    BadDate(String),
    #[error("A data de início não pode ser depois de hoje.")]
    FutureDate,
    #[error("O intervalo entre sincronizações deve ficar entre 5 minutos e 24 horas.")]
    BadInterval,
    #[error("A integração está ativada desde {0}: o +fidelidade assumiu e a sincronização local está parada.")]
    HandedOver(String),
    #[error("A sincronização em andamento não parou a tempo. Tente de novo em alguns segundos.")]
    StillRunning,
    #[error("A tarefa em segundo plano foi interrompida ({0}). Tente de novo.")]
    Interrupted(String),
}

impl CodedError for PreviewError {
    fn code(&self) -> &'static str {
        match self {
            Self::Sync(e) => e.code(),
            Self::Setup(e) => e.code(),
            Self::Ledger(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::NoStore => "sync.no_store",
            Self::NotConnected => "sync.not_connected",
            Self::TooFewFinalStatuses => "sync.too_few_final_statuses",
            Self::UnknownStatus(_) => "sync.unknown_status",
            Self::BadDate(_) => "sync.bad_date",
            Self::FutureDate => "sync.future_date",
            Self::BadInterval => "sync.bad_interval",
            Self::HandedOver(_) => "sync.handed_over",
            Self::StillRunning => "sync.still_running",
            Self::Interrupted(_) => "sync.interrupted",
        }
    }
}

impl From<rusqlite::Error> for PreviewError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}
