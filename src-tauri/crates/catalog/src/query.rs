//! What a catalogue search asks — the owner's words, ticks and price bounds — and the SQL
//! filter it becomes: shared by the list ([`crate::search`]) and "select all results"
//! ([`crate::selection`]).

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

/// What the owner typed and ticked in the catalogue list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct SearchQuery {
    /// Words (matched as prefixes, accents ignored) or a piece of SKU/GTIN (3+ characters).
    pub text: String,
    pub in_stock_only: bool,
    pub with_image_only: bool,
    /// Bounds on the current price (sale price when there is one), inclusive.
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    /// One row per variant group (its first item, with `group_size`) instead of every variant.
    pub group_variants: bool,
    /// 0-based.
    pub page: u32,
    /// 1 to 500; 0 means 50.
    pub page_size: u32,
}

/// The WHERE clause of a query and its parameters; shared by search and "select all results".
pub(crate) struct Filter {
    pub sql: String,
    pub params: Vec<Value>,
}

/// Quotes one typed word for FTS5 (so `"`, `*`, `-`, `:` are text, not syntax).
fn fts_phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

pub(crate) fn filter(q: &SearchQuery) -> Filter {
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let text = q.text.trim();
    if !text.is_empty() {
        let (words, codes) = text_queries(text);
        let mut sources = vec!["SELECT rowid FROM catalog_words WHERE catalog_words MATCH ?"];
        params.push(Value::Text(words));
        if let Some(codes) = codes {
            sources.push("SELECT rowid FROM catalog_codes WHERE catalog_codes MATCH ?");
            params.push(Value::Text(codes));
        }
        clauses.push(format!("i.item_no IN ({})", sources.join(" UNION ALL ")));
    }
    if q.in_stock_only {
        clauses.push("i.availability = 'in_stock'".to_owned());
    }
    if q.with_image_only {
        clauses.push("i.image_link <> ''".to_owned());
    }
    if let Some(min) = q.min_price_cents {
        clauses.push("COALESCE(i.sale_price_cents, i.price_cents) >= ?".to_owned());
        params.push(Value::Integer(min));
    }
    if let Some(max) = q.max_price_cents {
        clauses.push("COALESCE(i.sale_price_cents, i.price_cents) <= ?".to_owned());
        params.push(Value::Integer(max));
    }
    if q.group_variants {
        clauses.push("(i.item_group_id IS NULL OR i.item_no = g.first_item_no)".to_owned());
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Filter { sql, params }
}

/// The FTS5 queries for typed text: every word as a prefix (all must match) over the words
/// index, and the whole text as a substring of SKUs when it has 3+ characters.
pub(crate) fn text_queries(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .map(|w| format!("{}*", fts_phrase(w)))
        .collect();
    let codes = (text.chars().count() >= 3).then(|| fts_phrase(text));
    (words.join(" "), codes)
}
