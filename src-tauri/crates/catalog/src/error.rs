//! Errors of the catalogue, in words the shop owner can act on.

use conector_core::CodedError;
use conector_feed::FeedError;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The feed could not be read; the previous catalogue is untouched.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// The app database could not be opened or migrated.
    #[error(transparent)]
    Open(#[from] conector_core::db::DbError),
    #[error("Erro ao gravar o catálogo no banco de dados ({0}). O catálogo anterior foi mantido.")]
    Db(#[from] rusqlite::Error),
    #[error("Taxa de prévia inválida: use um número inteiro de pontos maior que zero.")]
    InvalidRate,
    #[error("Validade do cupom inválida: use de 1 a 3650 dias.")]
    InvalidCouponDays,
}

impl CodedError for CatalogError {
    fn code(&self) -> &'static str {
        match self {
            CatalogError::Feed(e) => e.code(),
            CatalogError::Open(e) => e.code(),
            CatalogError::Db(_) => "catalog.db_failed",
            CatalogError::InvalidRate => "catalog.invalid_rate",
            CatalogError::InvalidCouponDays => "catalog.invalid_coupon_days",
        }
    }
}
