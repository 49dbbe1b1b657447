//! Which products are offered as rewards, chosen by SKU (`g:id`), as the +fidelidade form
//! asks. The selection is stored apart from the catalogue, so it survives re-imports; SKUs
//! that vanished from the feed are reported, never silently dropped.

use std::collections::HashSet;

use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;

use crate::error::CatalogError;
use crate::query::{filter, SearchQuery};

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// True when the whole catalogue is offered (the form's "otherwise the whole catalogue").
pub fn whole_catalog(conn: &Connection) -> Result<bool, CatalogError> {
    let value: Option<i64> = conn
        .prepare_cached("SELECT whole_catalog FROM reward_scope WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .map(Some)
        .or_else(|e| {
            if e == rusqlite::Error::QueryReturnedNoRows {
                Ok(None)
            } else {
                Err(e)
            }
        })?;
    Ok(value == Some(1))
}

pub fn set_whole_catalog(conn: &Connection, whole: bool) -> Result<(), CatalogError> {
    conn.execute(
        "INSERT INTO reward_scope (id, whole_catalog) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET whole_catalog = excluded.whole_catalog",
        [i64::from(whole)],
    )?;
    Ok(())
}

/// Selects or deselects the given SKUs (unknown SKUs are selected too: see [`check_pasted`]
/// to refuse them first). Returns how many rows changed.
pub fn select_skus(
    conn: &mut Connection,
    skus: &[String],
    selected: bool,
) -> Result<u32, CatalogError> {
    let tx = conector_core::write_turn::Write::begin(conn)?;
    let mut changed = 0;
    {
        let sql = if selected {
            format!("INSERT OR IGNORE INTO reward_selection (sku, selected_at) VALUES (?1, {NOW})")
        } else {
            "DELETE FROM reward_selection WHERE sku = ?1".to_owned()
        };
        let mut stmt = tx.prepare(&sql)?;
        for sku in skus {
            changed += stmt.execute([sku.trim()])? as u32;
        }
    }
    tx.commit()?;
    Ok(changed)
}

/// Selects or deselects every variant of a group.
pub fn select_group(
    conn: &Connection,
    item_group_id: &str,
    selected: bool,
) -> Result<u32, CatalogError> {
    let sql = if selected {
        format!(
            "INSERT OR IGNORE INTO reward_selection (sku, selected_at)
             SELECT sku, {NOW} FROM catalog_item WHERE item_group_id = ?1"
        )
    } else {
        "DELETE FROM reward_selection WHERE sku IN (SELECT sku FROM catalog_item WHERE item_group_id = ?1)".to_owned()
    };
    Ok(conn.execute(&sql, [item_group_id])? as u32)
}

/// Selects or deselects every result of a search (all pages), filters included.
pub fn select_search(
    conn: &Connection,
    q: &SearchQuery,
    selected: bool,
) -> Result<u32, CatalogError> {
    let f = filter(q);
    let from = "FROM catalog_item i LEFT JOIN catalog_group g ON g.item_group_id = i.item_group_id";
    let sql = if selected {
        format!("INSERT OR IGNORE INTO reward_selection (sku, selected_at) SELECT i.sku, {NOW} {from} {}", f.sql)
    } else {
        format!(
            "DELETE FROM reward_selection WHERE sku IN (SELECT i.sku {from} {})",
            f.sql
        )
    };
    Ok(conn.execute(&sql, params_from_iter(f.params.iter()))? as u32)
}

/// Empties the selection (the "whole catalogue" switch is left as it is).
pub fn clear(conn: &Connection) -> Result<(), CatalogError> {
    conn.execute("DELETE FROM reward_selection", [])?;
    Ok(())
}

/// A pasted list of SKUs checked against the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct PastedCheck {
    /// In the catalogue, in the order pasted, without repeats.
    pub known: Vec<String>,
    /// Not in the catalogue, in the order pasted.
    pub unknown: Vec<String>,
    /// Entries pasted more than once.
    pub repeated: u32,
}

/// Splits pasted text (one SKU per line, or separated by commas, semicolons, tabs or spaces)
/// and checks each SKU against the catalogue.
pub fn check_pasted(conn: &Connection, text: &str) -> Result<PastedCheck, CatalogError> {
    let mut seen = HashSet::new();
    let mut check = PastedCheck::default();
    let mut stmt = conn.prepare_cached("SELECT 1 FROM catalog_item WHERE sku = ?1")?;
    for sku in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
    {
        if !seen.insert(sku.to_owned()) {
            check.repeated += 1;
            continue;
        }
        if stmt.exists([sku])? {
            check.known.push(sku.to_owned());
        } else {
            check.unknown.push(sku.to_owned());
        }
    }
    Ok(check)
}

/// Checks a pasted list and selects the SKUs the catalogue has; the unknown ones are returned.
pub fn select_pasted(conn: &mut Connection, text: &str) -> Result<PastedCheck, CatalogError> {
    let check = check_pasted(conn, text)?;
    select_skus(conn, &check.known, true)?;
    Ok(check)
}

/// The reward selection as the review card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SelectionSummary {
    pub whole_catalog: bool,
    /// Selected SKUs present in the catalogue.
    pub selected: u32,
    /// Selected SKUs that the catalogue no longer has (first ones listed).
    pub missing: Vec<String>,
    pub missing_total: u32,
}

pub fn summary(conn: &Connection) -> Result<SelectionSummary, CatalogError> {
    let selected: u32 = conn.query_row(
        "SELECT COUNT(*) FROM reward_selection s JOIN catalog_item i ON i.sku = s.sku",
        [],
        |r| r.get(0),
    )?;
    let (missing, missing_total) = missing_in(conn, 200)?;
    Ok(SelectionSummary {
        whole_catalog: whole_catalog(conn)?,
        selected,
        missing,
        missing_total,
    })
}

/// Every selected SKU present in the catalogue, in feed order: the list to paste into the
/// +fidelidade form.
pub fn selected_skus(conn: &Connection) -> Result<Vec<String>, CatalogError> {
    let mut stmt = conn.prepare(
        "SELECT i.sku FROM reward_selection s JOIN catalog_item i ON i.sku = s.sku ORDER BY i.item_no",
    )?;
    let skus = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(skus)
}

pub(crate) fn missing_in(
    conn: &Connection,
    limit: usize,
) -> Result<(Vec<String>, u32), CatalogError> {
    let total: u32 = conn.query_row(
        "SELECT COUNT(*) FROM reward_selection s WHERE NOT EXISTS (SELECT 1 FROM catalog_item i WHERE i.sku = s.sku)",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT s.sku FROM reward_selection s
         WHERE NOT EXISTS (SELECT 1 FROM catalog_item i WHERE i.sku = s.sku)
         ORDER BY s.sku LIMIT ?1",
    )?;
    let listed = stmt
        .query_map(params![limit as i64], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok((listed, total))
}
