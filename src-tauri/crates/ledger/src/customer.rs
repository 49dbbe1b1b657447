//! Customers derived from orders: the key +fidelidade would register a customer under is the
//! normalised, check-digit-valid CPF/CNPJ, else the normalised e-mail.

use serde::Serialize;

/// What kind of identifier a customer key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    Cpf,
    Cnpj,
    Email,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Cpf => "cpf",
            KeyKind::Cnpj => "cnpj",
            KeyKind::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<KeyKind> {
        match s {
            "cpf" => Some(KeyKind::Cpf),
            "cnpj" => Some(KeyKind::Cnpj),
            "email" => Some(KeyKind::Email),
            _ => None,
        }
    }
}

/// A customer's identity: `cpf:<11 digits>`, `cnpj:<14 chars>` or `email:<address>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomerKey {
    pub kind: KeyKind,
    /// The normalised identifier (digits only for CPF, upper-case for CNPJ, lower-case e-mail).
    pub value: String,
}

impl CustomerKey {
    /// The stored form, unique across kinds.
    pub fn as_key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.value)
    }
}

/// The buyer fields of an order, as the store sent them (unvalidated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerRef {
    pub cpf_cnpj: Option<String>,
    pub email: Option<String>,
    pub name: String,
    pub phone: Option<String>,
}

/// A CPF or CNPJ reduced to its characters (punctuation and spaces removed) when its check
/// digits are valid. CNPJs may be alphanumeric (the format Receita Federal introduced in 2026).
pub fn normalize_document(raw: &str) -> Option<(KeyKind, String)> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '/' | ' ' | '\t' | '_'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !cleaned.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    match cleaned.len() {
        11 if valid_cpf(&cleaned) => Some((KeyKind::Cpf, cleaned)),
        14 if valid_cnpj(&cleaned) => Some((KeyKind::Cnpj, cleaned)),
        _ => None,
    }
}

fn all_same(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

/// Check digits of an 11-digit CPF (mod 11, weights 10..2 then 11..2).
fn valid_cpf(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 || all_same(s) {
        return false;
    }
    let check = |len: usize| -> u32 {
        let weight_top = len as u32 + 1;
        let sum: u32 = digits[..len]
            .iter()
            .enumerate()
            .map(|(i, d)| d * (weight_top - i as u32))
            .sum();
        let r = (sum * 10) % 11;
        if r == 10 {
            0
        } else {
            r
        }
    };
    check(9) == digits[9] && check(10) == digits[10]
}

/// Check digits of a 14-character CNPJ: characters count as their ASCII code minus 48 (so
/// digits keep their value and the alphanumeric CNPJ works), weights 2..9 cycling from the right.
fn valid_cnpj(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() != 14 || all_same(s) || !bytes[12..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let values: Vec<u32> = bytes.iter().map(|b| u32::from(*b) - 48).collect();
    let check = |len: usize| -> u32 {
        let sum: u32 = values[..len]
            .iter()
            .rev()
            .enumerate()
            .map(|(i, v)| v * (2 + (i as u32 % 8)))
            .sum();
        let r = sum % 11;
        if r < 2 {
            0
        } else {
            11 - r
        }
    };
    check(12) == values[12] && check(13) == values[13]
}

/// An e-mail trimmed and lower-cased, when it looks deliverable: one `@`, a non-empty local
/// part, a dotted domain of non-empty labels, no spaces, at most 254 characters.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 || email.chars().any(char::is_whitespace) {
        return None;
    }
    let (local, domain) = email.split_once('@')?;
    if local.is_empty() || domain.contains('@') || !domain.contains('.') {
        return None;
    }
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let tld_ok = domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
    (labels_ok && tld_ok).then_some(email)
}

/// The key a customer is registered under: a valid CPF/CNPJ, else a sane e-mail, else none.
pub fn customer_key(customer: &CustomerRef) -> Option<CustomerKey> {
    if let Some((kind, value)) = customer.cpf_cnpj.as_deref().and_then(normalize_document) {
        return Some(CustomerKey { kind, value });
    }
    customer
        .email
        .as_deref()
        .and_then(normalize_email)
        .map(|value| CustomerKey {
            kind: KeyKind::Email,
            value,
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn cpf_with_punctuation_is_normalised_and_checked() {
        assert_eq!(
            normalize_document("529.982.247-25"),
            Some((KeyKind::Cpf, "52998224725".into()))
        );
        assert_eq!(
            normalize_document(" 111.444.777-35 "),
            Some((KeyKind::Cpf, "11144477735".into()))
        );
        // One wrong check digit.
        assert_eq!(normalize_document("529.982.247-24"), None);
        assert_eq!(normalize_document("52998224715"), None);
    }

    #[test]
    fn repeated_digit_sequences_are_rejected_even_though_their_digits_check() {
        // 111.111.111-11 passes the arithmetic; it is the classic fake CPF.
        assert_eq!(normalize_document("111.111.111-11"), None);
        assert_eq!(normalize_document("00000000000"), None);
        assert_eq!(normalize_document("00.000.000/0000-00"), None);
    }

    #[test]
    fn cnpj_numeric_and_alphanumeric() {
        assert_eq!(
            normalize_document("11.222.333/0001-81"),
            Some((KeyKind::Cnpj, "11222333000181".into()))
        );
        assert_eq!(normalize_document("11.222.333/0001-80"), None);
        // Receita Federal's published example of the alphanumeric CNPJ.
        assert_eq!(
            normalize_document("12.ABC.345/01DE-35"),
            Some((KeyKind::Cnpj, "12ABC34501DE35".into()))
        );
        assert_eq!(normalize_document("12.ABC.345/01DE-36"), None);
    }

    #[test]
    fn wrong_lengths_and_letters_in_cpf_are_not_documents() {
        assert_eq!(normalize_document("1234567890"), None);
        assert_eq!(normalize_document("5299822472A"), None);
        assert_eq!(normalize_document(""), None);
        assert_eq!(normalize_document("não informado"), None);
    }

    #[test]
    fn email_is_trimmed_lowercased_and_sanity_checked() {
        assert_eq!(
            normalize_email("  Maria.Silva@Exemplo.COM.br "),
            Some("maria.silva@exemplo.com.br".into())
        );
        for bad in [
            "",
            "maria",
            "maria@",
            "@exemplo.com",
            "maria@exemplo",
            "maria@@exemplo.com",
            "ma ria@exemplo.com",
            "maria@exemplo..com",
            "maria@exemplo.c",
            "maria@-exemplo.com",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad:?} should be rejected");
        }
    }

    #[test]
    fn key_prefers_a_valid_document_then_falls_back_to_email() {
        let mut c = CustomerRef {
            cpf_cnpj: Some("529.982.247-25".into()),
            email: Some("Ana@Loja.com".into()),
            name: "Ana".into(),
            phone: None,
        };
        assert_eq!(customer_key(&c).unwrap().as_key(), "cpf:52998224725");
        c.cpf_cnpj = Some("123.456.789-00".into());
        assert_eq!(customer_key(&c).unwrap().as_key(), "email:ana@loja.com");
        c.email = Some("sem email".into());
        assert_eq!(customer_key(&c), None);
    }
}
