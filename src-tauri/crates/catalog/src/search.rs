//! Search as you type over the catalogue: words (accent-insensitive, by prefix) through one FTS5
//! index, SKU/GTIN substrings through a trigram index, plus filters and paging.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Row};
use serde::Serialize;

use crate::error::CatalogError;
use crate::query::{filter, text_queries, SearchQuery};
use conector_feed::Availability;

/// One product as the catalogue list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CatalogItem {
    pub sku: String,
    pub title: String,
    pub link: String,
    pub image_link: String,
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    pub currency: Option<String>,
    pub availability: Availability,
    pub item_group_id: Option<String>,
    /// Items in its variant group (1 when it has none).
    pub group_size: u32,
    pub brand: Option<String>,
    pub gtin: Option<String>,
    /// Chosen as a reward (always true in "whole catalogue" mode).
    pub selected: bool,
}

impl CatalogItem {
    /// What a customer pays now: the sale price when there is one.
    pub fn current_price_cents(&self) -> i64 {
        self.sale_price_cents.unwrap_or(self.price_cents)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchPage {
    pub items: Vec<CatalogItem>,
    /// Matches, counted up to [`COUNT_CAP`]; `total_is_exact` is false past it.
    pub total: u32,
    pub total_is_exact: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Counting every match of a two-letter query over 500k items costs more than a keystroke
/// allows; past this the list says "1.000+".
pub const COUNT_CAP: u32 = 1_000;

const COLUMNS: &str = "i.sku, i.title, i.link, i.image_link, i.price_cents, i.sale_price_cents,
    i.currency, i.availability, i.item_group_id, COALESCE(g.size, 1), i.brand, i.gtin,
    s.sku IS NOT NULL";

const FROM: &str = "FROM catalog_item i
    LEFT JOIN catalog_group g ON g.item_group_id = i.item_group_id
    LEFT JOIN reward_selection s ON s.sku = i.sku";

pub(crate) fn read_item(r: &Row<'_>, whole_catalog: bool) -> rusqlite::Result<CatalogItem> {
    let availability: String = r.get(7)?;
    Ok(CatalogItem {
        sku: r.get(0)?,
        title: r.get(1)?,
        link: r.get(2)?,
        image_link: r.get(3)?,
        price_cents: r.get(4)?,
        sale_price_cents: r.get(5)?,
        currency: r.get(6)?,
        availability: Availability::from_str_code(&availability),
        item_group_id: r.get(8)?,
        group_size: r.get(9)?,
        brand: r.get(10)?,
        gtin: r.get(11)?,
        selected: whole_catalog || r.get(12)?,
    })
}

/// A reward to show as an example (step 9's coupon sample): the first chosen product in feed
/// order, one in stock when there is one; with the whole catalogue offered, the first product.
pub fn sample_reward(conn: &Connection) -> Result<Option<CatalogItem>, CatalogError> {
    let whole = crate::selection::whole_catalog(conn)?;
    let chosen = if whole { "" } else { "WHERE s.sku IS NOT NULL" };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} {chosen}
         ORDER BY i.availability <> 'in_stock', i.item_no LIMIT 1"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query_map([], |r| read_item(r, whole))?;
    Ok(rows.next().transpose()?)
}

/// One page of the catalogue matching `q`, in feed order.
pub fn search(conn: &Connection, q: &SearchQuery) -> Result<SearchPage, CatalogError> {
    let page_size = match q.page_size {
        0 => 50,
        n => n.min(500),
    };
    let whole = crate::selection::whole_catalog(conn)?;
    let only_text = SearchQuery {
        text: q.text.clone(),
        page: q.page,
        page_size: q.page_size,
        ..SearchQuery::default()
    };
    if !q.text.trim().is_empty() && *q == only_text {
        return search_text(conn, q, page_size, whole);
    }
    let f = filter(q);
    let sql = format!(
        "SELECT {COLUMNS} {FROM} {} ORDER BY i.item_no LIMIT ? OFFSET ?",
        f.sql
    );
    let mut params = f.params.clone();
    params.push(Value::Integer(i64::from(page_size)));
    params.push(Value::Integer(i64::from(q.page) * i64::from(page_size)));
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(params.iter()), |r| read_item(r, whole))?
        .collect::<Result<Vec<_>, _>>()?;
    let count_sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 {FROM} {} LIMIT {})",
        f.sql,
        COUNT_CAP + 1
    );
    let counted: u32 = conn
        .prepare_cached(&count_sql)?
        .query_row(params_from_iter(f.params.iter()), |r| r.get(0))?;
    Ok(SearchPage {
        items,
        total: counted.min(COUNT_CAP),
        total_is_exact: counted <= COUNT_CAP,
        page: q.page,
        page_size,
    })
}

/// Text search (no other filter) without gathering every match: both FTS indexes hand out
/// rowids in ascending order, so their merge is walked lazily and stops once the page is full
/// and the count has reached its cap. A two-letter prefix matching half of 500k items costs
/// little more than the page it shows. With filters, [`search`] lets SQLite do the work.
fn search_text(
    conn: &Connection,
    q: &SearchQuery,
    page_size: u32,
    whole: bool,
) -> Result<SearchPage, CatalogError> {
    let (words, codes) = text_queries(&q.text);
    let mut words_stmt = conn.prepare_cached(
        "SELECT rowid FROM catalog_words WHERE catalog_words MATCH ?1 ORDER BY rowid",
    )?;
    let mut codes_stmt = conn.prepare_cached(
        "SELECT rowid FROM catalog_codes WHERE catalog_codes MATCH ?1 ORDER BY rowid",
    )?;
    let mut words_rows = words_stmt.query([&words])?;
    let mut codes_rows = match &codes {
        Some(codes) => Some(codes_stmt.query([codes])?),
        None => None,
    };
    let next = |rows: &mut rusqlite::Rows<'_>| -> rusqlite::Result<Option<i64>> {
        rows.next()?.map(|r| r.get(0)).transpose()
    };
    let mut w = next(&mut words_rows)?;
    let mut c = match codes_rows.as_mut() {
        Some(rows) => next(rows)?,
        None => None,
    };

    let mut fetch =
        conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE i.item_no = ?1"))?;
    let first = u64::from(q.page) * u64::from(page_size);
    let mut hits: u64 = 0;
    let mut items = Vec::new();
    loop {
        let item_no = match (w, c) {
            (None, None) => break,
            (Some(a), Some(b)) if a == b => {
                w = next(&mut words_rows)?;
                c = codes_rows.as_mut().map(&next).transpose()?.flatten();
                a
            }
            (Some(a), Some(b)) if a < b => {
                w = next(&mut words_rows)?;
                a
            }
            (Some(a), None) => {
                w = next(&mut words_rows)?;
                a
            }
            (_, Some(b)) => {
                c = codes_rows.as_mut().map(&next).transpose()?.flatten();
                b
            }
        };
        if hits >= first && items.len() < page_size as usize {
            let mut rows = fetch.query([item_no])?;
            if let Some(row) = rows.next()? {
                items.push(read_item(row, whole)?);
            }
        }
        hits += 1;
        if hits > u64::from(COUNT_CAP) && items.len() == page_size as usize {
            break;
        }
    }
    let counted = hits.min(u64::from(u32::MAX)) as u32;
    Ok(SearchPage {
        items,
        total: counted.min(COUNT_CAP),
        total_is_exact: counted <= COUNT_CAP,
        page: q.page,
        page_size,
    })
}

/// Every variant of a group, in feed order.
pub fn variants(conn: &Connection, item_group_id: &str) -> Result<Vec<CatalogItem>, CatalogError> {
    let whole = crate::selection::whole_catalog(conn)?;
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE i.item_group_id = ?1 ORDER BY i.item_no");
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map([item_group_id], |r| read_item(r, whole))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items)
}

/// One product by SKU (`g:id`).
pub fn item(conn: &Connection, sku: &str) -> Result<Option<CatalogItem>, CatalogError> {
    let whole = crate::selection::whole_catalog(conn)?;
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE i.sku = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query_map([sku], |r| read_item(r, whole))?;
    Ok(rows.next().transpose()?)
}

/// Number of products in the catalogue.
pub fn count(conn: &Connection) -> Result<u32, CatalogError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM catalog_item", [], |r| r.get(0))?)
}
