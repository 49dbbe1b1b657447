//! The Simplo7 token in the operating system's keychain (SPEC §6): Windows Credential
//! Manager, macOS Keychain, Secret Service on Linux, under the app's identifier.
//!
//! Invariants:
//! - the token is stored only by [`Keychain::save`]/[`Keychain::replace`], which the caller
//!   invokes after a successful connection test, never on its own;
//! - with no keychain available every call fails with `secrets.unavailable`; there is no
//!   fallback file, environment variable or database column, by design;
//! - the token leaves this crate as a [`Secret`] (masked when printed) and reaches the UI only
//!   as [`Keychain::mask`].
//!
//! Keychain calls block (D-Bus, Security framework, Win32): call them from a blocking thread
//! (`tokio::task::spawn_blocking`) in async code.

pub mod clipboard;

use conector_core::{CodedError, MessageCode, Secret};

/// The app's identifier (`tauri.conf.json`), used as the keychain service name.
pub const SERVICE: &str = "br.com.conectorfidelidade.conector";

/// Which store a token belongs to, and the API origin it was tested against:
/// `simplo7:<store id>@<scheme>://<api host>:<port>` (`simplo7:<scheme>://<host>:<port>` when no
/// ID is known, e.g. a bare `--base-url` in the CLI).
///
/// The origin is part of the key so that a token can only ever be read back for the scheme,
/// host and port it was tested against: change the store's domain or port and the lookup finds
/// nothing, so the app asks for the token again instead of sending the old one there. The demo
/// store is the exception: it listens on this computer on a new port at each launch, so a
/// loopback address is keyed by its host alone (`simplo7:<id>@127.0.0.1`).
///
/// Older entries are migrated once (see `conector_setup::migrate_legacy_token`): keyed by store
/// ID only before issue #13 ([`StoreAccount::legacy`]), by API host without scheme or port
/// before issue #23 ([`StoreAccount::host_bound`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoreAccount(String);

impl StoreAccount {
    /// The entry of `store_id`'s token for the API at `api_base` (a full base URL; its scheme,
    /// host and port count, the host alone for a loopback address).
    pub fn for_store(store_id: Option<&str>, api_base: &str) -> Self {
        Self::keyed(store_id, &api_origin(api_base))
    }

    /// The entry versions before issue #23 used, bound to the API host only (no scheme, no
    /// port): read once to migrate, then deleted.
    pub fn host_bound(store_id: Option<&str>, api_base: &str) -> Self {
        Self::keyed(store_id, &api_host(api_base))
    }

    fn keyed(store_id: Option<&str>, place: &str) -> Self {
        match store_id.map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => Self(format!("simplo7:{id}@{place}")),
            None => Self(format!("simplo7:{place}")),
        }
    }

    /// The entry older versions used, keyed by store ID only (no host): read once to migrate,
    /// then deleted.
    pub fn legacy(store_id: &str) -> Self {
        Self(format!("simplo7:{}", store_id.trim()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a token is bound to: `https://host:port` of an API base (lower case, the port always
/// written); the host alone for a loopback address — the demo store, whose port changes at each
/// launch; the text itself (trimmed, lower case) when it is not a URL.
fn api_origin(api_base: &str) -> String {
    let trimmed = api_base.trim();
    let Ok(url) = url::Url::parse(trimmed) else {
        return trimmed.to_ascii_lowercase();
    };
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) if !loopback => {
            format!("{}://{}:{port}", url.scheme(), host.to_ascii_lowercase())
        }
        _ => api_host(api_base),
    }
}

/// The host of an API base, lower case, without scheme, port, path or IPv6 brackets; the text
/// itself (trimmed, lower case) when it is not a URL.
fn api_host(api_base: &str) -> String {
    let trimmed = api_base.trim();
    match url::Url::parse(trimmed) {
        Ok(url) => url
            .host_str()
            .unwrap_or(trimmed)
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase(),
        Err(_) => trimmed.to_ascii_lowercase(),
    }
}

impl std::fmt::Display for StoreAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Boxed cause of a keychain failure (the platform's own error).
pub type KeychainCause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecretsError {
    /// No keychain to talk to: the token is stored nowhere else.
    #[error("no OS keychain available")]
    Unavailable {
        #[source]
        cause: Option<KeychainCause>,
    },

    #[error("empty token")]
    EmptyToken,

    /// The stored entry cannot be decoded (its bytes are never kept: they are the secret).
    #[error("unreadable keychain entry")]
    Corrupt,

    #[error("the keychain refused the operation ({kind})")]
    Failed { kind: &'static str },
}

impl CodedError for SecretsError {
    fn code(&self) -> MessageCode {
        match self {
            Self::Unavailable { .. } => MessageCode::SecretsUnavailable,
            Self::EmptyToken => MessageCode::SecretsEmptyToken,
            Self::Corrupt => MessageCode::SecretsCorrupt,
            Self::Failed { .. } => MessageCode::SecretsFailed,
        }
    }
}

/// The keychain under one service name. [`Keychain::new`] is the app's; tests use
/// [`Keychain::with_service`] so they never touch the app's entries.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::new()
    }
}

impl Keychain {
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Stores the token for `account`, overwriting any previous one. Call it only after the
    /// token passed the connection test.
    pub fn save(&self, account: &StoreAccount, token: &Secret) -> Result<(), SecretsError> {
        let value = token.expose().trim();
        if value.is_empty() {
            return Err(SecretsError::EmptyToken);
        }
        platform::set(&self.service, account.as_str(), value)
    }

    /// Replaces the stored token with a new (tested) one; `true` when one was there before.
    pub fn replace(&self, account: &StoreAccount, token: &Secret) -> Result<bool, SecretsError> {
        let had_one = self.load(account)?.is_some();
        self.save(account, token)?;
        Ok(had_one)
    }

    /// The stored token, or `None` when there is none for this account.
    pub fn load(&self, account: &StoreAccount) -> Result<Option<Secret>, SecretsError> {
        Ok(platform::get(&self.service, account.as_str())?.map(Secret::new))
    }

    /// Removes the token; `true` when there was one.
    pub fn delete(&self, account: &StoreAccount) -> Result<bool, SecretsError> {
        platform::delete(&self.service, account.as_str())
    }

    /// What the UI may show for the stored token (`••••••••3f9a`), or `None` when there is none.
    pub fn mask(&self, account: &StoreAccount) -> Result<Option<String>, SecretsError> {
        Ok(self.load(account)?.map(|token| mask(&token)))
    }
}

/// The only form of a token the UI ever receives.
pub fn mask(token: &Secret) -> String {
    token.mask()
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod platform {
    use keyring::{Entry, Error};

    use super::SecretsError;

    fn entry(service: &str, account: &str) -> Result<Entry, SecretsError> {
        Entry::new(service, account).map_err(map_error)
    }

    pub(super) fn set(service: &str, account: &str, value: &str) -> Result<(), SecretsError> {
        entry(service, account)?
            .set_password(value)
            .map_err(map_error)
    }

    pub(super) fn get(service: &str, account: &str) -> Result<Option<String>, SecretsError> {
        match entry(service, account)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    pub(super) fn delete(service: &str, account: &str) -> Result<bool, SecretsError> {
        match entry(service, account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(Error::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Never formats `BadEncoding`'s payload: those bytes are the stored secret.
    pub(super) fn map_error(e: Error) -> SecretsError {
        tracing::warn!(kind = kind(&e), "keychain call failed");
        match e {
            Error::NoStorageAccess(inner) | Error::PlatformFailure(inner) => {
                SecretsError::Unavailable { cause: Some(inner) }
            }
            Error::BadEncoding(_) => SecretsError::Corrupt,
            other => SecretsError::Failed { kind: kind(&other) },
        }
    }

    fn kind(e: &Error) -> &'static str {
        match e {
            Error::NoStorageAccess(_) => "no_storage_access",
            Error::PlatformFailure(_) => "platform_failure",
            Error::BadEncoding(_) => "bad_encoding",
            Error::NoEntry => "no_entry",
            Error::TooLong(..) => "too_long",
            Error::Invalid(..) => "invalid",
            Error::Ambiguous(_) => "ambiguous",
            _ => "other",
        }
    }

    #[cfg(test)]
    mod tests {
        use conector_core::CodedError;

        use super::*;

        #[test]
        fn a_missing_keychain_is_reported_as_unavailable_with_its_cause() {
            let e = map_error(Error::NoStorageAccess(
                "org.freedesktop.secrets not provided".into(),
            ));
            assert_eq!(e.code(), "secrets.unavailable");
            let cause = std::error::Error::source(&e).map(ToString::to_string);
            assert_eq!(
                cause.as_deref(),
                Some("org.freedesktop.secrets not provided")
            );
        }

        #[test]
        fn an_unreadable_entry_never_prints_its_bytes() {
            let e = map_error(Error::BadEncoding(b"segredo-123".to_vec()));
            assert_eq!(e.code(), "secrets.corrupt");
            assert!(!format!("{e} {e:?}").contains("segredo"));
        }
    }
}

/// Windows: Credential Manager through a store whose persistence can be chosen (local), which
/// keyring 3's is not; see the module's comment.
#[cfg(target_os = "windows")]
#[path = "windows.rs"]
mod platform;

/// Other systems have no supported keychain: the app says so and stores nothing.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod platform {
    use super::SecretsError;

    fn unavailable() -> SecretsError {
        SecretsError::Unavailable { cause: None }
    }

    pub(super) fn set(_: &str, _: &str, _: &str) -> Result<(), SecretsError> {
        Err(unavailable())
    }

    pub(super) fn get(_: &str, _: &str) -> Result<Option<String>, SecretsError> {
        Err(unavailable())
    }

    pub(super) fn delete(_: &str, _: &str) -> Result<bool, SecretsError> {
        Err(unavailable())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_bound_to_the_api_origin() {
        let by_id = StoreAccount::for_store(Some(" 1234 "), "https://1234.simplo7.net/ws/");
        assert_eq!(by_id.as_str(), "simplo7:1234@https://1234.simplo7.net:443");
        assert_eq!(
            StoreAccount::for_store(Some("1234"), "https://WWW.MinhaLoja.com.br/ws/").as_str(),
            "simplo7:1234@https://www.minhaloja.com.br:443"
        );
        assert_ne!(
            StoreAccount::for_store(Some("1234"), "https://www.minhaloja.com.br/ws/"),
            StoreAccount::for_store(Some("1234"), "https://www.minhaloja.com.br:8443/ws/"),
            "another port is another entry"
        );
        assert_eq!(
            StoreAccount::for_store(None, "https://[2804:14c::1]:8443/ws/").as_str(),
            "simplo7:https://[2804:14c::1]:8443"
        );
        assert_eq!(
            StoreAccount::host_bound(Some("1234"), "https://www.minhaloja.com.br:8443/ws/")
                .as_str(),
            "simplo7:1234@www.minhaloja.com.br",
            "the entry issue #13 wrote"
        );
        assert_ne!(
            StoreAccount::for_store(Some("1234"), "https://www.minhaloja.com.br/ws/"),
            StoreAccount::for_store(Some("1234"), "https://minhaloja.com.br/ws/"),
            "another host is another entry"
        );
        assert_eq!(
            StoreAccount::for_store(None, "http://127.0.0.1:5/ws/").as_str(),
            "simplo7:127.0.0.1"
        );
        assert_eq!(
            StoreAccount::for_store(Some(""), "http://[::1]:8/ws/").as_str(),
            "simplo7:::1"
        );
        assert_eq!(
            StoreAccount::for_store(Some("9"), "http://127.0.0.1:5/ws/"),
            StoreAccount::for_store(Some("9"), "http://127.0.0.1:6/ws/"),
            "the port is not the host: the demo store moves port at each launch"
        );
    }

    #[test]
    fn the_legacy_entry_is_keyed_by_store_id_only() {
        assert_eq!(StoreAccount::legacy(" 1234 ").as_str(), "simplo7:1234");
    }

    #[test]
    fn a_blank_token_is_never_stored() {
        let e = Keychain::with_service("conector-test-never-used")
            .save(&StoreAccount::for_store(Some("1"), ""), &Secret::new("   "))
            .unwrap_err();
        assert_eq!(e.code(), "secrets.empty_token");
    }

    #[test]
    fn the_payload_has_code_and_params_only() {
        let json = serde_json::to_value(SecretsError::EmptyToken.payload()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "secrets.empty_token", "params": {}})
        );
    }

    #[test]
    fn mask_shows_only_the_tail() {
        assert_eq!(mask(&Secret::new("abcdefgh12343f9a")), "••••••••3f9a");
    }
}
