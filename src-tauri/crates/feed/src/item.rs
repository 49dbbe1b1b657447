//! What one product of a feed becomes once read: normalized fields, money in cents.

use conector_core::MessageCode;
use serde::Serialize;

/// Stock state, normalized from the many spellings real feeds use (`in_stock`, `in stock`,
/// `Em estoque`, `esgotado`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    InStock,
    OutOfStock,
    Preorder,
    Backorder,
    /// Missing or a value we do not know; the raw text is kept in `availability_raw`.
    Unknown,
}

impl Availability {
    /// Normalizes a feed value; `None` when the value is not one we know.
    pub fn parse(raw: &str) -> Option<Availability> {
        match raw {
            "in_stock" => return Some(Availability::InStock),
            "out_of_stock" => return Some(Availability::OutOfStock),
            "preorder" => return Some(Availability::Preorder),
            "backorder" => return Some(Availability::Backorder),
            _ => {}
        }
        let folded: String = raw
            .trim()
            .chars()
            .filter_map(|c| match c {
                ' ' | '-' | '_' | '.' => None,
                'á' | 'à' | 'ã' | 'â' | 'Á' | 'À' | 'Ã' | 'Â' => Some('a'),
                'é' | 'ê' | 'É' | 'Ê' => Some('e'),
                'í' | 'Í' => Some('i'),
                'ó' | 'ô' | 'õ' | 'Ó' | 'Ô' | 'Õ' => Some('o'),
                'ú' | 'Ú' => Some('u'),
                c => Some(c.to_ascii_lowercase()),
            })
            .collect();
        // schema.org URLs ("http://schema.org/InStock") are also seen.
        let key = folded.rsplit('/').next().unwrap_or(&folded);
        Some(match key {
            "instock" | "emestoque" | "disponivel" | "available" | "disponible" | "enstock" => {
                Availability::InStock
            }
            "outofstock" | "foradeestoque" | "semestoque" | "esgotado" | "indisponivel"
            | "soldout" | "unavailable" | "rupturedestock" => Availability::OutOfStock,
            "preorder" | "prevenda" | "encomenda" | "precommande" => Availability::Preorder,
            "backorder" | "sobencomenda" => Availability::Backorder,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Availability::InStock => "in_stock",
            Availability::OutOfStock => "out_of_stock",
            Availability::Preorder => "preorder",
            Availability::Backorder => "backorder",
            Availability::Unknown => "unknown",
        }
    }

    pub fn from_str_code(code: &str) -> Availability {
        match code {
            "in_stock" => Availability::InStock,
            "out_of_stock" => Availability::OutOfStock,
            "preorder" => Availability::Preorder,
            "backorder" => Availability::Backorder,
            _ => Availability::Unknown,
        }
    }
}

/// One kept product. Invariant: `id` is non-empty and `price_cents` was read from the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct Item {
    /// 1-based position of the `<item>`/`<entry>` in the document (skipped ones included).
    pub position: u32,
    /// `g:id`: the SKU/ID a reward is chosen by.
    pub id: String,
    pub title: String,
    /// Plain text: entities decoded, HTML tags removed, whitespace collapsed.
    pub description: String,
    pub link: String,
    pub image_link: String,
    pub additional_image_links: Vec<String>,
    /// Integer cents of the product's own `g:price` (never a shipping or installment price).
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    /// ISO 4217 code when the feed said it (or `R$`), else `None`.
    pub currency: Option<String>,
    pub availability: Availability,
    /// The feed's text when `availability` is `Unknown` and the feed had a value.
    pub availability_raw: Option<String>,
    pub item_group_id: Option<String>,
    pub brand: Option<String>,
    pub gtin: Option<String>,
    pub mpn: Option<String>,
    pub condition: Option<String>,
    pub product_type: Option<String>,
    pub google_product_category: Option<String>,
}

impl Item {
    /// The price a customer pays now: the sale price when there is one.
    pub fn effective_price_cents(&self) -> i64 {
        self.sale_price_cents.unwrap_or(self.price_cents)
    }
}

/// Why an item was skipped or flagged.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    // Skipped items.
    MissingId,
    MissingPrice,
    UnreadablePrice,
    DuplicateId,
    // Kept, flagged.
    MissingTitle,
    MissingImage,
    RelativeUrl,
    MalformedUrl,
    UnknownAvailability,
    UnreadableSalePrice,
    IdTooLong,
    FieldTruncated,
}

impl ProblemKind {
    /// True when the item was not kept.
    pub fn skips_item(self) -> bool {
        matches!(
            self,
            ProblemKind::MissingId
                | ProblemKind::MissingPrice
                | ProblemKind::UnreadablePrice
                | ProblemKind::DuplicateId
        )
    }

    /// The message code that explains it (text in the UI's catalogue).
    pub fn code(self) -> MessageCode {
        match self {
            ProblemKind::MissingId => MessageCode::FeedProblemMissingId,
            ProblemKind::MissingPrice => MessageCode::FeedProblemMissingPrice,
            ProblemKind::UnreadablePrice => MessageCode::FeedProblemUnreadablePrice,
            ProblemKind::DuplicateId => MessageCode::FeedProblemDuplicateId,
            ProblemKind::MissingTitle => MessageCode::FeedProblemMissingTitle,
            ProblemKind::MissingImage => MessageCode::FeedProblemMissingImage,
            ProblemKind::RelativeUrl => MessageCode::FeedProblemRelativeUrl,
            ProblemKind::MalformedUrl => MessageCode::FeedProblemMalformedUrl,
            ProblemKind::UnknownAvailability => MessageCode::FeedProblemUnknownAvailability,
            ProblemKind::UnreadableSalePrice => MessageCode::FeedProblemUnreadableSalePrice,
            ProblemKind::IdTooLong => MessageCode::FeedProblemIdTooLong,
            ProblemKind::FieldTruncated => MessageCode::FeedProblemFieldTruncated,
        }
    }
}

/// One problem found in the feed, located by item position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, specta::Type)]
pub struct Problem {
    pub position: u32,
    pub id: Option<String>,
    pub kind: ProblemKind,
    /// The offending value from the feed when useful (cut to 80 characters).
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_spellings_normalize() {
        for raw in [
            "in_stock",
            "in stock",
            "In Stock",
            "Em estoque",
            "disponível",
            "http://schema.org/InStock",
        ] {
            assert_eq!(
                Availability::parse(raw),
                Some(Availability::InStock),
                "{raw}"
            );
        }
        for raw in [
            "out_of_stock",
            "out of stock",
            "Esgotado",
            "fora de estoque",
        ] {
            assert_eq!(
                Availability::parse(raw),
                Some(Availability::OutOfStock),
                "{raw}"
            );
        }
        assert_eq!(
            Availability::parse("pré-venda"),
            Some(Availability::Preorder)
        );
        assert_eq!(
            Availability::parse("pre-order"),
            Some(Availability::Preorder)
        );
        assert_eq!(
            Availability::parse("Sob encomenda"),
            Some(Availability::Backorder)
        );
        assert_eq!(Availability::parse("talvez"), None);
    }
}
