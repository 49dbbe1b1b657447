//! Everything that can go wrong talking to a store, in words the shop owner can act on.
//!
//! No variant carries the token: errors are built from statuses, addresses and counts only.

use conector_core::CodedError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Informe o ID da loja: é o número que aparece no painel da sua loja (DLoja Virtual / Loja Hostgator).")]
    MissingStoreId,

    #[error(
        "O ID da loja tem só números; remova letras, espaços ou pontuação (recebido: \"{0}\")."
    )]
    InvalidStoreId(String),

    #[error("Endereço da loja inválido: {reason} (recebido: \"{input}\").")]
    InvalidAddress { input: String, reason: String },

    #[error("O endereço \"{0}\" usa http:// sem criptografia; use https:// para que o token não trafegue aberto pela rede.")]
    InsecureAddress(String),

    #[error("Informe o token da API: copie-o nos detalhes do usuário \"+Fidelidade\" (ícone de olho) no painel da loja.")]
    MissingToken,

    #[error("O token colado contém caracteres que não podem ir para a loja (quebras de linha ou símbolos); copie-o de novo.")]
    MalformedToken,

    #[error("A loja recusou o token: token inválido ou sem permissão. Copie de novo o token do usuário \"+Fidelidade\" e confira se a API Pública está ativada.")]
    TokenRejected,

    #[error("Loja não encontrada: confira o ID da loja (ou o domínio) — {address} não respondeu como uma loja Simplo7.")]
    NotFound { address: String },

    #[error("O pedido {0} não existe nesta loja.")]
    OrderNotFound(u64),

    #[error("O endereço {address} respondeu com {received} em vez dos dados da loja (JSON). Confira o ID da loja ou o domínio.")]
    NotJson { address: String, received: String },

    #[error("A loja respondeu em um formato inesperado ({detail}). Tente de novo mais tarde; se continuar, avise o suporte.")]
    UnexpectedResponse { detail: String },

    #[error("Não foi possível falar com a loja em {address}: {detail}. Confira a internet e tente de novo.")]
    Unreachable { address: String, detail: String },

    #[error("A loja pediu para esperar (limite de requisições) e continuou recusando após {attempts} tentativas. Tente de novo em alguns minutos.")]
    RateLimited { attempts: u32 },

    #[error("A loja está com problemas (erro {status}) e não respondeu após {attempts} tentativas. Tente de novo mais tarde.")]
    ServerError { status: u16, attempts: u32 },

    #[error("A loja respondeu com o erro {status} inesperado.")]
    UnexpectedStatus { status: u16 },

    #[error("A loja continua dizendo que há mais páginas depois de {pages} páginas; a leitura foi interrompida para não ficar presa.")]
    EndlessPages { pages: u32 },

    #[error("Não foi possível preparar a conexão segura: {0}")]
    Setup(String),
}

impl CodedError for StoreError {
    fn code(&self) -> &'static str {
        match self {
            Self::MissingStoreId => "store.missing_store_id",
            Self::InvalidStoreId(_) => "store.invalid_store_id",
            Self::InvalidAddress { .. } => "store.invalid_address",
            Self::InsecureAddress(_) => "store.insecure_address",
            Self::MissingToken => "store.missing_token",
            Self::MalformedToken => "store.malformed_token",
            Self::TokenRejected => "store.token_rejected",
            Self::NotFound { .. } => "store.not_found",
            Self::OrderNotFound(_) => "store.order_not_found",
            Self::NotJson { .. } => "store.not_json",
            Self::UnexpectedResponse { .. } => "store.unexpected_response",
            Self::Unreachable { .. } => "store.unreachable",
            Self::RateLimited { .. } => "store.rate_limited",
            Self::ServerError { .. } => "store.server_error",
            Self::UnexpectedStatus { .. } => "store.unexpected_status",
            Self::EndlessPages { .. } => "store.endless_pages",
            Self::Setup(_) => "store.setup",
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
                | Self::InvalidAddress { .. }
                | Self::InsecureAddress(_)
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
    fn payload_shape_is_code_and_message() {
        let json = serde_json::to_value(StoreError::TokenRejected.payload()).unwrap();
        assert_eq!(json["code"], "store.token_rejected");
        assert!(json["message"]
            .as_str()
            .unwrap()
            .contains("token inválido ou sem permissão"));
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
