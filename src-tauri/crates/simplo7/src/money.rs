//! Money as the Simplo7 API sends it, turned into integer cents.
//!
//! The API is a PHP/CakePHP service: the same field arrives as `"1299.90"`, `1299.9`, `"1299,90"`
//! or `"1.299,90"` depending on the store and the field. Every form is read as *decimal text*
//! and converted digit by digit, so no float rounding ever reaches a stored value.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Parses decimal money text into cents: `"1299.90"`, `"1299,90"`, `"1.299,90"`, `"1,299.90"`,
/// `"R$ 1.299,90"`, `"-5.5"`, `"12"`. More than two decimals round half away from zero
/// (`"0.125"` → 13). Returns `None` for text that is not a number.
///
/// Separator rule: when both `.` and `,` appear, the last one is the decimal separator and the
/// other groups thousands; when only one kind appears, a single occurrence is the decimal
/// separator and repeated occurrences group thousands (`"1.299.000"`).
pub fn parse_cents(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    if body.is_empty() {
        return None;
    }
    let (whole, fraction) = match decimal_separator(body)? {
        Some(sep) => {
            let at = body.rfind(sep)?;
            (&body[..at], &body[at + 1..])
        }
        None => (body, ""),
    };
    let whole_digits: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if whole_digits.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole_digits.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole_value: i64 = if whole_digits.is_empty() {
        0
    } else {
        whole_digits.parse().ok()?
    };
    let mut fraction_digits = fraction.bytes().map(|b| i64::from(b - b'0'));
    let tenths = fraction_digits.next().unwrap_or(0);
    let hundredths = fraction_digits.next().unwrap_or(0);
    let round_up = fraction_digits.next().is_some_and(|d| d >= 5);
    let cents = whole_value
        .checked_mul(100)?
        .checked_add(tenths * 10 + hundredths + i64::from(round_up))?;
    Some(if negative { -cents } else { cents })
}

/// `None`: not a valid number; `Some(None)`: no decimal part; `Some(Some(c))`: `c` separates it.
fn decimal_separator(body: &str) -> Option<Option<char>> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    match (dots, commas) {
        (0, 0) => Some(None),
        (1, 0) => Some(Some('.')),
        (0, 1) => Some(Some(',')),
        (_, 0) | (0, _) => Some(None),
        _ => {
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            let (sep, count) = if last_dot > last_comma {
                ('.', dots)
            } else {
                (',', commas)
            };
            (count == 1).then_some(Some(sep))
        }
    }
}

/// Formats cents as the API's own decimal text (`129990` → `"1299.90"`); the demo store uses it.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Serde adapter for a money field: number or string in, cents out. `null`, `""` and a missing
/// field (with `#[serde(default)]`) give 0: an order without a discount has no discount.
pub fn deserialize_cents<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(CentsVisitor)
}

struct CentsVisitor;

impl Visitor<'_> for CentsVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a money amount as a number or decimal text")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        v.checked_mul(100)
            .ok_or_else(|| E::custom("money amount too large"))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v)
            .ok()
            .and_then(|v| v.checked_mul(100))
            .ok_or_else(|| E::custom("money amount too large"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // `Display` for f64 prints the shortest text that reads back as the same double
        // (1299.9 → "1299.9"), which is the decimal the sender wrote; that text is parsed.
        if !v.is_finite() {
            return Err(E::custom("money amount is not a finite number"));
        }
        parse_cents(&v.to_string())
            .ok_or_else(|| E::custom(format!("money amount out of range: {v}")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        if v.trim().is_empty() {
            return Ok(0);
        }
        parse_cents(v).ok_or_else(|| E::custom(format!("not a money amount: {v:?}")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "deserialize_cents")]
        value: i64,
    }

    fn cents_of(json: &str) -> i64 {
        serde_json::from_str::<Row>(json).unwrap().value
    }

    #[test]
    fn every_form_the_api_sends_gives_the_same_cents() {
        for json in [
            r#"{"value":"1299.90"}"#,
            r#"{"value":1299.9}"#,
            r#"{"value":1299.90}"#,
            r#"{"value":"1299,90"}"#,
            r#"{"value":"1.299,90"}"#,
            r#"{"value":"1,299.90"}"#,
            r#"{"value":"R$ 1.299,90"}"#,
            r#"{"value":" 1299.9 "}"#,
        ] {
            assert_eq!(cents_of(json), 129_990, "{json}");
        }
    }

    #[test]
    fn floats_that_binary_cannot_hold_still_give_exact_cents() {
        // 0.1 + 0.2 style values: the double for 19.99 is 19.989999…; the text is "19.99".
        assert_eq!(cents_of(r#"{"value":19.99}"#), 1999);
        assert_eq!(cents_of(r#"{"value":0.29}"#), 29);
        assert_eq!(cents_of(r#"{"value":1234567.89}"#), 123_456_789);
    }

    #[test]
    fn integers_empty_and_missing_values() {
        assert_eq!(cents_of(r#"{"value":12}"#), 1200);
        assert_eq!(cents_of(r#"{"value":"12"}"#), 1200);
        assert_eq!(cents_of(r#"{"value":""}"#), 0);
        assert_eq!(cents_of(r#"{"value":null}"#), 0);
        assert_eq!(cents_of(r#"{}"#), 0);
        assert_eq!(cents_of(r#"{"value":"-5.5"}"#), -550);
    }

    #[test]
    fn extra_decimals_round_half_away_from_zero() {
        assert_eq!(parse_cents("0.125"), Some(13));
        assert_eq!(parse_cents("0.124"), Some(12));
        assert_eq!(parse_cents("-0.125"), Some(-13));
    }

    #[test]
    fn thousands_groups_without_decimals() {
        assert_eq!(parse_cents("1.299.000"), Some(129_900_000));
        assert_eq!(parse_cents("1,299,000"), Some(129_900_000));
        assert_eq!(parse_cents(",5"), Some(50));
    }

    #[test]
    fn garbage_is_refused_not_guessed() {
        assert!(serde_json::from_str::<Row>(r#"{"value":"doze reais"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"value":"12.3.4,5,6"}"#).is_err());
        assert_eq!(parse_cents("-"), None);
        assert_eq!(parse_cents("1e5"), None);
    }

    #[test]
    fn format_round_trips() {
        for cents in [0, 5, 129_990, -550, 100] {
            assert_eq!(parse_cents(&format_cents(cents)), Some(cents));
        }
        assert_eq!(format_cents(129_990), "1299.90");
    }
}
