use conector_core::db::DbError;
use conector_core::CodedError;
use conector_secrets::SecretsError;
use conector_simplo7::StoreError;

/// Every way a setup action can fail; each keeps the code of the domain that failed.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("Informe primeiro o ID da loja (passo 1).")]
    NoStore,
    #[error("Não há token guardado para esta loja: cole o token do usuário \"+Fidelidade\" e clique em Testar conexão.")]
    NoToken,
    #[error("Ainda falta concluir a lista de conferência antes de ativar a integração.")]
    ChecklistIncomplete,
    #[error("\"{0}\" não é um endereço https completo.")]
    BadLink(String),
    #[error(
        "O endereço {url} não abriu: {detail}. Confira se ele está certo e abre no navegador."
    )]
    Unreachable { url: String, detail: String },
    #[error("Não foi possível ler o catálogo de produtos: {0}")]
    Catalog(String),
    #[error("A tarefa em segundo plano foi interrompida ({0}). Tente de novo.")]
    Interrupted(String),
}

impl CodedError for SetupError {
    fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Secrets(e) => e.code(),
            Self::Db(e) => e.code(),
            Self::NoStore => "setup.no_store",
            Self::NoToken => "setup.no_token",
            Self::Interrupted(_) => "setup.interrupted",
            Self::Catalog(_) => "catalog.db_failed",
            Self::BadLink(_) => "form.invalid_link",
            Self::ChecklistIncomplete => "activation.checklist_incomplete",
            Self::Unreachable { .. } => "form.unreachable",
        }
    }
}

impl From<rusqlite::Error> for SetupError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(DbError::Query(e))
    }
}
