//! Which addresses a request may reach, hop by hop: the one place that decides it.
//!
//! Two rules exist today. The link check's: https only (plain http only to a loopback name),
//! **every address the host resolves to** public — never this computer or a private network,
//! so a typed link cannot make the app probe the owner's router or a cloud metadata address —
//! and the connection pinned to the addresses checked, so that a second DNS answer cannot swap
//! them; loopback is allowed for the demo store's pages only. The feed download's: what the
//! HTTP library did by default before this module existed (any http or https address, resolved
//! by the library, ten redirects). Issue #23 gives the feed the links' rule; that is a change to
//! [`Policy::feed`] and [`Policy::admit`], nowhere else.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

use crate::error::{Failure, FetchError};

/// Which addresses a request may reach, and how many redirects it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    reach: Reach,
    max_redirects: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Any http or https address, resolved by the HTTP library.
    Anywhere,
    /// https to public addresses only, pinned; loopback too (and plain http to a loopback
    /// name) when `allow_loopback`.
    Public { allow_loopback: bool },
}

/// What [`Policy::admit`] allows for one hop: the addresses to connect to, when the policy pins
/// them (`None`: the HTTP library resolves the host itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Admitted {
    pub pinned: Option<Vec<SocketAddr>>,
}

impl Policy {
    /// Redirects a link check follows: enough for `http→https→www→page`, not for a maze.
    pub const LINK_REDIRECTS: u8 = 3;

    /// The link check (step 9's "Conferir", the health watch's links): public https addresses,
    /// at most [`Policy::LINK_REDIRECTS`] redirects; loopback too for the demo store's pages.
    pub fn links(demo: bool) -> Policy {
        Policy {
            reach: Reach::Public {
                allow_loopback: demo,
            },
            max_redirects: Self::LINK_REDIRECTS,
        }
    }

    /// The feed download (step 6, the health watch, `conector feed check`): any http or https
    /// address, ten redirects — the HTTP library's defaults it had before. Issue #23 narrows
    /// it to the links' rule (the demo store's own address excepted).
    pub fn feed() -> Policy {
        Policy {
            reach: Reach::Anywhere,
            max_redirects: 10,
        }
    }

    pub fn max_redirects(&self) -> u8 {
        self.max_redirects
    }

    /// Whether the hop to `url` may be made, and to which addresses. Checked before anything is
    /// sent: a refused hop costs at most a DNS lookup (blocking).
    pub(crate) fn admit(&self, url: &Url) -> Result<Admitted, FetchError> {
        let refused = |failure| FetchError::Failed {
            host: host_of(url),
            failure,
            cause: None,
        };
        let host = url.host().ok_or_else(|| refused(Failure::Insecure))?;
        let allow_loopback = match self.reach {
            Reach::Anywhere => {
                return match url.scheme() {
                    "http" | "https" => Ok(Admitted { pinned: None }),
                    _ => Err(refused(Failure::Insecure)),
                };
            }
            Reach::Public { allow_loopback } => allow_loopback,
        };
        let loopback_name = match &host {
            Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
            Host::Ipv4(ip) => ip.is_loopback(),
            Host::Ipv6(ip) => ip.is_loopback(),
        };
        // Plain http is refused before any lookup unless the host is a loopback name (which is
        // then allowed only with `allow_loopback`, like any loopback address).
        match url.scheme() {
            "https" => {}
            "http" if loopback_name => {}
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
        let private = addrs.iter().any(|a| {
            let ip = a.ip();
            !(is_public(ip) || (allow_loopback && is_loopback(ip)))
        });
        if private {
            tracing::info!(
                code = conector_core::MessageCode::FormLinkPrivateAddress.as_str(),
                "an address led to this computer or a private network; not opened"
            );
            return Err(refused(Failure::PrivateAddress));
        }
        Ok(Admitted {
            pinned: Some(addrs),
        })
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
    fn the_feed_goes_anywhere_http_goes_and_links_only_to_public_https() {
        let url = |s: &str| Url::parse(s).unwrap();
        let failure = |r: Result<Admitted, FetchError>| r.unwrap_err().failure();
        // Today's feed rule: what the HTTP library allowed (issue #23 narrows it).
        let feed = Policy::feed();
        assert_eq!(feed.max_redirects(), 10);
        for open in ["http://10.0.0.1/feed.xml", "https://127.0.0.1:9/feed.xml"] {
            assert_eq!(feed.admit(&url(open)).unwrap(), Admitted { pinned: None });
        }
        assert_eq!(
            failure(feed.admit(&url("ftp://example.com/feed.xml"))),
            Some(Failure::Insecure)
        );
        // The links' rule.
        let real = Policy::links(false);
        assert_eq!(real.max_redirects(), Policy::LINK_REDIRECTS);
        assert_eq!(
            failure(real.admit(&url("http://8.8.8.8/"))),
            Some(Failure::Insecure)
        );
        assert_eq!(
            failure(real.admit(&url("https://10.0.0.1/"))),
            Some(Failure::PrivateAddress)
        );
        assert_eq!(
            real.admit(&url("https://8.8.8.8/")).unwrap().pinned,
            Some(vec!["8.8.8.8:443".parse().unwrap()])
        );
        let demo = Policy::links(true);
        assert!(demo.admit(&url("http://127.0.0.1:8080/")).is_ok());
        assert!(demo.admit(&url("http://localhost:8080/")).is_ok());
        assert_eq!(
            failure(demo.admit(&url("https://192.168.0.1/"))),
            Some(Failure::PrivateAddress)
        );
    }
}
