use conector_core::CodedError;

/// What can go wrong in the ledger. Every failure is a database failure: the rules themselves
/// are total (an order that cannot earn is stored with a skip reason, never rejected).
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(
        "Não foi possível gravar a prévia de pontos no banco de dados do aplicativo ({0}). \
         Feche outras janelas do aplicativo e tente de novo."
    )]
    Db(#[from] rusqlite::Error),
    #[error("A taxa de pontos precisa ser zero ou positiva (recebido: {0}).")]
    NegativeRate(i64),
}

impl CodedError for LedgerError {
    fn code(&self) -> &'static str {
        match self {
            LedgerError::Db(_) => "ledger.db_failed",
            LedgerError::NegativeRate(_) => "ledger.negative_rate",
        }
    }
}
