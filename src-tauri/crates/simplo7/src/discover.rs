//! Step 1: does the store's address answer by itself, or does it send callers to another name?
//!
//! The API client never follows a redirect off its origin (the token would go with it), so a
//! store whose domain merely moved (`minhaloja.com.br` → `www.minhaloja.com.br`, or to https)
//! would fail the connection test with `store.redirected_away`. [`discover`] asks the address
//! with a request that carries **no token**, follows such moves, and offers the final address;
//! the owner decides, and the token is then tested against (and bound to) that address.

use std::time::Duration;

use reqwest::header::LOCATION;
use serde::Serialize;
use url::Url;

use crate::address::host_only;
use crate::address::{is_loopback, StoreAddress};
use crate::error::{NetFailure, StoreError};

/// Redirects followed while looking for the store's final address.
const MAX_HOPS: usize = 5;

/// What step 1 learns about the address, without sending the token anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AddressDiscovery {
    /// The address answers by itself (whatever it answers: without a token a store refuses).
    Answers,
    /// The same store answers under another name (`www.`, https): offer this API base.
    Moved { api_base: String },
    /// The address sends callers to another site. Not followed further and not offered: the
    /// connection test would fail with `store.redirected_away` naming the same host.
    Elsewhere { host: String },
}

/// Asks `address` for its status list with no token and follows only redirects that keep the
/// same store (see [`same_store`]). Never sends the token; never contacts a host that is not
/// the same store.
pub async fn discover(address: &StoreAddress) -> Result<AddressDiscovery, StoreError> {
    let start = address.endpoint("wsstatuspedidos.json")?;
    let http = reqwest::Client::builder()
        .user_agent(conector_core::USER_AGENT)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(20))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(StoreError::Setup)?;
    let mut url = start.clone();
    let mut last_status = 0;
    for _ in 0..=MAX_HOPS {
        let response = http
            .get(url.clone())
            .send()
            .await
            .map_err(|e| network(&url, &e))?;
        last_status = response.status().as_u16();
        if !response.status().is_redirection() {
            return Ok(if url.origin() == start.origin() {
                AddressDiscovery::Answers
            } else {
                moved(&url)
            });
        }
        let Some(next) = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|location| url.join(location).ok())
        else {
            return Err(StoreError::UnexpectedStatus {
                status: last_status,
            });
        };
        if !same_store(&start, &next) {
            return Ok(AddressDiscovery::Elsewhere {
                host: host_only(&next),
            });
        }
        url = next;
    }
    // Still redirecting within the same store after MAX_HOPS: a loop.
    Err(StoreError::UnexpectedStatus {
        status: last_status,
    })
}

/// The API base on `url`'s origin, or — should that origin not be a valid store address —
/// the site it went to.
fn moved(url: &Url) -> AddressDiscovery {
    match StoreAddress::from_override(&url.origin().ascii_serialization()) {
        Ok(address) => AddressDiscovery::Moved {
            api_base: address.api_base().to_owned(),
        },
        Err(_) => AddressDiscovery::Elsewhere {
            host: host_only(url),
        },
    }
}

/// True when `to` is the same store as `from` under another name: an https address (or, on
/// this computer, the same port under another loopback name) whose host differs from `from`'s
/// at most by a leading `www.`. Anything else — another domain, a downgrade to http, an odd
/// port — is somebody else's address as far as the token is concerned.
pub(crate) fn same_store(from: &Url, to: &Url) -> bool {
    if from.origin() == to.origin() {
        return true;
    }
    let (Some(from_host), Some(to_host)) = (from.host(), to.host()) else {
        return false;
    };
    if is_loopback(&from_host.to_owned()) && is_loopback(&to_host.to_owned()) {
        return from.port_or_known_default() == to.port_or_known_default();
    }
    let bare = |url: &Url| {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
    };
    to.scheme() == "https"
        && (to.port_or_known_default() == Some(443)
            || to.port_or_known_default() == from.port_or_known_default())
        && bare(from) == bare(to)
}

fn network(url: &Url, e: &reqwest::Error) -> StoreError {
    let failure = if e.is_timeout() {
        NetFailure::Timeout
    } else if e.is_connect() {
        NetFailure::Refused
    } else {
        NetFailure::Dropped
    };
    StoreError::Unreachable {
        host: host_only(url),
        failure,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn www_and_https_moves_are_the_same_store() {
        let apex = url("https://minhaloja.com.br/ws/wsstatuspedidos.json");
        for to in [
            "https://www.minhaloja.com.br/ws/wsstatuspedidos.json",
            "https://WWW.minhaloja.com.br/",
            "https://minhaloja.com.br/ws/wsstatuspedidos.json/",
        ] {
            assert!(same_store(&apex, &url(to)), "{to}");
        }
        let www = url("https://www.minhaloja.com.br/ws/");
        assert!(same_store(&www, &url("https://minhaloja.com.br/ws/")));
        let local = url("http://127.0.0.1:8080/ws/");
        assert!(same_store(&local, &url("http://localhost:8080/ws/")));
    }

    #[test]
    fn other_sites_downgrades_and_ports_are_not() {
        let apex = url("https://minhaloja.com.br/ws/wsstatuspedidos.json");
        for to in [
            "http://www.minhaloja.com.br/ws/wsstatuspedidos.json",
            "http://minhaloja.com.br/ws/wsstatuspedidos.json",
            "https://minhaloja.com.br.golpe.net/ws/",
            "https://loja.minhaloja.com.br/ws/",
            "https://www.minhaloja.com.br:8443/ws/",
            "https://outraloja.com.br/ws/",
            "https://127.0.0.1/ws/",
        ] {
            assert!(!same_store(&apex, &url(to)), "{to}");
        }
        let local = url("http://127.0.0.1:8080/ws/");
        assert!(!same_store(&local, &url("http://127.0.0.1:8081/ws/")));
        assert!(!same_store(&local, &url("https://www.example.com/ws/")));
    }

    #[test]
    fn the_offered_address_is_a_valid_api_base() {
        assert_eq!(
            moved(&url("https://www.minhaloja.com.br/ws/wsstatuspedidos.json")),
            AddressDiscovery::Moved {
                api_base: "https://www.minhaloja.com.br/ws/".into()
            }
        );
        assert_eq!(
            moved(&url("http://www.minhaloja.com.br/")),
            AddressDiscovery::Elsewhere {
                host: "www.minhaloja.com.br".into()
            }
        );
    }
}
