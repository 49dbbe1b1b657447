//! Where the store's API lives: `https://{store_id}.simplo7.net/ws/`, or the store's own
//! domain (`https://www.minhaloja.com.br/ws/`), or an explicit base (the demo store, tests).
//!
//! Invariant: a [`StoreAddress`] always ends in `/ws/`, has no query or fragment, and uses
//! `https` unless its host is loopback, so the token never crosses a network in clear text.

use std::net::IpAddr;

use serde::Serialize;
use url::{Host, Url};

use conector_core::looks_like_token;

use crate::error::{AddressProblem, StoreError, StoreIdProblem, MAX_STORE_ID_DIGITS};

/// A validated API base. Build it with [`StoreAddress::for_store_id`],
/// [`StoreAddress::from_override`] or, in the wizard's step 1, [`StoreAddress::resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreAddress {
    api_base: Url,
    source: AddressSource,
}

/// Where the API base came from: shown in step 1 next to the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AddressSource {
    /// `https://{store_id}.simplo7.net/ws/`
    StoreId,
    /// A custom domain or full base URL typed by the owner (or the demo store's).
    Override,
}

/// What step 1 shows under the inputs: "the API address it will use".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AddressPreview {
    /// The store ID, digits only, when one was given.
    pub store_id: Option<String>,
    /// The API base every call goes to, ending in `/ws/`.
    pub api_base: String,
    pub source: AddressSource,
}

impl StoreAddress {
    /// The standard address of a store: `https://{id}.simplo7.net/ws/`.
    pub fn for_store_id(store_id: &str) -> Result<Self, StoreError> {
        let id = validate_store_id(store_id)?;
        let api_base = Url::parse(&format!("https://{id}.simplo7.net/ws/"))
            .map_err(|_| StoreError::InvalidStoreId(StoreIdProblem::Symbols))?;
        Ok(Self {
            api_base,
            source: AddressSource::StoreId,
        })
    }

    /// A custom domain or a full API base: `minhaloja.com.br`, `https://www.minhaloja.com.br`,
    /// `https://www.minhaloja.com.br/ws`, `http://127.0.0.1:8080/ws/`. A bare domain gets
    /// `https://` and `/ws/`; `http://` is refused unless the host is loopback.
    pub fn from_override(input: &str) -> Result<Self, StoreError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(StoreError::InvalidAddress(AddressProblem::Empty));
        }
        if looks_like_token(trimmed) {
            return Err(StoreError::InvalidAddress(AddressProblem::LooksLikeToken));
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let invalid = StoreError::InvalidAddress;
        let mut url = Url::parse(&with_scheme).map_err(|_| invalid(AddressProblem::NotAUrl))?;
        let host = url
            .host()
            .ok_or(invalid(AddressProblem::Incomplete))?
            .to_owned();
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => return Err(StoreError::InsecureAddress),
            _ => return Err(invalid(AddressProblem::Scheme)),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(AddressProblem::Credentials));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(AddressProblem::Query));
        }
        if let Host::Domain(domain) = &host {
            if !domain.contains('.') && *domain != "localhost" {
                return Err(invalid(AddressProblem::Incomplete));
            }
        }
        let path = url.path().trim_end_matches('/').to_owned();
        let new_path = if path.is_empty() {
            "/ws/".to_owned()
        } else if path.ends_with("/ws") {
            format!("{path}/")
        } else {
            return Err(invalid(AddressProblem::Path));
        };
        url.set_path(&new_path);
        Ok(Self {
            api_base: url,
            source: AddressSource::Override,
        })
    }

    /// Step 1 of the wizard: the store ID is required (it is also the store code +fidelidade
    /// asks for); an optional custom domain, when not blank, decides the API base.
    pub fn resolve(store_id: &str, custom_domain: Option<&str>) -> Result<Self, StoreError> {
        let by_id = Self::for_store_id(store_id)?;
        match custom_domain.map(str::trim).filter(|d| !d.is_empty()) {
            Some(domain) => Self::from_override(domain),
            None => Ok(by_id),
        }
    }

    /// The base every endpoint is joined to, ending in `/ws/`.
    pub fn api_base(&self) -> &str {
        self.api_base.as_str()
    }

    pub fn source(&self) -> AddressSource {
        self.source
    }

    /// True when the host is this machine (the demo store, tests).
    pub fn is_loopback(&self) -> bool {
        self.api_base
            .host()
            .is_some_and(|h| is_loopback(&h.to_owned()))
    }

    /// True when `url` has the API base's origin: same scheme, host and port.
    pub(crate) fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.api_base.origin()
    }

    /// The host the token is bound to: the API base's host name (or IP), lower case, without
    /// port or brackets. The keychain entry and the saved profile record it.
    pub fn api_host(&self) -> String {
        host_only(&self.api_base)
    }

    pub(crate) fn host(&self) -> Option<(String, u16)> {
        let host = self
            .api_base
            .host_str()?
            .trim_start_matches('[')
            .trim_end_matches(']');
        Some((host.to_owned(), self.api_base.port_or_known_default()?))
    }

    /// `path` relative to the base, e.g. `wspedidos.json`.
    pub(crate) fn endpoint(&self, path: &str) -> Result<Url, StoreError> {
        self.api_base
            .join(path)
            .map_err(|_| StoreError::InvalidAddress(AddressProblem::Path))
    }

    pub fn preview(&self, store_id: Option<&str>) -> AddressPreview {
        AddressPreview {
            store_id: store_id.and_then(|id| validate_store_id(id).ok()),
            api_base: self.api_base().to_owned(),
            source: self.source,
        }
    }
}

impl std::fmt::Display for StoreAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.api_base.as_str())
    }
}

/// Checks a store ID as typed: surrounding spaces are ignored, anything else must be digits.
/// Returns the digits.
pub fn validate_store_id(input: &str) -> Result<String, StoreError> {
    let id = input.trim();
    if id.is_empty() {
        return Err(StoreError::MissingStoreId);
    }
    if id.chars().all(|c| c.is_ascii_digit()) {
        if id.len() > MAX_STORE_ID_DIGITS {
            return Err(StoreError::InvalidStoreId(StoreIdProblem::TooLong));
        }
        return Ok(id.to_owned());
    }
    let problem = if looks_like_token(id) {
        StoreIdProblem::LooksLikeToken
    } else if id.chars().any(|c| c.is_alphabetic()) {
        StoreIdProblem::Letters
    } else {
        StoreIdProblem::Symbols
    };
    Err(StoreError::InvalidStoreId(problem))
}

/// Step 1 as the owner types: what address will be used, or why not yet.
pub fn preview_address(
    store_id: &str,
    custom_domain: Option<&str>,
) -> Result<AddressPreview, StoreError> {
    StoreAddress::resolve(store_id, custom_domain).map(|address| address.preview(Some(store_id)))
}

/// The key a store's local data (the preview's ledger, its sync progress) is filed under: its
/// store ID when one is known (the wizard always has one), else — a store named only by its
/// API address, on the command line or in tests — the ID in a `{id}.simplo7.net` address, or
/// the address's host (lower case, without port).
pub fn store_key(store_id: Option<&str>, api_base: &str) -> String {
    if let Some(id) = store_id.map(str::trim).filter(|id| !id.is_empty()) {
        return id.to_owned();
    }
    let rest = api_base.split_once("://").map_or(api_base, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    }
    .to_lowercase();
    match host.strip_suffix(".simplo7.net") {
        Some(id) if !id.is_empty() && !id.contains('.') => id.to_owned(),
        _ => host,
    }
}

/// The host of `url` without brackets, port, path or anything typed after it.
pub(crate) fn host_only(url: &Url) -> String {
    url.host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned()
}

pub(crate) fn is_loopback(host: &Host<String>) -> bool {
    match host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use conector_core::CodedError;

    use super::*;

    #[test]
    fn a_store_is_filed_under_its_id_or_else_what_its_address_says() {
        // The wizard's store: its ID, whatever the address (a custom domain included).
        assert_eq!(
            store_key(Some(" 123456 "), "https://www.minhaloja.com.br/ws/"),
            "123456"
        );
        // Named by its address only.
        assert_eq!(store_key(None, "https://12345.simplo7.net/ws/"), "12345");
        assert_eq!(
            store_key(Some(""), "https://www.MinhaLoja.com.br/ws/"),
            "www.minhaloja.com.br"
        );
        assert_eq!(store_key(None, "http://127.0.0.1:43210/ws/"), "127.0.0.1");
    }

    #[test]
    fn store_id_gives_the_simplo7_subdomain() {
        let address = StoreAddress::for_store_id(" 123456 ").unwrap();
        assert_eq!(address.api_base(), "https://123456.simplo7.net/ws/");
        assert_eq!(address.source(), AddressSource::StoreId);
    }

    #[test]
    fn store_id_refuses_letters_and_says_what_is_wrong_without_repeating_it() {
        let token = "8f14e45fceea167a5a36dedd4bea2543";
        for (input, code) in [
            ("12a4", "store.store_id_letters"),
            ("", "store.missing_store_id"),
            ("12 34", "store.invalid_store_id"),
            ("12.34", "store.invalid_store_id"),
            ("1234567890123", "store.store_id_too_long"),
            (token, "store.store_id_looks_like_token"),
        ] {
            let e = validate_store_id(input).unwrap_err();
            assert_eq!(e.code(), code, "{input}");
            let shown = format!("{e} {e:?} {}", serde_json::to_string(&e.payload()).unwrap());
            assert!(input.is_empty() || !shown.contains(input), "{shown}");
        }
    }

    #[test]
    fn a_token_pasted_as_the_domain_is_named_and_not_repeated() {
        let token = "8f14e45fceea167a5a36dedd4bea2543";
        let e = StoreAddress::from_override(token).unwrap_err();
        assert_eq!(e.code(), "store.address_looks_like_token");
        let shown = format!("{e} {e:?} {}", serde_json::to_string(&e.payload()).unwrap());
        assert!(!shown.contains(token), "{shown}");
    }

    #[test]
    fn bare_domains_and_partial_bases_are_normalised() {
        for input in [
            "www.minhaloja.com.br",
            "https://www.minhaloja.com.br",
            "https://www.minhaloja.com.br/",
            "https://www.minhaloja.com.br/ws",
            "  https://WWW.minhaloja.com.br/ws/ ",
        ] {
            let address = StoreAddress::from_override(input).unwrap();
            assert_eq!(
                address.api_base(),
                "https://www.minhaloja.com.br/ws/",
                "{input}"
            );
        }
    }

    #[test]
    fn clear_text_http_only_for_loopback() {
        let e = StoreAddress::from_override("http://www.minhaloja.com.br/ws/").unwrap_err();
        assert_eq!(e.code(), "store.insecure_address");
        for local in [
            "http://127.0.0.1:8080/ws/",
            "http://localhost:9/ws",
            "http://[::1]:8080/ws/",
            "http://127.3.2.1/",
        ] {
            let address = StoreAddress::from_override(local).unwrap();
            assert!(address.is_loopback(), "{local}");
            assert!(address.api_base().ends_with("/ws/"));
        }
    }

    #[test]
    fn other_paths_queries_and_junk_are_refused() {
        for (input, code) in [
            (
                "https://www.minhaloja.com.br/produtos",
                "store.address_path",
            ),
            (
                "https://www.minhaloja.com.br/ws/?x=1",
                "store.address_query",
            ),
            ("ftp://minhaloja.com.br/ws/", "store.address_scheme"),
            ("minhaloja", "store.address_incomplete"),
            (
                "https://user:pw@minhaloja.com.br/ws/",
                "store.address_credentials",
            ),
            ("   ", "store.address_empty"),
            ("https://exa mple.com", "store.invalid_address"),
        ] {
            let e = StoreAddress::from_override(input).unwrap_err();
            assert_eq!(e.code(), code, "{input}");
        }
    }

    #[test]
    fn the_origin_is_scheme_host_and_port() {
        let address = StoreAddress::from_override("https://www.minhaloja.com.br/ws/").unwrap();
        let same = Url::parse("https://WWW.minhaloja.com.br:443/ws/wspedidos.json?page=2").unwrap();
        assert!(address.same_origin(&same));
        for other in [
            "http://www.minhaloja.com.br/ws/wspedidos.json",
            "https://minhaloja.com.br/ws/wspedidos.json",
            "https://www.minhaloja.com.br:8443/ws/wspedidos.json",
            "https://www.minhaloja.com.br.golpe.net/ws/",
        ] {
            assert!(!address.same_origin(&Url::parse(other).unwrap()), "{other}");
        }
        assert_eq!(address.api_host(), "www.minhaloja.com.br");
        let local = StoreAddress::from_override("http://[::1]:8080/ws/").unwrap();
        assert_eq!(local.api_host(), "::1");
    }

    #[test]
    fn step_one_prefers_the_custom_domain_but_still_needs_the_id() {
        let preview = preview_address("4321", Some("loja.exemplo.com.br")).unwrap();
        assert_eq!(preview.api_base, "https://loja.exemplo.com.br/ws/");
        assert_eq!(preview.store_id.as_deref(), Some("4321"));
        assert_eq!(preview.source, AddressSource::Override);
        let preview = preview_address("4321", Some("  ")).unwrap();
        assert_eq!(preview.api_base, "https://4321.simplo7.net/ws/");
        assert_eq!(
            preview_address("", Some("loja.exemplo.com.br"))
                .unwrap_err()
                .code(),
            "store.missing_store_id"
        );
    }
}
