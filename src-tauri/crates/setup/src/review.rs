//! Step 9's review card: every value as the owner must enter it in the +fidelidade panel's
//! integration form, each under the panel's own label and in the panel's order.
//!
//! The labels are the panel's words as the vendor's article prints them
//! (`docs/reference/artigo-integracao-simplo7.txt`), in Portuguese in both languages of the app:
//! they are what the owner looks for on the panel's screen. The app's own explanation of each
//! line is the UI's (translated).

use conector_core::settings;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::integration::{IntegrationForm, KEY_FEED_URL};
use crate::{connection, SetupError, StoreProfile};

/// The fields of the +fidelidade form, in the panel's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKey {
    AppKey,
    StoreCode,
    SiteUrl,
    SignupUrl,
    FeedUrl,
    CouponDays,
    RewardSkus,
    FinalStatuses,
}

impl ReviewKey {
    /// Every field, in the panel's order.
    pub const ALL: [ReviewKey; 8] = [
        ReviewKey::AppKey,
        ReviewKey::StoreCode,
        ReviewKey::SiteUrl,
        ReviewKey::SignupUrl,
        ReviewKey::FeedUrl,
        ReviewKey::CouponDays,
        ReviewKey::RewardSkus,
        ReviewKey::FinalStatuses,
    ];

    /// The field's label exactly as the +fidelidade panel shows it (the article's words).
    pub fn panel_label(self) -> &'static str {
        match self {
            ReviewKey::AppKey => "Informe sua chave de API (AppKey)",
            ReviewKey::StoreCode => "Informe o código da sua loja",
            ReviewKey::SiteUrl => "Informe o site de sua loja",
            ReviewKey::SignupUrl => "Informe a URL (link) para cadastro de clientes de sua loja",
            ReviewKey::FeedUrl => "Informe o XML de produtos Google Shopping de sua loja",
            ReviewKey::CouponDays => "Os cupons expiram em quanto tempo?",
            ReviewKey::RewardSkus => "Informe os SKU's/IDs dos produtos que deseja com o prêmio",
            ReviewKey::FinalStatuses => {
                "Qual é o último status do pedido após ser entregue ao cliente?"
            }
        }
    }
}

/// How the owner enters a field in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReviewEntry {
    /// Typed or pasted into a text box: the card offers "Copiar" and a "Colei" tick.
    Paste,
    /// Ticked in a list the panel shows (the final statuses): the card names what to tick,
    /// there is nothing to paste.
    Select,
}

impl ReviewKey {
    /// How the panel takes this field.
    pub fn entry(self) -> ReviewEntry {
        match self {
            ReviewKey::FinalStatuses => ReviewEntry::Select,
            _ => ReviewEntry::Paste,
        }
    }

    /// A field the panel lets the owner leave blank: the reward SKUs (blank is the whole
    /// catalogue, as the article says).
    pub fn optional(self) -> bool {
        self == ReviewKey::RewardSkus
    }
}

/// One line of the review card. For the AppKey, `value` is the mask: the token itself goes
/// from the keychain to the clipboard in Rust and never reaches the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ReviewField {
    pub key: ReviewKey,
    /// The panel's label for this field ([`ReviewKey::panel_label`]).
    pub panel_label: String,
    /// What goes in the field; for the final statuses, the names to tick ("Enviado,
    /// Entregue"), as the panel lists them — never the store's internal ids.
    pub value: String,
    pub secret: bool,
    pub entry: ReviewEntry,
    /// Blank is a valid answer (see [`ReviewKey::optional`]).
    pub optional: bool,
}

/// The review card: every value as it must be entered in the +fidelidade panel. `reward_skus`
/// are the rewards chosen in the catalogue (none: the whole catalogue, which the panel's field
/// says by staying empty).
pub fn review(
    conn: &Connection,
    token_mask: Option<String>,
    reward_skus: &[String],
) -> Result<Vec<ReviewField>, SetupError> {
    let profile = StoreProfile::load(conn)?;
    let form = IntegrationForm::load(conn, None)?;
    let statuses = connection::load(conn)?
        .map(|c| c.statuses)
        .unwrap_or_default();
    let skus = reward_skus.join(", ");
    let finals = form
        .final_statuses
        .iter()
        .filter_map(|id| statuses.iter().find(|s| &s.id == id))
        .map(|s| s.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let store_code = profile.map(|p| p.store_id).unwrap_or_default();
    let feed_url = settings::get(conn, KEY_FEED_URL)?.unwrap_or_default();
    let coupon_days = form
        .coupon_days()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mask = token_mask.unwrap_or_default();
    Ok(ReviewKey::ALL
        .iter()
        .map(|&key| {
            let value = match key {
                ReviewKey::AppKey => &mask,
                ReviewKey::StoreCode => &store_code,
                ReviewKey::SiteUrl => form.site_url.trim(),
                ReviewKey::SignupUrl => form.signup_url.trim(),
                ReviewKey::FeedUrl => &feed_url,
                ReviewKey::CouponDays => &coupon_days,
                ReviewKey::RewardSkus => &skus,
                ReviewKey::FinalStatuses => &finals,
            };
            field(key, value)
        })
        .collect())
}

fn field(key: ReviewKey, value: &str) -> ReviewField {
    ReviewField {
        key,
        panel_label: key.panel_label().to_owned(),
        value: value.to_owned(),
        secret: key == ReviewKey::AppKey,
        entry: key.entry(),
        optional: key.optional(),
    }
}

/// What a copy button of the review card puts on the clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewCopy {
    /// The AppKey's own button: the token, which the caller reads from the keychain and copies
    /// as a secret (marked for the OS, cleared after a while).
    Token,
    /// One field's value, or — "Copiar resumo para o suporte" — every field **but the AppKey**
    /// as "panel label: value" lines, for a message to support (no panel form takes a block):
    /// the token goes to the clipboard only through its own button, so that it is never pasted
    /// by accident along with the rest.
    Text(String),
}

/// What copying `only` (or, for `None`, the summary for support) puts on the clipboard.
pub fn clipboard_text(fields: &[ReviewField], only: Option<ReviewKey>) -> ReviewCopy {
    match only {
        Some(ReviewKey::AppKey) => ReviewCopy::Token,
        Some(key) => ReviewCopy::Text(
            fields
                .iter()
                .find(|f| f.key == key)
                .map(|f| f.value.clone())
                .unwrap_or_default(),
        ),
        None => ReviewCopy::Text(
            fields
                .iter()
                .filter(|f| f.key != ReviewKey::AppKey)
                .map(|f| {
                    // A label that is a question ("Os cupons expiram em quanto tempo?") takes
                    // its answer without a colon.
                    let colon = if f.panel_label.ends_with('?') {
                        ""
                    } else {
                        ":"
                    };
                    format!("{}{colon} {}", f.panel_label, f.value)
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const ARTICLE: &str = include_str!("../../../../docs/reference/artigo-integracao-simplo7.txt");

    #[test]
    fn every_label_is_the_articles_own_words_in_the_panels_order() {
        let mut from = 0;
        for key in ReviewKey::ALL {
            let label = key.panel_label();
            let at = ARTICLE[from..]
                .find(label)
                .unwrap_or_else(|| panic!("{label:?} is not in the article after byte {from}"));
            from += at + label.len();
        }
    }

    fn card() -> Vec<ReviewField> {
        [
            (ReviewKey::AppKey, "••••••••3f9a"),
            (ReviewKey::StoreCode, "123456"),
            (ReviewKey::SiteUrl, "https://www.minhaloja.com.br/"),
            (ReviewKey::CouponDays, "180"),
            (ReviewKey::RewardSkus, ""),
            (ReviewKey::FinalStatuses, "Entregue, Concluído"),
        ]
        .into_iter()
        .map(|(key, value)| field(key, value))
        .collect()
    }

    #[test]
    fn the_summary_for_support_writes_each_value_after_its_panel_label_without_the_app_key() {
        let ReviewCopy::Text(all) = clipboard_text(&card(), None) else {
            panic!("copy all is text");
        };
        assert_eq!(
            all,
            "Informe o código da sua loja: 123456\n\
             Informe o site de sua loja: https://www.minhaloja.com.br/\n\
             Os cupons expiram em quanto tempo? 180\n\
             Informe os SKU's/IDs dos produtos que deseja com o prêmio: \n\
             Qual é o último status do pedido após ser entregue ao cliente? Entregue, Concluído"
        );
        assert!(!all.contains("AppKey") && !all.contains("3f9a"));
    }

    #[test]
    fn the_app_key_has_its_own_button_and_the_others_copy_their_value() {
        assert_eq!(
            clipboard_text(&card(), Some(ReviewKey::AppKey)),
            ReviewCopy::Token
        );
        assert_eq!(
            clipboard_text(&card(), Some(ReviewKey::StoreCode)),
            ReviewCopy::Text("123456".into())
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod card_tests {
    use super::*;
    use conector_simplo7::OrderStatus;

    #[test]
    fn the_statuses_are_named_to_tick_and_the_skus_may_stay_blank() {
        let dir = tempfile::tempdir().unwrap();
        let conn = conector_core::db::open(&dir.path().join("a.sqlite3")).unwrap();
        let statuses = [("18", "Enviado"), ("21", "Entregue"), ("27", "Concluído")]
            .iter()
            .map(|(id, name)| OrderStatus {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect();
        connection::record(
            &conn,
            &connection::ConnectionInfo {
                tested_at: "2026-11-30T12:00:00Z".into(),
                api_base: "https://123456.simplo7.net/ws/".into(),
                statuses,
            },
        )
        .unwrap();
        crate::integration::save_final_statuses(&conn, &["21".into(), "27".into()]).unwrap();
        // The whole catalogue: no SKUs to paste.
        let card = review(&conn, None, &[]).unwrap();
        let line = |key| card.iter().find(|f| f.key == key).unwrap();
        let statuses = line(ReviewKey::FinalStatuses);
        assert_eq!(statuses.value, "Entregue, Concluído", "names, no ids");
        assert_eq!(statuses.entry, ReviewEntry::Select);
        let skus = line(ReviewKey::RewardSkus);
        assert_eq!((skus.value.as_str(), skus.optional), ("", true));
        assert_eq!(skus.entry, ReviewEntry::Paste);
        assert!(!line(ReviewKey::SiteUrl).optional);
    }
}
