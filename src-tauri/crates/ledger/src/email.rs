//! The e-mails +fidelidade would send once activated, rendered for the preview (pt-BR).
//! Nothing here sends anything.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::LedgerError;
use crate::preview::{customers, CustomerQuery, CustomerSort, Page};

/// The store links the e-mails carry (wizard step 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct EmailSettings {
    pub store_name: String,
    pub site_url: String,
    pub signup_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// One per customer that would be registered.
    Welcome,
    /// One per order that earns points.
    PointsEarned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct EmailPreview {
    pub kind: EmailKind,
    pub customer_key: String,
    pub to_name: String,
    /// `None` when the customer is known only by CPF/CNPJ: such an e-mail could not go out.
    pub to_email: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct EmailCounts {
    pub welcome: u64,
    pub points_earned: u64,
    /// Of the above, how many have no e-mail address to go to.
    pub without_address: u64,
    /// Of the welcome e-mails, how many have no address.
    pub welcome_without_address: u64,
    /// Of the points e-mails, how many have no address.
    pub points_without_address: u64,
}

/// "R$ 1.299,90".
pub fn format_brl(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!(
        "{sign}R$ {},{:02}",
        group_thousands(cents / 100),
        cents % 100
    )
}

/// "12.345".
pub fn format_points(points: i64) -> String {
    let sign = if points < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(points.unsigned_abs()))
}

/// "1 ponto", "2 pontos", "1.500 pontos".
pub fn points_phrase(points: i64) -> String {
    let noun = if points.abs() == 1 { "ponto" } else { "pontos" };
    format!("{} {noun}", format_points(points))
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "28/11/2026", in Brasília time (UTC−3, no daylight saving since 2019).
pub fn format_date_br(iso: &str) -> String {
    let brasilia = conector_core::STORE_UTC_OFFSET;
    match conector_core::timestamp::parse(iso) {
        Some(t) => {
            let t = t.to_offset(brasilia);
            format!("{:02}/{:02}/{}", t.day(), u8::from(t.month()), t.year())
        }
        None => iso.to_owned(),
    }
}

/// "MARIA DA SILVA" → "Maria".
fn first_name(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or("");
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => "cliente".to_owned(),
    }
}

/// Who the e-mail greets: a person by first name, a company (known by CNPJ) by its name.
fn greeting_name(customer_key: &str, name: &str) -> String {
    let name = name.trim();
    if customer_key.starts_with("cnpj:") && !name.is_empty() {
        name.to_owned()
    } else {
        first_name(name)
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn html_page(paragraphs: &[String], settings: &EmailSettings) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p)))
        .collect();
    format!(
        "<!doctype html><html lang=\"pt-BR\"><body>{body}<p><a href=\"{site}\">Visitar a loja</a> · \
         <a href=\"{signup}\">Fazer meu cadastro</a></p></body></html>",
        site = escape_html(&settings.site_url),
        signup = escape_html(&settings.signup_url),
    )
}

fn text_page(paragraphs: &[String], settings: &EmailSettings) -> String {
    let mut text = paragraphs.join("\n\n");
    text.push_str(&format!(
        "\n\nVisitar a loja: {}\nFazer meu cadastro: {}\n",
        settings.site_url, settings.signup_url
    ));
    text
}

/// The welcome e-mail of a newly registered customer.
pub fn render_welcome(
    settings: &EmailSettings,
    customer_key: &str,
    name: &str,
    email: Option<&str>,
    points: i64,
) -> EmailPreview {
    let store = &settings.store_name;
    let paragraphs = vec![
        format!("Olá, {}!", greeting_name(customer_key, name)),
        format!(
            "Você agora participa do programa de fidelidade +fidelidade da {store}. A cada \
             compra você acumula pontos, que podem ser trocados por produtos da loja."
        ),
        format!("Seu saldo atual: {}.", points_phrase(points)),
        "Para consultar seus pontos e trocar por prêmios, conclua seu cadastro pelo link \
         abaixo."
            .to_owned(),
        format!("Até breve,\nEquipe {store}"),
    ];
    EmailPreview {
        kind: EmailKind::Welcome,
        customer_key: customer_key.to_owned(),
        to_name: name.to_owned(),
        to_email: email.map(str::to_owned),
        subject: format!("Bem-vindo(a) ao programa de fidelidade da {store}"),
        text: text_page(&paragraphs, settings),
        html: html_page(&paragraphs, settings),
    }
}

/// The e-mail telling a customer an order earned points.
#[allow(clippy::too_many_arguments)]
pub fn render_points_earned(
    settings: &EmailSettings,
    customer_key: &str,
    name: &str,
    email: Option<&str>,
    order_number: &str,
    placed_at_iso: &str,
    total_cents: i64,
    points: i64,
) -> EmailPreview {
    let store = &settings.store_name;
    let paragraphs = vec![
        format!("Olá, {}!", greeting_name(customer_key, name)),
        format!(
            "Seu pedido nº {order_number}, de {}, no valor de {}, rendeu {} no \
             programa +fidelidade da {store}.",
            format_date_br(placed_at_iso),
            format_brl(total_cents),
            points_phrase(points)
        ),
        "Junte mais pontos a cada compra e troque por prêmios da loja.".to_owned(),
        format!("Obrigado pela preferência,\nEquipe {store}"),
    ];
    EmailPreview {
        kind: EmailKind::PointsEarned,
        customer_key: customer_key.to_owned(),
        to_name: name.to_owned(),
        to_email: email.map(str::to_owned),
        subject: format!("Você ganhou {} na {store}", points_phrase(points)),
        text: text_page(&paragraphs, settings),
        html: html_page(&paragraphs, settings),
    }
}

pub fn email_counts(conn: &Connection, store: &str) -> Result<EmailCounts, LedgerError> {
    // A customer has no address only if none of their orders carries one.
    Ok(conn.query_row(
        "WITH noaddr AS (
             SELECT customer_key FROM ledger_orders
             WHERE store = ?1 AND customer_key IS NOT NULL
             GROUP BY customer_key HAVING MAX(customer_email) IS NULL
         )
         SELECT
             (SELECT COUNT(DISTINCT customer_key) FROM ledger_orders
              WHERE store = ?1 AND customer_key IS NOT NULL),
             (SELECT COUNT(*) FROM ledger_orders WHERE store = ?1 AND skip_reason IS NULL),
             (SELECT COUNT(*) FROM noaddr),
             (SELECT COUNT(*) FROM ledger_orders
                  WHERE store = ?1 AND skip_reason IS NULL
                        AND customer_key IN (SELECT customer_key FROM noaddr))",
        [store],
        |r| {
            let welcome_without_address: u64 = r.get(2)?;
            let points_without_address: u64 = r.get(3)?;
            Ok(EmailCounts {
                welcome: r.get(0)?,
                points_earned: r.get(1)?,
                without_address: welcome_without_address + points_without_address,
                welcome_without_address,
                points_without_address,
            })
        },
    )?)
}

/// The e-mails with an address that orders placed from `from` on would bring: a welcome for
/// each customer whose first stored order is from then, a points e-mail for each of those
/// orders that earns. The store's current pace, where [`email_counts`] is the whole period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct RecentEmails {
    pub welcome: u64,
    pub points_earned: u64,
}

pub fn email_counts_from(
    conn: &Connection,
    store: &str,
    from: time::OffsetDateTime,
) -> Result<RecentEmails, LedgerError> {
    let from = conector_core::timestamp::format(from);
    Ok(conn.query_row(
        "WITH addr AS (
             SELECT customer_key, MIN(placed_at) AS first_at FROM ledger_orders
             WHERE store = ?1 AND customer_key IS NOT NULL
             GROUP BY customer_key HAVING MAX(customer_email) IS NOT NULL
         )
         SELECT
             (SELECT COUNT(*) FROM addr WHERE first_at >= ?2),
             (SELECT COUNT(*) FROM ledger_orders
                  WHERE store = ?1 AND skip_reason IS NULL AND placed_at >= ?2
                        AND customer_key IN (SELECT customer_key FROM addr))",
        params![store, from],
        |r| {
            Ok(RecentEmails {
                welcome: r.get(0)?,
                points_earned: r.get(1)?,
            })
        },
    )?)
}

/// One page of the e-mails that would go out, of one kind: welcome e-mails ordered by customer
/// name, points e-mails newest order first.
pub fn email_previews(
    conn: &Connection,
    store: &str,
    kind: EmailKind,
    settings: &EmailSettings,
    offset: u64,
    limit: u64,
) -> Result<Page<EmailPreview>, LedgerError> {
    let limit = limit.clamp(1, 200);
    let counts = email_counts(conn, store)?;
    let items = match kind {
        EmailKind::Welcome => {
            let query = CustomerQuery {
                search: String::new(),
                sort: CustomerSort::NameAsc,
                offset,
                limit,
            };
            customers(conn, store, &query)?
                .items
                .iter()
                .map(|c| render_welcome(settings, &c.key, &c.name, c.email.as_deref(), c.points))
                .collect()
        }
        EmailKind::PointsEarned => {
            let mut stmt = conn.prepare(
                "SELECT customer_key, customer_name, customer_email, number, placed_at,
                        total_cents, points
                 FROM ledger_orders
                 WHERE store = ?1 AND skip_reason IS NULL
                 ORDER BY placed_at DESC, order_id DESC LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt.query_map(params![store, limit, offset], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })?;
            let rows = rows.collect::<Result<Vec<_>, _>>()?;
            // An order without an e-mail still reaches a customer known by another order's.
            let mut fallback = conn.prepare_cached(
                "SELECT customer_email FROM ledger_orders
                 WHERE store = ?1 AND customer_key = ?2 AND customer_email IS NOT NULL
                 ORDER BY placed_at DESC LIMIT 1",
            )?;
            let mut emails = Vec::with_capacity(rows.len());
            for (key, _, email, ..) in &rows {
                emails.push(match email {
                    Some(email) => Some(email.clone()),
                    None => fallback
                        .query_row(params![store, key], |r| r.get::<_, String>(0))
                        .optional()?,
                });
            }
            rows.iter()
                .zip(emails)
                .map(
                    |((key, name, _, number, placed_at, total, points), email)| {
                        render_points_earned(
                            settings,
                            key,
                            name,
                            email.as_deref(),
                            number,
                            placed_at,
                            *total,
                            *points,
                        )
                    },
                )
                .collect()
        }
    };
    let total = match kind {
        EmailKind::Welcome => counts.welcome,
        EmailKind::PointsEarned => counts.points_earned,
    };
    Ok(Page {
        items,
        total,
        offset,
        limit,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_formats() {
        assert_eq!(format_brl(129_990), "R$ 1.299,90");
        assert_eq!(format_brl(5), "R$ 0,05");
        assert_eq!(format_brl(-1_000), "-R$ 10,00");
        assert_eq!(format_points(1_234_567), "1.234.567");
        assert_eq!(format_points(999), "999");
        // 01:30 UTC on the 29th is still the 28th in Brasília.
        assert_eq!(format_date_br("2026-11-29T01:30:00Z"), "28/11/2026");
    }

    #[test]
    fn emails_carry_the_store_links_and_escape_html() {
        let settings = EmailSettings {
            store_name: "Loja <Bela>".into(),
            site_url: "https://www.lojabela.com.br".into(),
            signup_url: "https://www.lojabela.com.br/cadastro".into(),
        };
        let e = render_points_earned(
            &settings,
            "cpf:52998224725",
            "MARIA DA SILVA",
            Some("maria@exemplo.com"),
            "1042",
            "2026-11-20T15:00:00Z",
            17_490,
            149,
        );
        assert_eq!(e.subject, "Você ganhou 149 pontos na Loja <Bela>");
        assert!(e.text.starts_with("Olá, Maria!"), "{}", e.text);
        assert!(e
            .text
            .contains("pedido nº 1042, de 20/11/2026, no valor de R$ 174,90, rendeu 149 pontos"));
        assert!(e.text.contains("https://www.lojabela.com.br/cadastro"));
        assert!(e.html.contains("Loja &lt;Bela&gt;"));
        assert!(!e.html.contains("<Bela>"));
        assert!(e.html.contains("href=\"https://www.lojabela.com.br\""));

        let w = render_welcome(&settings, "email:jo@x.com", "joão", None, 0);
        assert!(w.text.starts_with("Olá, João!"));
        assert!(w.text.contains("Seu saldo atual: 0 pontos."));
        assert_eq!(w.to_email, None);

        // One point is "1 ponto", in the subject and in the text.
        let one = render_points_earned(
            &settings,
            "cpf:52998224725",
            "Maria",
            None,
            "1043",
            "2026-11-20T15:00:00Z",
            150,
            1,
        );
        assert_eq!(one.subject, "Você ganhou 1 ponto na Loja <Bela>");
        assert!(
            one.text.contains("rendeu 1 ponto no programa"),
            "{}",
            one.text
        );
        let w = render_welcome(&settings, "email:jo@x.com", "joão", None, 1);
        assert!(w.text.contains("Seu saldo atual: 1 ponto."));
        // A company is greeted by its name, not by the first word of it.
        let c = render_welcome(
            &settings,
            "cnpj:11222333000181",
            "Dias & Souza Comércio Ltda",
            Some("compras@exemplo.com.br"),
            10,
        );
        assert!(
            c.text.starts_with("Olá, Dias & Souza Comércio Ltda!"),
            "{}",
            c.text
        );
        assert_eq!(points_phrase(1_500), "1.500 pontos");
    }
}
