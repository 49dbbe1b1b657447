//! Pattern redaction of secrets and customers' personal data in free text (logs, settings).
//!
//! The order matters: known secrets first (exact values), then `key=value` secrets, anything
//! shaped like an API token, e-mails, CNPJs (14 digits), CPFs (11 digits), then phone numbers,
//! so a longer number is never cut into a shorter match.
//!
//! The token is removed by value *and* by shape: a token that reached a log unlabelled (an
//! older version, a keychain locked at export time so its value is unknown) still goes.

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
        // `token=…`, `"senha": "…"`, `Authorization: Bearer …`: the value goes, the key stays
        // (a value already replaced by a label, `[token removido]`, is taken whole).
        pattern(
            r#"(?i)\b(authorization|bearer|token|api[_-]?key|app[_-]?key|senha|password|secret)(["']?\s*[:=]\s*["']?)(?:bearer\s+)?(?:\[[^\]]*\]|[^\s"',;&}]+)"#,
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

/// Runs of token characters long enough to be one; [`token_shaped`] decides.
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    // A constant checked by the tests below: it always compiles.
    Regex::new(r"[A-Za-z0-9_-]{20,}").unwrap_or_else(|e| unreachable!("bad word pattern: {e}"))
});

/// True for a run that reads like an API key rather than words, numbers or dates: 20 or more
/// characters with letters and digits, one `-`/`_`-separated piece of at least 8 mixing both
/// (`8f14e45fceea167a5a36dedd4bea2543`, `tok_9f8e7d6c5b4a39281706`), while
/// `conector-diagnostico-20261128-103005` or `wsstatuspedidos_2026` stay. Hex digests and UUIDs
/// go too: over-redaction is the safe side.
fn token_shaped(word: &str) -> bool {
    let mixed = |piece: &str| {
        piece.chars().any(|c| c.is_ascii_alphabetic()) && piece.chars().any(|c| c.is_ascii_digit())
    };
    word.len() >= 20
        && word
            .split(['-', '_'])
            .any(|piece| piece.len() >= 8 && mixed(piece))
}

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

    /// `text` with the secrets, anything shaped like a token and every CPF, CNPJ, e-mail and
    /// phone replaced by a label.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = out.replace(secret.expose(), TOKEN);
        }
        if WORDS.is_match(&out) {
            out = WORDS
                .replace_all(&out, |c: &regex::Captures<'_>| {
                    let word = &c[0];
                    if token_shaped(word) {
                        TOKEN.to_owned()
                    } else {
                        word.to_owned()
                    }
                })
                .into_owned();
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
        let secret_key = [
            "token", "secret", "senha", "password", "api_key", "apikey", "app_key", "appkey",
        ]
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
    fn an_unknown_token_goes_by_its_shape_alone() {
        // What an older version, or an export with the keychain locked, could leave behind.
        let unknown = "8f14e45fceea167a5a36dedd4bea2543";
        for line in [
            format!("request failed appKey: {unknown}"),
            format!(r#"{{"appKey":"{unknown}"}}"#),
            format!("store check with {unknown} failed"),
            format!("pasted=({unknown})"),
            format!("x-{unknown}-y"),
            "Tok3nWithMixedCase_And_9Digits12345678".to_owned(),
        ] {
            let out = Redactor::default().redact(&line);
            assert!(!out.contains("8f14e45f"), "{out}");
            assert!(!out.contains("Tok3nWith"), "{out}");
        }
    }

    #[test]
    fn words_dates_names_and_addresses_are_not_token_shaped() {
        let text = "2026-11-30T12:00:01.123456Z INFO conector_simplo7::transport: \
            diagnostic exported path=/home/ana/Downloads/conector-diagnostico-20261128-103005.zip \
            code=store.redirected_away host=www.minhaloja.com.br \
            url=https://123456.simplo7.net/ws/wsstatuspedidos.json?page=2 \
            feed=conector.2026-11-28.log demo-token-conector-fidelidade-0001";
        assert_eq!(Redactor::default().redact(text), text);
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
