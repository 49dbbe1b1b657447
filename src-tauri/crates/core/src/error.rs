//! The error contract every domain error follows across IPC and the command line.
//!
//! **Errors are data, text is the UI's.** A domain error says *what* went wrong as a stable
//! [`MessageCode`] and typed [`Params`]; the sentence the owner reads is chosen by code in the
//! message catalogue (`ui/src/lib/i18n/codes/*.json`, shared by the window and the command
//! line) and the parameters are formatted the reader's way (numbers, money, dates). The
//! `Display` of a domain error is a short technical description for the logs, in English, and
//! never holds a secret or what the owner typed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::codes::MessageCode;

/// An error the user can act on.
pub trait CodedError: std::error::Error {
    /// Stable code, e.g. `store.token_rejected`. Never changes once shipped.
    fn code(&self) -> MessageCode;

    /// What the message needs besides the code (an HTTP status, a host, a limit). Never a
    /// secret, never raw input.
    fn params(&self) -> Params {
        Params::new()
    }

    /// The serializable form sent across IPC and printed by `--json`.
    fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            params: self.params(),
        }
    }
}

/// `{ "code": "...", "params": {...} }`: the only error shape the UI ever receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ErrorPayload {
    pub code: MessageCode,
    pub params: Params,
}

impl ErrorPayload {
    pub fn new(code: MessageCode) -> Self {
        Self {
            code,
            params: Params::new(),
        }
    }

    pub fn with(code: MessageCode, params: Params) -> Self {
        Self { code, params }
    }
}

impl std::fmt::Display for ErrorPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.code.as_str(), self.params)
    }
}

impl std::error::Error for ErrorPayload {}

impl CodedError for ErrorPayload {
    fn code(&self) -> MessageCode {
        self.code
    }
    fn params(&self) -> Params {
        self.params.clone()
    }
}

/// One typed parameter of a message; the kind tells the reader's side how to format it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Param {
    /// Shown as it is (a host name, a field name, a status name). Never raw input.
    Text(String),
    /// A count or a plain number, written with the locale's digit grouping.
    Number(i64),
    /// Money in integer cents ("R$ 1.299,90").
    Cents(i64),
    /// Money in integer hundredths of another currency, as a product feed priced it
    /// ("KZT 699.990,00"): never converted, never shown as reais.
    Money(Money),
    /// A size in bytes ("4 GB").
    Bytes(u64),
    /// A calendar day, `YYYY-MM-DD`.
    Date(String),
    /// An instant, RFC 3339 in UTC; shown in local time.
    DateTime(String),
}

/// An amount in a named currency (ISO 4217 code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Money {
    pub cents: i64,
    pub currency: String,
}

/// The parameters of one message, by name (`{status}` in the text takes `status`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(transparent)]
pub struct Params(pub BTreeMap<String, Param>);

impl Params {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.insert(name.to_owned(), Param::Text(value.into()));
        self
    }

    pub fn number(mut self, name: &str, value: impl Into<i64>) -> Self {
        self.0.insert(name.to_owned(), Param::Number(value.into()));
        self
    }

    pub fn cents(mut self, name: &str, value: i64) -> Self {
        self.0.insert(name.to_owned(), Param::Cents(value));
        self
    }

    pub fn money(mut self, name: &str, cents: i64, currency: impl Into<String>) -> Self {
        let money = Money {
            cents,
            currency: currency.into(),
        };
        self.0.insert(name.to_owned(), Param::Money(money));
        self
    }

    pub fn bytes(mut self, name: &str, value: u64) -> Self {
        self.0.insert(name.to_owned(), Param::Bytes(value));
        self
    }

    pub fn date(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.insert(name.to_owned(), Param::Date(value.into()));
        self
    }

    pub fn date_time(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0
            .insert(name.to_owned(), Param::DateTime(value.into()));
        self
    }

    pub fn get(&self, name: &str) -> Option<&Param> {
        self.0.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Params {
    /// ` (status=404, host=example.com)`, or nothing: for logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str(" (")?;
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match value {
                Param::Text(v) | Param::Date(v) | Param::DateTime(v) => write!(f, "{name}={v}")?,
                Param::Number(v) | Param::Cents(v) => write!(f, "{name}={v}")?,
                Param::Bytes(v) => write!(f, "{name}={v}")?,
                Param::Money(m) => write!(f, "{name}={} {}", m.cents, m.currency)?,
            }
        }
        f.write_str(")")
    }
}

/// Logs a coded error with its code, parameters and cause chain (never a secret: domain errors
/// hold none, see the module doc).
pub fn log_error(context: &str, error: &(dyn CodedError + 'static)) {
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    tracing::warn!(
        code = error.code().as_str(),
        params = %error.params(),
        error = %error,
        cause = %chain,
        "{context}"
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_is_a_code_and_typed_params() {
        let payload = ErrorPayload::with(
            MessageCode::FeedHttpStatus,
            Params::new()
                .number("status", 404)
                .text("host", "loja.example"),
        );
        let json = serde_json::to_value(&payload).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "feed.http_status",
                "params": {
                    "host": {"kind": "text", "value": "loja.example"},
                    "status": {"kind": "number", "value": 404}
                }
            })
        );
        let back: ErrorPayload = serde_json::from_value(json).unwrap();
        assert_eq!(back, payload);
        assert_eq!(
            payload.to_string(),
            "feed.http_status (host=loja.example, status=404)"
        );
    }

    #[test]
    fn every_code_is_dotted_lower_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in MessageCode::ALL {
            let s = code.as_str();
            assert!(
                s.split_once('.')
                    .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty()),
                "{s}"
            );
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(s.to_owned()));
        }
    }
}
