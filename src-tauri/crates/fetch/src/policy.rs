//! Which addresses a request may reach, hop by hop: the one place that decides it (issue #23).
//!
//! One rule for every address the owner types — the product feed (step 6, the health watch,
//! `conector feed check`) and the site and sign-up links (step 9's "Conferir", the health
//! watch):
//! - **https only**, except the running demo store's own address — exactly its scheme, host and
//!   port — and that only as the address typed, **never as a redirect target**;
//! - **every address the host resolves to is public** — never this computer, a private network,
//!   a cloud metadata address — and the connection is **pinned** to the addresses checked, so a
//!   second DNS answer cannot swap them;
//! - **at most [`Policy::MAX_REDIRECTS`] redirects** (the links: [`Policy::LINK_REDIRECTS`]);
//! - **no proxy**: a system proxy would connect in the pinned addresses' place.
//!
//! A refused hop is refused before anything is sent to it (at most a DNS lookup).

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use url::{Host, Origin, Url};

use crate::error::{Failure, FetchError};

/// Which addresses a request may reach, and how many redirects it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    max_redirects: u8,
    /// The running demo store's origin (`http://127.0.0.1:PORT`): the one plain-http, loopback
    /// address allowed, and only as the address typed.
    demo: Option<Origin>,
    /// Unit tests only: loopback addresses (plain http included) allowed at every hop, so that
    /// redirect counting can be shown with servers on this computer alone.
    #[cfg(test)]
    loopback_everywhere: bool,
}

/// What [`Policy::admit`] allows for one hop: the addresses to connect to, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Admitted {
    pub pinned: Vec<SocketAddr>,
}

impl Policy {
    /// Redirects a feed download follows.
    pub const MAX_REDIRECTS: u8 = 5;
    /// Redirects a link check follows: enough for `http→https→www→page`, not for a maze (a link
    /// in +fidelidade's e-mails should lead straight to its page).
    pub const LINK_REDIRECTS: u8 = 3;

    fn with_redirects(max_redirects: u8) -> Policy {
        Policy {
            max_redirects,
            demo: None,
            #[cfg(test)]
            loopback_everywhere: false,
        }
    }

    /// The feed download (step 6, the health watch, `conector feed check`): public https
    /// addresses, pinned, at most [`Policy::MAX_REDIRECTS`] redirects.
    pub fn feed() -> Policy {
        Self::with_redirects(Self::MAX_REDIRECTS)
    }

    /// The link check (step 9's "Conferir", the health watch's links): the same rule, at most
    /// [`Policy::LINK_REDIRECTS`] redirects.
    pub fn links() -> Policy {
        Self::with_redirects(Self::LINK_REDIRECTS)
    }

    /// The same policy, also allowing the running demo store's own address — the origin
    /// (scheme, host and port) of `address`, any address on it — as the address typed (never
    /// as a redirect target). `None`, or an address that is not a loopback `http` origin,
    /// allows nothing more: only the demo store runs on this computer.
    pub fn with_demo_store(mut self, address: Option<&str>) -> Policy {
        self.demo = address
            .and_then(|a| Url::parse(a.trim()).ok())
            .filter(|url| url.scheme() == "http" && is_loopback_host(url))
            .map(|url| url.origin());
        self
    }

    /// Whether `address` is on the running demo store's own origin (see
    /// [`Policy::with_demo_store`]): the one address this policy opens on this computer. The
    /// same comparison [`Policy::admit`] makes for the address typed.
    pub fn is_demo_store(&self, address: &str) -> bool {
        Url::parse(address.trim()).is_ok_and(|url| self.is_demo_origin(&url))
    }

    fn is_demo_origin(&self, url: &Url) -> bool {
        self.demo.as_ref() == Some(&url.origin())
    }

    pub fn max_redirects(&self) -> u8 {
        self.max_redirects
    }

    /// Unit tests: loopback allowed at every hop.
    #[cfg(test)]
    pub(crate) fn loopback_everywhere(mut self) -> Policy {
        self.loopback_everywhere = true;
        self
    }

    /// Whether the hop to `url` may be made, and to which addresses: `redirected` is false for
    /// the address typed, true for every redirect target. Checked before anything is sent: a
    /// refused hop costs at most a DNS lookup (blocking).
    pub(crate) fn admit(&self, url: &Url, redirected: bool) -> Result<Admitted, FetchError> {
        let refused = |failure| FetchError::Failed {
            host: host_of(url),
            failure,
            cause: None,
        };
        let host = url.host().ok_or_else(|| refused(Failure::Insecure))?;
        let demo = !redirected && self.is_demo_origin(url);
        #[cfg(test)]
        let local_ok = demo || (self.loopback_everywhere && is_loopback_host(url));
        #[cfg(not(test))]
        let local_ok = demo;
        // Plain http is refused before any lookup: only the demo store's own address has it.
        match url.scheme() {
            "https" => {}
            "http" if local_ok => {}
            _ => return Err(refused(Failure::Insecure)),
        }
        let port = url
            .port_or_known_default()
            .ok_or_else(|| refused(Failure::Insecure))?;
        let addrs: Vec<SocketAddr> = match host {
            Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
            Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
            Host::Domain(name) => (name, port)
                .to_socket_addrs()
                .map_err(|_| refused(Failure::Connect))?
                .collect(),
        };
        if addrs.is_empty() {
            return Err(refused(Failure::Connect));
        }
        let allowed = |ip: IpAddr| {
            if local_ok {
                // The demo store listens on this computer, and nowhere else.
                is_loopback(ip)
            } else {
                is_public(ip)
            }
        };
        if !addrs.iter().all(|a| allowed(a.ip())) {
            tracing::info!("an address led to this computer or a private network; not opened");
            return Err(refused(Failure::PrivateAddress));
        }
        Ok(Admitted { pinned: addrs })
    }
}

/// Whether an address could be opened by someone else — +fidelidade's servers, a customer —
/// decided from the address alone, with no request and no lookup: what step 6 and the review
/// card say when +fidelidade could not reach the feed (issue #21).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideReach {
    /// An https address with a public host (as far as the address says: a name is not looked
    /// up).
    Public,
    /// Plain http (or another scheme): +fidelidade downloads only https.
    PlainHttp,
    /// This computer: `localhost`, a loopback or unspecified address (`0.0.0.0`).
    ThisComputer,
    /// A private, link-local or otherwise internal network address, or a name that is not a full
    /// domain (`minhaloja`, `loja.local`).
    PrivateNetwork,
    /// Not a complete address.
    Invalid,
}

/// How `address` looks from outside this computer (see [`OutsideReach`]); sends nothing.
pub fn outside_reach(address: &str) -> OutsideReach {
    let Ok(url) = Url::parse(address.trim()) else {
        return OutsideReach::Invalid;
    };
    let Some(host) = url.host() else {
        return OutsideReach::Invalid;
    };
    let place = match host {
        Host::Ipv4(ip) => ip_place(IpAddr::V4(ip)),
        Host::Ipv6(ip) => ip_place(IpAddr::V6(ip)),
        Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if name == "localhost" || name.ends_with(".localhost") {
                OutsideReach::ThisComputer
            } else if !name.contains('.')
                || [".local", ".lan", ".internal", ".home.arpa"]
                    .iter()
                    .any(|suffix| name.ends_with(suffix))
            {
                OutsideReach::PrivateNetwork
            } else {
                OutsideReach::Public
            }
        }
    };
    match (place, url.scheme()) {
        (OutsideReach::Public, "https") => OutsideReach::Public,
        (OutsideReach::Public, _) => OutsideReach::PlainHttp,
        (internal, _) => internal,
    }
}

fn ip_place(ip: IpAddr) -> OutsideReach {
    if ip.is_unspecified() || is_loopback(ip) {
        OutsideReach::ThisComputer
    } else if is_public(ip) {
        OutsideReach::Public
    } else {
        OutsideReach::PrivateNetwork
    }
}

/// True when `url`'s host is a loopback address or the name `localhost`.
fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => is_loopback(IpAddr::V6(ip)),
        None => false,
    }
}

/// The host of `url` as the owner would name it: no brackets around an IPv6 address.
pub(crate) fn host_of(url: &Url) -> String {
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

    #[test]
    fn feed_and_links_reach_public_https_only_and_the_demo_store_as_typed() {
        let url = |s: &str| Url::parse(s).unwrap();
        let failure = |r: Result<Admitted, FetchError>| r.unwrap_err().failure();
        for policy in [Policy::feed(), Policy::links()] {
            for insecure in [
                "http://8.8.8.8/feed.xml",
                "http://127.0.0.1:9/feed.xml",
                "ftp://8.8.8.8/feed.xml",
            ] {
                assert_eq!(
                    failure(policy.admit(&url(insecure), false)),
                    Some(Failure::Insecure),
                    "{insecure}"
                );
            }
            for private in [
                "https://10.0.0.1/",
                "https://127.0.0.1:9/",
                "https://0.0.0.0:9/",
                "https://[::1]:9/",
                "https://169.254.169.254/",
            ] {
                assert_eq!(
                    failure(policy.admit(&url(private), false)),
                    Some(Failure::PrivateAddress),
                    "{private}"
                );
            }
            assert_eq!(
                policy
                    .admit(&url("https://8.8.8.8/"), false)
                    .unwrap()
                    .pinned,
                vec!["8.8.8.8:443".parse().unwrap()],
                "pinned to the address checked"
            );
        }
        assert_eq!(Policy::feed().max_redirects(), 5);
        assert_eq!(Policy::links().max_redirects(), 3);

        let demo = Policy::feed().with_demo_store(Some("http://127.0.0.1:8080/ws/"));
        assert_eq!(
            demo.admit(&url("http://127.0.0.1:8080/feed.xml"), false)
                .unwrap()
                .pinned,
            vec!["127.0.0.1:8080".parse().unwrap()]
        );
        // Exactly its origin, and only as typed.
        for other in [
            "http://127.0.0.1:8081/feed.xml",
            "http://localhost:8080/feed.xml",
            "https://127.0.0.1:8080/feed.xml",
        ] {
            assert!(demo.admit(&url(other), false).is_err(), "{other}");
        }
        assert_eq!(
            failure(demo.admit(&url("http://127.0.0.1:8080/feed.xml"), true)),
            Some(Failure::Insecure),
            "never as a redirect target"
        );
        // Only a loopback http origin can be the demo store's.
        for not_demo in ["http://10.0.0.1:8080/", "https://127.0.0.1:8080/", "nada"] {
            let policy = Policy::feed().with_demo_store(Some(not_demo));
            assert_eq!(policy, Policy::feed(), "{not_demo}");
        }
    }

    #[test]
    fn an_address_says_whether_it_is_reachable_from_outside_without_a_request() {
        for (address, reach) in [
            (
                "https://www.minhaloja.com.br/feed.xml",
                OutsideReach::Public,
            ),
            ("https://200.147.67.142/feed.xml", OutsideReach::Public),
            (
                "http://www.minhaloja.com.br/feed.xml",
                OutsideReach::PlainHttp,
            ),
            (
                "ftp://www.minhaloja.com.br/feed.xml",
                OutsideReach::PlainHttp,
            ),
            ("http://127.0.0.1:8080/feed.xml", OutsideReach::ThisComputer),
            ("https://localhost/feed.xml", OutsideReach::ThisComputer),
            ("https://app.localhost/feed.xml", OutsideReach::ThisComputer),
            ("https://0.0.0.0/feed.xml", OutsideReach::ThisComputer),
            ("https://[::1]/feed.xml", OutsideReach::ThisComputer),
            (
                "https://192.168.0.10/feed.xml",
                OutsideReach::PrivateNetwork,
            ),
            ("http://10.0.0.1/feed.xml", OutsideReach::PrivateNetwork),
            ("https://[fd00::1]/feed.xml", OutsideReach::PrivateNetwork),
            ("https://minhaloja/feed.xml", OutsideReach::PrivateNetwork),
            ("https://loja.local/feed.xml", OutsideReach::PrivateNetwork),
            ("minhaloja.com.br/feed.xml", OutsideReach::Invalid),
            ("", OutsideReach::Invalid),
        ] {
            assert_eq!(outside_reach(address), reach, "{address}");
        }
    }
}
