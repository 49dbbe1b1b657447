//! Everything that can stop a feed from being read, in words the shop owner can act on.

use conector_core::CodedError;
use serde::Serialize;

/// What a rejected document looks like instead of a product feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NotAFeed {
    EmptyBody,
    HtmlPage,
    LoginPage,
    Sitemap,
    NewsFeed,
    NoItems,
    NoUsableItems,
    Binary,
    NotXml,
    OtherXml,
    Truncated,
}

impl NotAFeed {
    pub fn code(self) -> &'static str {
        match self {
            NotAFeed::EmptyBody => "feed.empty_body",
            NotAFeed::HtmlPage => "feed.html_page",
            NotAFeed::LoginPage => "feed.login_page",
            NotAFeed::Sitemap => "feed.sitemap",
            NotAFeed::NewsFeed => "feed.news_feed",
            NotAFeed::NoItems => "feed.no_items",
            NotAFeed::NoUsableItems => "feed.no_usable_items",
            NotAFeed::Binary => "feed.binary",
            NotAFeed::NotXml => "feed.not_xml",
            NotAFeed::OtherXml => "feed.other_xml",
            NotAFeed::Truncated => "feed.truncated",
        }
    }

    fn message(self) -> &'static str {
        match self {
            NotAFeed::EmptyBody => "O endereço respondeu, mas sem conteúdo nenhum (arquivo vazio). Confira se copiou o link do XML Google Shopping inteiro.",
            NotAFeed::HtmlPage => "Recebemos uma página da web (HTML), não o XML Google Shopping. Copie o link pelo ícone de engrenagem > Copiar, na área de XML da loja.",
            NotAFeed::LoginPage => "Recebemos uma página de login, não o XML Google Shopping. O link deve ser público: copie-o pelo ícone de engrenagem > Copiar, na área de XML da loja.",
            NotAFeed::Sitemap => "Recebemos um sitemap (lista de páginas para buscadores), não o XML Google Shopping. Na área de XML da loja, copie o link do Google Shopping.",
            NotAFeed::NewsFeed => "Recebemos um feed RSS de notícias ou blog, sem campos de produto (g:id, g:price). Copie o link do XML Google Shopping.",
            NotAFeed::NoItems => "O XML é um feed, mas não tem nenhum produto. Confira se a loja tem produtos ativos e publicados no Google Shopping.",
            NotAFeed::NoUsableItems => "O feed tem produtos, mas nenhum com g:id e preço legíveis. Confira o cadastro dos produtos na loja.",
            NotAFeed::Binary => "Recebemos um arquivo binário (imagem, ZIP, PDF ou outro), não o XML Google Shopping.",
            NotAFeed::NotXml => "O conteúdo recebido não é XML (parece texto ou JSON). Copie o link do XML Google Shopping.",
            NotAFeed::OtherXml => "Recebemos um XML, mas não é um feed de produtos (nem RSS nem Atom). Copie o link do XML Google Shopping.",
            NotAFeed::Truncated => "O XML terminou no meio: o arquivo veio incompleto. Tente de novo; se repetir, a loja pode estar gerando o arquivo naquele momento.",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{}", .0.message())]
    NotAFeed(NotAFeed),
    #[error("O XML está malformado perto do byte {position} ({detail}). Confira o link ou avise o suporte da loja.")]
    Malformed { position: u64, detail: String },
    #[error("Não foi possível baixar o feed ({detail}). Verifique a conexão e o endereço.")]
    Download { detail: String },
    #[error("O servidor respondeu com o código HTTP {status} ao baixar o feed. Confira o endereço copiado.")]
    HttpStatus { status: u16 },
    #[error(
        "O servidor do feed parou de responder (tempo esgotado). Tente de novo em alguns minutos."
    )]
    Timeout,
    #[error("O feed passa do limite de {limit_mb} MB. Fale com o suporte.")]
    TooLarge { limit_mb: u64 },
    #[error("Leitura do feed cancelada.")]
    Cancelled,
    #[error("A leitura do feed foi interrompida: {0}")]
    Stopped(String),
    #[error("Não foi possível abrir o arquivo {path} ({detail}).")]
    Open { path: String, detail: String },
}

impl FeedError {
    /// True when the fault is the network or the remote server (CLI exit 3).
    pub fn is_remote(&self) -> bool {
        matches!(
            self,
            FeedError::Download { .. } | FeedError::HttpStatus { .. } | FeedError::Timeout
        )
    }

    /// True when the document itself was refused (CLI exit 2).
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            FeedError::NotAFeed(_) | FeedError::Malformed { .. } | FeedError::TooLarge { .. }
        )
    }
}

impl CodedError for FeedError {
    fn code(&self) -> &'static str {
        match self {
            FeedError::NotAFeed(kind) => kind.code(),
            FeedError::Malformed { .. } => "feed.malformed",
            FeedError::Download { .. } => "feed.download_failed",
            FeedError::HttpStatus { .. } => "feed.http_status",
            FeedError::Timeout => "feed.timeout",
            FeedError::TooLarge { .. } => "feed.too_large",
            FeedError::Cancelled => "feed.cancelled",
            FeedError::Stopped(_) => "feed.stopped",
            FeedError::Open { .. } => "feed.open_failed",
        }
    }
}
