//! Prices as feeds write them (`99.90 BRL`, `R$ 1.299,90`, `1299`) into integer cents.

/// A price read from a feed: integer cents and the currency when it was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub cents: i64,
    pub currency: Option<String>,
}

/// Reads a price. The decimal separator is guessed the way a Brazilian reader would: with both
/// `.` and `,` present the last one is decimal; with one kind only, a single separator followed
/// by three digits groups thousands (`1.299`), otherwise it is decimal (`99,9`, `99.90`).
/// Returns `None` for empty, negative or unreadable text.
pub fn parse_price(text: &str) -> Option<Price> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut currency: Option<String> = None;
    let mut number = String::with_capacity(text.len());
    let mut letters = String::new();
    let mut seen_digit = false;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                seen_digit = true;
                number.push(c);
            }
            '.' | ',' if seen_digit => number.push(c),
            '-' if !seen_digit => return None,
            c if c.is_ascii_alphabetic() => letters.push(c.to_ascii_uppercase()),
            '$' if letters == "R" => {
                letters.clear();
                currency = Some("BRL".to_owned());
            }
            '$' => currency = currency.or(Some("USD".to_owned())),
            '€' => currency = Some("EUR".to_owned()),
            '£' => currency = Some("GBP".to_owned()),
            ' ' | '\u{a0}' | '\t' | '\n' | '\r' => {
                if letters.len() == 3 {
                    currency = Some(std::mem::take(&mut letters));
                }
                letters.clear();
            }
            _ => return None,
        }
    }
    if letters.len() == 3 {
        currency = Some(letters);
    } else if !letters.is_empty() {
        return None;
    }
    let number = number.trim_end_matches(['.', ',']);
    if number.is_empty() {
        return None;
    }
    let cents = number_to_cents(number)?;
    Some(Price { cents, currency })
}

fn number_to_cents(number: &str) -> Option<i64> {
    let last_dot = number.rfind('.');
    let last_comma = number.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (Some(d), Some(c)) => {
            let p = d.max(c);
            let sep = number.as_bytes()[p];
            if number.bytes().filter(|&b| b == sep).count() > 1 {
                return None;
            }
            Some(p)
        }
        (Some(p), None) | (None, Some(p)) => {
            let sep = number.as_bytes()[p];
            let count = number.bytes().filter(|&b| b == sep).count();
            let after = number.len() - p - 1;
            if count == 1 && after != 3 {
                Some(p)
            } else {
                None
            }
        }
        (None, None) => None,
    };
    let (int_part, frac_part) = match decimal_at {
        Some(p) => (&number[..p], &number[p + 1..]),
        None => (number, ""),
    };
    if frac_part.contains(['.', ',']) {
        return None;
    }
    let mut whole: i64 = 0;
    for b in int_part.bytes().filter(u8::is_ascii_digit) {
        whole = whole.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    let frac = frac_part.as_bytes();
    let digit = |i: usize| frac.get(i).map_or(0, |b| i64::from(b - b'0'));
    let mut cents = digit(0) * 10 + digit(1);
    // Round half up on a third decimal (`9.995` -> 10.00).
    if digit(2) >= 5 {
        cents += 1;
    }
    whole.checked_mul(100)?.checked_add(cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(text: &str) -> Option<(i64, Option<&'static str>)> {
        parse_price(text).map(|p| {
            let c = match p.currency.as_deref() {
                Some("BRL") => Some("BRL"),
                Some("EUR") => Some("EUR"),
                Some("KZT") => Some("KZT"),
                Some("USD") => Some("USD"),
                None => None,
                Some(other) => panic!("unexpected currency {other}"),
            };
            (p.cents, c)
        })
    }

    #[test]
    fn reads_every_format_real_feeds_use() {
        assert_eq!(cents("99.90 BRL"), Some((9990, Some("BRL"))));
        assert_eq!(cents("R$ 99,90"), Some((9990, Some("BRL"))));
        assert_eq!(cents("R$99,90"), Some((9990, Some("BRL"))));
        assert_eq!(cents("1.299,90"), Some((129_990, None)));
        assert_eq!(cents("R$ 1.299,90"), Some((129_990, Some("BRL"))));
        assert_eq!(cents("1,299.90 USD"), Some((129_990, Some("USD"))));
        assert_eq!(cents("BRL 15.5"), Some((1550, Some("BRL"))));
        assert_eq!(cents("42"), Some((4200, None)));
        assert_eq!(cents("374990 KZT"), Some((37_499_000, Some("KZT"))));
        assert_eq!(cents("0.0 KZT"), Some((0, Some("KZT"))));
        assert_eq!(cents(" \n 11.20 BRL \n"), Some((1120, Some("BRL"))));
        assert_eq!(
            cents("1.299"),
            Some((129_900, None)),
            "three digits after one dot group thousands"
        );
        assert_eq!(cents("1.234.567,89 BRL"), Some((123_456_789, Some("BRL"))));
        assert_eq!(cents("9.995 EUR"), Some((999_500, Some("EUR"))));
        assert_eq!(cents("9,999"), Some((999_900, None)));
    }

    #[test]
    fn refuses_what_is_not_a_price() {
        for text in [
            "",
            "  ",
            "BRL",
            "grátis",
            "-10.00 BRL",
            "sob consulta",
            "12.34.56,7,8",
            "99999999999999999999",
        ] {
            assert_eq!(parse_price(text), None, "{text:?}");
        }
    }
}
