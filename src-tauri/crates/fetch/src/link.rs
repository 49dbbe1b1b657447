//! The link check — step 9's "Conferir" and the health watch's links: a typed link opened as a
//! browser would, no further than a link in +fidelidade's e-mails should lead
//! ([`Policy::links`]), its body not read.

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use url::Url;

use crate::client::Timeouts;
use crate::error::{Failure, FetchError};
use crate::follow::follow;
use crate::policy::{host_of, Policy};

/// The whole check, every hop included.
const PROBE_TIMEOUT: Duration = Duration::from_secs(15);
/// For each connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What is wrong with a typed link, before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadLink {
    Empty,
    /// Not an address, or a host that is not a full domain name (`https://minhaloja/`, a token
    /// pasted after `https://`).
    Invalid,
    /// Plain http (allowed only on this computer, for the demo store).
    Insecure,
}

/// A link as typed: an absolute `https` address (plain `http` only on this computer, for the
/// demo store) whose host is a full domain name or an address. A host without a dot is not a
/// site customers can open, and is never looked up.
pub fn check_link(text: &str) -> Result<Url, BadLink> {
    let text = text.trim();
    if text.is_empty() {
        return Err(BadLink::Empty);
    }
    let url = Url::parse(text).map_err(|_| BadLink::Invalid)?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if let Some(url::Host::Domain(name)) = url.host() {
        if !name.contains('.') && !loopback {
            return Err(BadLink::Invalid);
        }
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(BadLink::Insecure),
        _ => Err(BadLink::Invalid),
    }
}

/// Where a link that answered ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProbe {
    /// The link as checked (typed, trimmed, parsed): what is remembered as reachable.
    pub url: Url,
    /// The page that answered, after the redirects.
    pub final_url: Url,
    pub redirects: u8,
}

/// Opens `text` under `policy` and says where it ended, or why it did not open (a `2xx` is an
/// answer; anything else is [`Failure::Status`]).
pub async fn probe_link(text: &str, policy: Policy) -> Result<LinkProbe, FetchError> {
    let url = check_link(text).map_err(|_| FetchError::BadLink)?;
    let host = host_of(&url);
    let open = tokio::task::spawn_blocking(move || open(url, policy));
    match tokio::time::timeout(PROBE_TIMEOUT, open).await {
        Ok(joined) => joined.map_err(FetchError::Interrupted)?,
        Err(_) => Err(FetchError::Failed {
            host,
            failure: Failure::Timeout,
            cause: None,
        }),
    }
}

fn open(url: Url, policy: Policy) -> Result<LinkProbe, FetchError> {
    let timeouts = Timeouts {
        connect: CONNECT_TIMEOUT,
        read: PROBE_TIMEOUT,
        total: Some(PROBE_TIMEOUT),
    };
    let deadline = Instant::now() + PROBE_TIMEOUT;
    let ended = follow(
        url.clone(),
        &policy,
        &timeouts,
        &HeaderMap::new(),
        Some(deadline),
    )?;
    let status = ended.response.status();
    if !status.is_success() {
        return Err(FetchError::Failed {
            host: host_of(&ended.url),
            failure: Failure::Status(status.as_u16()),
            cause: None,
        });
    }
    Ok(LinkProbe {
        url,
        final_url: ended.url,
        redirects: ended.redirects,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_link_is_an_https_address_of_a_full_domain() {
        assert!(check_link(" https://www.minhaloja.com.br/cadastro ").is_ok());
        assert!(
            check_link("http://127.0.0.1:8080/").is_ok(),
            "the demo store"
        );
        assert_eq!(check_link("  "), Err(BadLink::Empty));
        assert_eq!(
            check_link("http://www.minhaloja.com.br/"),
            Err(BadLink::Insecure)
        );
        assert_eq!(check_link("https://minhaloja/"), Err(BadLink::Invalid));
        assert_eq!(check_link("minhaloja.com.br"), Err(BadLink::Invalid));
        assert_eq!(check_link("ftp://minhaloja.com.br/"), Err(BadLink::Invalid));
    }
}
