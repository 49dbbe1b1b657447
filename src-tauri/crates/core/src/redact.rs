//! Secrets that cannot leak through `Debug`, `Display` or serialization by accident.

use std::fmt;

/// A secret value (the Simplo7 API token). Printing it shows only a mask; the raw value is
/// reachable only through [`Secret::expose`], which call sites use to build the HTTP header or
/// to hand it to the keychain, and nowhere else. Its bytes are overwritten with zeros when it
/// is dropped (`zeroize`), so a freed token does not linger in the heap.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw value. Keep every call site short-lived: an HTTP header, the keychain.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// What the UI may show: eight bullets and the last four characters, or only bullets when
    /// the secret is too short for four characters to be safe to reveal.
    pub fn mask(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "••••••••".to_owned();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••••••{tail}")
    }
}

/// True for typed text that reads like an API token rather than an ID, a domain, a number or a
/// sentence: 20 or more letters, digits, `-` or `_`, with both letters and digits. Fields that
/// are not the token's say "this looks like a token" and keep it out of the database, without
/// repeating it.
pub fn looks_like_token(text: &str) -> bool {
    let text = text.trim();
    text.len() >= 20
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && text.chars().any(|c| c.is_ascii_digit())
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.mask())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.mask())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let token = Secret::new("abcd1234efgh5678ijkl3f9a");
        let printed = format!("{token} {token:?} {:?}", vec![token.clone()]);
        assert!(!printed.contains("abcd1234"), "{printed}");
        assert!(printed.contains("••••••••3f9a"));
    }

    #[test]
    fn tokens_are_told_apart_from_ids_domains_and_words() {
        assert!(looks_like_token("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"));
        assert!(looks_like_token("  8f14e45fceea167a5a36dedd4bea2543 "));
        assert!(looks_like_token("demo-token-conector-fidelidade-0001"));
        assert!(!looks_like_token("123456"));
        assert!(!looks_like_token("www.minhaloja.com.br"));
        assert!(!looks_like_token("minhaloja"));
        assert!(!looks_like_token("https://a1b2c3d4e5f6a7b8c9d0.com"));
        assert!(!looks_like_token("camiseta-basica-algodao"));
        assert!(!looks_like_token("365"));
    }

    #[test]
    fn short_secrets_are_fully_masked() {
        assert_eq!(Secret::new("abc").mask(), "••••••••");
    }

    #[test]
    fn expose_gives_the_value_back() {
        assert_eq!(Secret::new("x-y-z").expose(), "x-y-z");
    }
}
