//! "Conferir" on step 9's links: opens the address as a browser would, but no further than a
//! link in +fidelidade's e-mails should lead — at most [`MAX_REDIRECTS`] redirects, https only,
//! and never to this computer or a private network (a typed link must not make the app probe
//! the owner's router, or a cloud metadata address, on its behalf).
//!
//! Each hop is checked before it is contacted: its scheme, then **every address its host
//! resolves to** (a name such as `localhost` or a DNS entry pointing at `10.0.0.1` is refused
//! like the literal address), and the connection is pinned to the addresses checked, so that a
//! second DNS answer cannot swap them. The demo store lives on 127.0.0.1: for it (and only for
//! it) loopback addresses and plain http on loopback are allowed.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::header::LOCATION;
use url::{Host, Url};

use conector_core::{MessageCode, Params};

use crate::error::LinkFailure;
use crate::integration::{check_link, FieldNote, FormField};
use crate::SetupError;

/// Redirects followed before giving up: enough for `http→https→www→page`, not for a maze.
pub const MAX_REDIRECTS: u8 = 3;

/// The whole probe, every hop included.
const PROBE_TIMEOUT: Duration = Duration::from_secs(15);

/// Which addresses a probe may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbePolicy {
    /// Loopback addresses (and plain http to them): the demo store's pages only.
    pub allow_loopback: bool,
}

impl ProbePolicy {
    /// A real store's links reach only public https addresses; the demo store's, loopback too.
    pub fn for_store(demo: bool) -> Self {
        Self {
            allow_loopback: demo,
        }
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

impl LinkProbe {
    /// What step 9 shows next to `field` after a probe that was redirected: where the link
    /// really ends (an advice, not a block: the owner may prefer the final address in e-mails).
    pub fn note(&self, field: FormField) -> Option<FieldNote> {
        (self.redirects > 0).then(|| FieldNote {
            field,
            code: MessageCode::FormLinkRedirected,
            params: Params::new()
                .text("url", self.final_url.as_str())
                .number("count", self.redirects),
            blocking: false,
            status_id: None,
        })
    }
}

/// Opens `text` under `policy` and says where it ended, or why it did not open.
pub async fn probe_link(text: &str, policy: ProbePolicy) -> Result<LinkProbe, SetupError> {
    let url = check_link(text).map_err(|_| SetupError::BadLink)?;
    let host = host_of(&url);
    match tokio::time::timeout(PROBE_TIMEOUT, follow(url, policy)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(SetupError::Unreachable {
            host,
            failure: LinkFailure::Timeout,
        }),
    }
}

async fn follow(start: Url, policy: ProbePolicy) -> Result<LinkProbe, SetupError> {
    let mut url = start.clone();
    let mut redirects = 0u8;
    loop {
        let addrs = allowed_addresses(&url, policy).await?;
        let response = get(&url, &addrs).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(LinkProbe {
                url: start,
                final_url: url,
                redirects,
            });
        }
        let next = status
            .is_redirection()
            .then(|| response.headers().get(LOCATION))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|location| url.join(location).ok());
        let Some(next) = next else {
            return Err(unreachable(&url, LinkFailure::Status(status.as_u16())));
        };
        if redirects >= MAX_REDIRECTS {
            return Err(unreachable(&next, LinkFailure::TooManyRedirects));
        }
        redirects += 1;
        url = next;
    }
}

/// The addresses `url`'s host resolves to, when its scheme and every one of them are allowed.
/// Plain http is refused before any lookup unless the host is a loopback name (which is then
/// allowed only by the demo policy, like any loopback address).
async fn allowed_addresses(url: &Url, policy: ProbePolicy) -> Result<Vec<SocketAddr>, SetupError> {
    let insecure = || unreachable(url, LinkFailure::Insecure);
    let host = url.host().ok_or_else(insecure)?;
    let loopback_name = match &host {
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback_name => {}
        _ => return Err(insecure()),
    }
    let port = url.port_or_known_default().ok_or_else(insecure)?;
    let addrs: Vec<SocketAddr> = match host {
        Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Host::Domain(name) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| unreachable(url, LinkFailure::Connect))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(unreachable(url, LinkFailure::Connect));
    }
    let refused = addrs.iter().any(|a| {
        let ip = a.ip();
        !(is_public(ip) || (policy.allow_loopback && is_loopback(ip)))
    });
    if refused {
        tracing::info!(
            code = conector_core::MessageCode::FormLinkPrivateAddress.as_str(),
            "a link led to this computer or a private network; not opened"
        );
        return Err(unreachable(url, LinkFailure::PrivateAddress));
    }
    Ok(addrs)
}

/// One GET to `url`, connecting only to `addrs` (the ones checked), following nothing.
async fn get(url: &Url, addrs: &[SocketAddr]) -> Result<reqwest::Response, SetupError> {
    let mut builder = reqwest::Client::builder()
        .user_agent(conector_core::USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10));
    if let Some(Host::Domain(name)) = url.host() {
        builder = builder.resolve_to_addrs(name, addrs);
    }
    let client = builder.build().map_err(SetupError::Http)?;
    client.get(url.clone()).send().await.map_err(|e| {
        unreachable(
            url,
            if e.is_timeout() {
                LinkFailure::Timeout
            } else {
                LinkFailure::Connect
            },
        )
    })
}

fn unreachable(url: &Url, failure: LinkFailure) -> SetupError {
    SetupError::Unreachable {
        host: host_of(url),
        failure,
    }
}

fn host_of(url: &Url) -> String {
    url.host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned()
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// True for an address on the public internet: not this computer, not a private, link-local,
/// shared (carrier NAT), documentation, benchmarking, multicast or reserved range — the places
/// a link in an e-mail to customers can never legitimately point.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_unspecified()
                || v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
                || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
                || (a == 198 && (18..20).contains(&b)) // benchmarking
                || a >= 240) // reserved
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let segments = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [.., hi, lo] = segments;
                let v4 = std::net::Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
                return is_public(IpAddr::V4(v4));
            }
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                || (segments[0] == 0x2001 && segments[1] == 0xdb8) // documentation
                || (segments[0] & 0xffc0) == 0xfec0) // deprecated site-local
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "172.31.255.255",
            "192.168.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "192.0.0.8",
            "192.0.2.10",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.251",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "fec0::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "8.8.8.8",
            "172.15.0.1",
            "172.32.0.1",
            "100.63.0.1",
            "100.128.0.1",
            "200.147.67.142",
            "2804:14c::1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
