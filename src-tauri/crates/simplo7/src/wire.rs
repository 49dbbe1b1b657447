//! The Simplo7 envelope and the lenient scalar readers the record structs use.
//!
//! PHP serializes loosely: an id can be `12` or `"12"`, a flag `true`, `1` or `"1"`, an empty
//! list `[]` or `{}`. These readers take every such form and nothing stranger.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use crate::error::StoreError;
use crate::money::parse_cents;

/// `{"result": [...], "pagination": {...}}`.
/// Records stay as JSON values here so that one malformed record is reported by its position
/// instead of failing the whole envelope with a vague message.
#[derive(Deserialize)]
pub(crate) struct ListEnvelope {
    #[serde(deserialize_with = "de_list")]
    pub result: Vec<serde_json::Value>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

/// `{"result": {...}}`.
#[derive(Deserialize)]
pub(crate) struct OneEnvelope {
    pub result: serde_json::Value,
}

#[derive(Deserialize, Default)]
pub(crate) struct Pagination {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub page_count: Lenient<u64>,
    #[serde(default, deserialize_with = "de_flag")]
    pub has_next_page: bool,
    /// Records matching the query in all pages (CakePHP's paginator sends it).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub count: Lenient<u64>,
}

/// A list, or `{}`/`null`/`false` for "nothing" (what `json_encode` makes of an empty PHP array
/// in some code paths).
fn de_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<serde_json::Value>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Array(list) => Ok(list),
        serde_json::Value::Null | serde_json::Value::Bool(false) => Ok(Vec::new()),
        serde_json::Value::Object(map) if map.is_empty() => Ok(Vec::new()),
        _ => Err(de::Error::custom("result is neither a list nor empty")),
    }
}

/// Reads one record of a list; `position` (from 1) names it in the error.
pub(crate) fn record<T: DeserializeOwned>(
    value: serde_json::Value,
    position: usize,
) -> Result<T, StoreError> {
    serde_json::from_value(value).map_err(|e| StoreError::UnexpectedResponse {
        detail: format!("registro {position}: {e}"),
    })
}

/// Any scalar as text (`12` → `"12"`); `null` → `""`.
pub(crate) fn de_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(de_opt_text_keep_empty(deserializer)?.unwrap_or_default())
}

/// Any scalar as text; `null` and blank text → `None`.
pub(crate) fn de_opt_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(de_opt_text_keep_empty(deserializer)?.filter(|s| !s.trim().is_empty()))
}

fn de_opt_text_keep_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct TextVisitor;
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("text or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        // Objects or lists where text was expected carry nothing usable: skip them.
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    deserializer.deserialize_any(TextVisitor)
}

/// A field read without failing its record. Whether a bad or missing value makes the record
/// unreadable is decided afterwards, field by field: only what the points need may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Lenient<T> {
    /// Absent, `null` or blank text.
    #[default]
    Missing,
    /// Present but not what the field holds (`"1 un"` for money, an object for an id...).
    Bad,
    Ok(T),
}

impl<T> Lenient<T> {
    /// The value, or `None` when missing or bad (for fields the points do not need).
    pub(crate) fn ok(self) -> Option<T> {
        match self {
            Lenient::Ok(v) => Some(v),
            Lenient::Missing | Lenient::Bad => None,
        }
    }

    fn from_text(text: Option<String>, parse: impl FnOnce(&str) -> Option<T>) -> Self {
        match text {
            None => Lenient::Missing,
            Some(t) if t.trim().is_empty() => Lenient::Missing,
            Some(t) => parse(t.trim()).map_or(Lenient::Bad, Lenient::Ok),
        }
    }
}

/// A scalar as text (`12` → `"12"`), `None` for `null`; `Err(())` for an object or a list.
fn scalar_text(value: &serde_json::Value) -> Result<Option<String>, ()> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Array(_) | Value::Object(_) => Err(()),
    }
}

fn lenient_with<'de, D, T>(
    deserializer: D,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Lenient<T>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match scalar_text(&value) {
        Ok(text) => Lenient::from_text(text, parse),
        Err(()) => Lenient::Bad,
    })
}

/// Text; an object or a list where text was expected is `Bad`.
pub(crate) fn lenient_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Lenient<String>, D::Error> {
    lenient_with(deserializer, |t| Some(t.to_owned()))
}

/// An id: a non-negative integer or its text.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Lenient<u64>, D::Error> {
    lenient_with(deserializer, |t| t.parse::<u64>().ok())
}

/// Money in cents: every form [`parse_cents`] takes; a JSON number is read from its decimal
/// text (no float arithmetic).
pub(crate) fn lenient_cents<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Lenient<i64>, D::Error> {
    lenient_with(deserializer, parse_cents)
}

/// A date and time as [`parse_store_datetime`] reads it.
pub(crate) fn lenient_date_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Lenient<time::OffsetDateTime>, D::Error> {
    lenient_with(deserializer, parse_store_datetime)
}

/// A quantity: `2`, `"2"`, `"2.000"`, `1.5` (rounded to the nearest unit), and what shops type
/// into free-text fields, `"1 un"`, `"2 pçs"` (the leading number).
pub(crate) fn lenient_quantity<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Lenient<i64>, D::Error> {
    lenient_with(deserializer, |text| {
        let hundredths = parse_cents(text).or_else(|| {
            let end = text
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
                .unwrap_or(text.len());
            parse_cents(&text[..end])
        })?;
        Some((hundredths + hundredths.signum() * 50) / 100)
    })
}

/// Any JSON value, kept for a later lenient look (lists the store may send as `{}`).
pub(crate) fn any_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(deserializer)
}

/// A flag: `true`, `1`, `"1"`, `"true"`; anything else is false.
fn de_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(matches!(
        de_opt_text(deserializer)?.as_deref().map(str::trim),
        Some("true" | "1" | "True" | "TRUE")
    ))
}

/// `2026-11-20 14:33:10` (store time: Brasília, [`conector_core::STORE_UTC_OFFSET`]), an RFC 3339 stamp with
/// its own offset, or a bare date (midnight store time). Anything else gives `None`.
pub fn parse_store_datetime(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Some(at.to_offset(UtcOffset::UTC));
    }
    let store_offset = conector_core::STORE_UTC_OFFSET;
    let naive = PrimitiveDateTime::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
    )
    .or_else(|_| {
        PrimitiveDateTime::parse(
            text,
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        )
    })
    .ok()
    .or_else(|| parse_date(text).map(|d| d.midnight()))?;
    Some(naive.assume_offset(store_offset).to_offset(UtcOffset::UTC))
}

/// `YYYY-MM-DD`; the all-zero date MySQL uses for "unknown" gives `None`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let head = text.trim().get(..10)?;
    Date::parse(
        head,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(deserialize_with = "lenient_u64")]
        id: Lenient<u64>,
    }

    #[test]
    fn envelope_takes_php_empty_lists_and_loose_flags() {
        for body in [
            r#"{"result":[],"pagination":{"page_count":"1","has_next_page":"0"}}"#,
            r#"{"result":{},"pagination":{"page_count":0,"has_next_page":false}}"#,
            r#"{"result":null}"#,
        ] {
            let env: ListEnvelope = serde_json::from_str(body).unwrap();
            assert!(env.result.is_empty(), "{body}");
            assert!(!env.pagination.unwrap_or_default().has_next_page);
        }
        let env: ListEnvelope =
            serde_json::from_str(r#"{"result":[{"id":"7"}],"pagination":{"page_count":3,"has_next_page":1,"current":1}}"#)
                .unwrap();
        let row: Row = record(env.result[0].clone(), 1).unwrap();
        assert_eq!(row.id, Lenient::Ok(7));
        let err = record::<Row>(serde_json::json!([]), 4).unwrap_err();
        assert!(err.to_string().contains("registro 4"), "{err}");
        let p = env.pagination.unwrap();
        assert!(p.has_next_page);
        assert_eq!(p.page_count, Lenient::Ok(3));
        assert_eq!(p.count, Lenient::Missing);
    }

    #[test]
    fn quantities_round_to_units_and_take_the_number_of_free_text() {
        #[derive(Deserialize)]
        struct Q {
            #[serde(default, deserialize_with = "lenient_quantity")]
            q: Lenient<i64>,
        }
        let q = |json: &str| serde_json::from_str::<Q>(json).unwrap().q;
        assert_eq!(q(r#"{"q":"2.000"}"#), Lenient::Ok(2));
        assert_eq!(q(r#"{"q":3}"#), Lenient::Ok(3));
        assert_eq!(q(r#"{"q":1.5}"#), Lenient::Ok(2));
        assert_eq!(q(r#"{"q":"1 un"}"#), Lenient::Ok(1));
        assert_eq!(q(r#"{"q":"2,5 kg"}"#), Lenient::Ok(3));
        assert_eq!(q(r#"{"q":"dois"}"#), Lenient::Bad);
        assert_eq!(q(r#"{"q":{"v":1}}"#), Lenient::Bad);
        assert_eq!(q(r#"{"q":""}"#), Lenient::Missing);
        assert_eq!(q(r#"{}"#), Lenient::Missing);
    }

    #[test]
    fn lenient_money_and_ids_never_fail_the_record() {
        #[derive(Deserialize)]
        struct R {
            #[serde(default, deserialize_with = "lenient_cents")]
            m: Lenient<i64>,
            #[serde(default, deserialize_with = "lenient_u64")]
            id: Lenient<u64>,
        }
        let r = |json: &str| serde_json::from_str::<R>(json).unwrap();
        assert_eq!(r(r#"{"m":"1.299,90","id":"7"}"#).m, Lenient::Ok(129_990));
        assert_eq!(r(r#"{"m":19.99,"id":7}"#).m, Lenient::Ok(1_999));
        assert_eq!(r(r#"{"m":"R$ --","id":"x"}"#).m, Lenient::Bad);
        assert_eq!(r(r#"{"m":"R$ --","id":"x"}"#).id, Lenient::Bad);
        assert_eq!(r(r#"{"m":null,"id":[1]}"#).m, Lenient::Missing);
        assert_eq!(r(r#"{"m":null,"id":[1]}"#).id, Lenient::Bad);
    }

    #[test]
    fn dates_with_an_offset_keep_it() {
        use time::macros::datetime;
        assert_eq!(
            parse_store_datetime("2026-11-20T10:00:00Z"),
            Some(datetime!(2026-11-20 10:00 UTC))
        );
        assert_eq!(
            parse_store_datetime("2026-11-20"),
            Some(datetime!(2026-11-20 03:00 UTC))
        );
        assert_eq!(parse_store_datetime("ontem"), None);
    }
}
