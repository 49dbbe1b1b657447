//! What a test (or someone trying the app) makes the demo store do to its orders after they
//! were placed, as real stores do: refunds and edited totals, a CPF filled in later, deleted
//! orders (404 on re-read), records with malformed fields, and orders inserted with an earlier
//! date (which shifts the pages of every listing after them).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A change of an order's data, as the store's panel allows it. `None` keeps the field as it
/// is; `Some(None)` empties an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderEdit {
    /// `total_produtos` in cents (a partial refund or an edited order).
    pub products_cents: Option<i64>,
    /// `total_descontos` in cents.
    pub discounts_cents: Option<i64>,
    /// `cliente_cpfcnpj` (a CPF filled in later, or removed).
    pub document: Option<Option<String>>,
    /// `cliente_email`.
    pub email: Option<Option<String>>,
}

impl OrderEdit {
    fn merge(&mut self, newer: OrderEdit) {
        if newer.products_cents.is_some() {
            self.products_cents = newer.products_cents;
        }
        if newer.discounts_cents.is_some() {
            self.discounts_cents = newer.discounts_cents;
        }
        if newer.document.is_some() {
            self.document = newer.document;
        }
        if newer.email.is_some() {
            self.email = newer.email;
        }
    }
}

/// Where a raw value replaces what the store would send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordPart {
    /// A field of `Wspedido` (`total_produtos`, `cliente_telefone`...).
    Order,
    /// A field of every `Item` (`quantidade`...).
    Items,
    /// The whole record (`{"Wspedido": ...}` replaced by the value).
    Record,
}

/// The scripted changes, keyed by order id.
#[derive(Debug, Default)]
pub(crate) struct Script {
    pub edits: HashMap<u64, OrderEdit>,
    pub deleted: HashSet<u64>,
    /// (part, field, raw JSON value), applied in order when the record is served.
    pub raw: HashMap<u64, Vec<(RecordPart, String, Value)>>,
}

impl Script {
    pub(crate) fn edit(&mut self, id: u64, edit: OrderEdit) {
        self.edits.entry(id).or_default().merge(edit);
    }

    pub(crate) fn set_raw(&mut self, id: u64, part: RecordPart, field: &str, value: Value) {
        let list = self.raw.entry(id).or_default();
        list.retain(|(p, f, _)| !(*p == part && f == field));
        list.push((part, field.to_owned(), value));
    }

    /// Serves the record as it is again (a malformed field fixed in the store).
    pub(crate) fn clear_raw(&mut self, id: u64) {
        self.raw.remove(&id);
    }

    /// The record as served, after the raw replacements.
    pub(crate) fn apply_raw(&self, id: u64, mut record: Value) -> Value {
        let Some(list) = self.raw.get(&id) else {
            return record;
        };
        for (part, field, value) in list {
            match part {
                RecordPart::Order => {
                    if let Some(order) = record.get_mut("Wspedido").and_then(Value::as_object_mut) {
                        order.insert(field.clone(), value.clone());
                    }
                }
                RecordPart::Items => {
                    if let Some(items) = record.get_mut("Item").and_then(Value::as_array_mut) {
                        for item in items.iter_mut().filter_map(Value::as_object_mut) {
                            item.insert(field.clone(), value.clone());
                        }
                    }
                }
                RecordPart::Record => record = value.clone(),
            }
        }
        record
    }
}
