//! Pattern redaction of secrets and customers' personal data in free text (logs, settings).
//!
//! The order matters: known secrets first (exact values), then `key=value` secrets, e-mails,
//! CNPJs (14 digits), CPFs (11 digits), then phone numbers, so a longer number is never cut
//! into a shorter match.

use std::sync::LazyLock;

use conector_core::Secret;
use regex::Regex;

pub const TOKEN: &str = "[token removido]";
pub const EMAIL: &str = "[e-mail removido]";
pub const CPF: &str = "[CPF removido]";
pub const CNPJ: &str = "[CNPJ removido]";
pub const PHONE: &str = "[telefone removido]";
pub const SECRET_VALUE: &str = "[removido]";

struct Pattern {
    regex: Regex,
    replacement: &'static str,
}

fn pattern(regex: &str, replacement: &'static str) -> Pattern {
    Pattern {
        // The patterns are constants checked by the tests below: they always compile.
        regex: Regex::new(regex).unwrap_or_else(|e| unreachable!("bad redaction pattern: {e}")),
        replacement,
    }
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        // `token=…`, `"senha": "…"`, `Authorization: Bearer …`: the value goes, the key stays.
        pattern(
            r#"(?i)\b(authorization|bearer|token|api[_-]?key|senha|password|secret)(["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^\s"',;&}]+"#,
            "${1}${2}[removido]",
        ),
        pattern(
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
            EMAIL,
        ),
        pattern(r"\b\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}\b", CNPJ),
        pattern(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b", CPF),
        // +55 (11) 98765-4321, (11) 3456-7890, 11 98765-4321, 5511987654321, 1134567890.
        pattern(
            r"(?:\+?55[\s.-]?)?(?:\(\d{2}\)\s?|\b\d{2}[\s.-])9?\d{4}[\s.-]?\d{4}\b",
            PHONE,
        ),
        pattern(r"\b(?:55)?\d{2}9?\d{8}\b", PHONE),
    ]
});

/// Redacts text. Holds the secrets whose exact values must never come out (the token).
#[derive(Default)]
pub struct Redactor {
    secrets: Vec<Secret>,
}

impl Redactor {
    pub fn new(secrets: impl IntoIterator<Item = Secret>) -> Self {
        Self {
            secrets: secrets.into_iter().filter(|s| !s.is_empty()).collect(),
        }
    }

    /// `text` with the secrets and every CPF, CNPJ, e-mail and phone replaced by a label.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = out.replace(secret.expose(), TOKEN);
        }
        for p in PATTERNS.iter() {
            if p.regex.is_match(&out) {
                out = p.regex.replace_all(&out, p.replacement).into_owned();
            }
        }
        out
    }

    /// The value of setting `key` as it may be shared: whole value removed when the key names a
    /// secret, redacted otherwise.
    pub fn setting(&self, key: &str, value: &str) -> String {
        let lower = key.to_lowercase();
        let secret_key = ["token", "secret", "senha", "password", "api_key", "apikey"]
            .iter()
            .any(|k| lower.contains(k));
        if secret_key {
            SECRET_VALUE.to_owned()
        } else {
            self.redact(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN_VALUE: &str = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";

    fn redactor() -> Redactor {
        Redactor::new([Secret::new(TOKEN_VALUE)])
    }

    #[test]
    fn a_realistic_log_keeps_its_shape_and_loses_personal_data() {
        let log = "\
2026-11-28T10:22:17.123456Z  INFO conector_sync: order read order_id=48213 number=\"000482\" customer_email=\"maria.souza+loja@gmail.com\" cpf=\"123.456.789-09\"
2026-11-28T10:22:18.000001Z  WARN conector_simplo7: http 401 url=https://loja.simplo7.net/ws/wspedidos.json?page=2 header=\"Authorization: Bearer a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6\"
2026-11-28T10:22:19.500000Z  INFO conector_ledger: customer doc=12345678909 cnpj=12.345.678/0001-95 raw=12345678000195 tel=\"(11) 98765-4321\" cel=+55 21 99876-5432 fixo=1134567890 e=JOAO@EMPRESA.COM.BR
2026-11-28T10:22:20.000000Z ERROR conector_app: token check failed token=a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6 code=store.token_rejected pages=12 orders_seen=2500 total_cents=1999000
";
        let out = redactor().redact(log);
        for leaked in [
            TOKEN_VALUE,
            "maria.souza",
            "gmail.com",
            "123.456.789-09",
            "12345678909",
            "12.345.678/0001-95",
            "12345678000195",
            "98765-4321",
            "99876-5432",
            "1134567890",
            "JOAO@EMPRESA",
        ] {
            assert!(!out.contains(leaked), "{leaked} leaked in:\n{out}");
        }
        // What a support person needs is still there.
        for kept in [
            "2026-11-28T10:22:17.123456Z",
            "order_id=48213",
            "number=\"000482\"",
            "code=store.token_rejected",
            "pages=12 orders_seen=2500 total_cents=1999000",
            "https://loja.simplo7.net/ws/wspedidos.json?page=2",
            "http 401",
        ] {
            assert!(out.contains(kept), "{kept} lost in:\n{out}");
        }
        assert_eq!(out.matches(EMAIL).count(), 2, "{out}");
        assert_eq!(out.matches(CPF).count(), 2, "{out}");
        assert_eq!(out.matches(CNPJ).count(), 2, "{out}");
        assert_eq!(out.matches(PHONE).count(), 3, "{out}");
    }

    #[test]
    fn the_token_goes_even_when_not_labelled() {
        let out = redactor().redact(&format!("something odd: {TOKEN_VALUE}!"));
        assert_eq!(out, format!("something odd: {TOKEN}!"));
    }

    #[test]
    fn labelled_secrets_go_even_when_unknown() {
        let out =
            Redactor::default().redact(r#"{"token": "zzz999yyy", "senha":"abc"} password=x1"#);
        assert!(
            !out.contains("zzz999yyy") && !out.contains("abc") && !out.contains("x1"),
            "{out}"
        );
        assert!(out.contains(r#""token": "[removido]""#), "{out}");
    }

    #[test]
    fn settings_named_like_secrets_lose_their_whole_value() {
        let r = redactor();
        assert_eq!(r.setting("simplo7_token", "whatever"), SECRET_VALUE);
        assert_eq!(r.setting("store_id", "12345"), "12345");
        assert_eq!(r.setting("owner_email", "dono@loja.com"), EMAIL);
    }

    #[test]
    fn dates_amounts_and_ids_are_not_mistaken_for_people() {
        let text = "2026-11-28 10:22:17 pedido 482133 total R$ 1.234,56 página 3/12 sku 7891234567";
        // A 10-digit SKU reads exactly like a landline: over-redaction is the safe side.
        let out = Redactor::default().redact(text);
        assert!(
            out.starts_with("2026-11-28 10:22:17 pedido 482133 total R$ 1.234,56 página 3/12"),
            "{out}"
        );
    }
}
