//! The Simplo7 envelope and the lenient scalar readers the record structs use.
//!
//! PHP serializes loosely: an id can be `12` or `"12"`, a flag `true`, `1` or `"1"`, an empty
//! list `[]` or `{}`. These readers take every such form and nothing stranger.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, Visitor};
use serde::Deserialize;

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
    #[serde(default, deserialize_with = "de_opt_u64")]
    pub page_count: Option<u64>,
    #[serde(default, deserialize_with = "de_flag")]
    pub has_next_page: bool,
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

/// A required id: a non-negative integer or its text.
pub(crate) fn de_u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    de_opt_u64(deserializer)?.ok_or_else(|| de::Error::custom("missing id"))
}

/// An optional id: integer, its text, or `null`/`""` → `None`.
pub(crate) fn de_opt_u64<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    match de_opt_text(deserializer)? {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("not an id: {text:?}"))),
    }
}

/// A quantity: `2`, `"2"`, `"2.000"`, `1.5` (rounded to the nearest unit).
pub(crate) fn de_quantity<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    match de_opt_text(deserializer)? {
        None => Ok(0),
        Some(text) => {
            let hundredths = parse_cents(&text)
                .ok_or_else(|| de::Error::custom(format!("not a quantity: {text:?}")))?;
            Ok((hundredths + hundredths.signum() * 50) / 100)
        }
    }
}

/// A flag: `true`, `1`, `"1"`, `"true"`; anything else is false.
fn de_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(matches!(
        de_opt_text(deserializer)?.as_deref().map(str::trim),
        Some("true" | "1" | "True" | "TRUE")
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(deserialize_with = "de_u64")]
        id: u64,
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
        assert_eq!(row.id, 7);
        let err = record::<Row>(serde_json::json!({"id":"x"}), 4).unwrap_err();
        assert!(err.to_string().contains("registro 4"), "{err}");
        let p = env.pagination.unwrap();
        assert!(p.has_next_page);
        assert_eq!(p.page_count, Some(3));
    }

    #[test]
    fn quantities_round_to_units() {
        #[derive(Deserialize)]
        struct Q {
            #[serde(deserialize_with = "de_quantity")]
            q: i64,
        }
        let q = |json: &str| serde_json::from_str::<Q>(json).unwrap().q;
        assert_eq!(q(r#"{"q":"2.000"}"#), 2);
        assert_eq!(q(r#"{"q":3}"#), 3);
        assert_eq!(q(r#"{"q":1.5}"#), 2);
        assert!(serde_json::from_str::<Q>(r#"{"q":"dois"}"#).is_err());
    }
}
