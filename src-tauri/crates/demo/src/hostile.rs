//! Issue #23's proof: hostile redirects on 127.0.0.1, each pointing at a [`Trap`] that counts
//! every connection made to it. The download policy must refuse each before the trap is
//! reached — the feed import, `conector feed check`, the health watch's feed and the link checks
//! alike. Nothing here ever points off this computer.

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::redirect::{RedirectTarget, Redirector};
use crate::DemoError;

/// A port on 127.0.0.1 that nothing should ever reach: it counts every connection made to it —
/// an HTTP request, a TLS handshake, anything — and answers none. A redirect to `0.0.0.0` on
/// its port reaches it too (Linux dials the unspecified address as this computer).
///
/// Connections are counted from the listener's queue when asked: a connection the client made
/// is queued before its `connect` returns, so a count taken after the client gave up sees it.
pub struct Trap {
    listener: std::net::TcpListener,
    seen: AtomicUsize,
}

impl Trap {
    pub fn start() -> Result<Trap, DemoError> {
        let bind = |source| DemoError::Bind { port: 0, source };
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(bind)?;
        listener.set_nonblocking(true).map_err(bind)?;
        Ok(Trap {
            listener,
            seen: AtomicUsize::new(0),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }

    /// Connections made to it so far (each is closed unanswered).
    pub fn connections(&self) -> usize {
        while self.listener.accept().is_ok() {
            self.seen.fetch_add(1, Ordering::SeqCst);
        }
        self.seen.load(Ordering::SeqCst)
    }
}

/// Why the policy must refuse a hostile redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MustRefuse {
    /// Plain http.
    Insecure,
    /// This computer or a private network.
    PrivateAddress,
}

/// One hostile server: its first answer is a `302` to [`Hostile::points_to`].
pub struct Hostile {
    /// What it does, for the test's messages.
    pub case: &'static str,
    /// The address typed: the first hop's `/feed.xml` (the tests let it through as the demo
    /// store's own address, the one loopback address allowed).
    pub typed: String,
    /// Where its first redirect leads (a store's own feed can be made to answer the same way,
    /// see [`crate::Faults::feed_redirect`]).
    pub points_to: String,
    /// The host the refusal names, and why.
    pub host: &'static str,
    pub refused: MustRefuse,
    /// Kept running for the test.
    _hops: Vec<Redirector>,
}

/// The four hostile redirects, each leading at last to `trap`: `302` to `0.0.0.0` (which Linux
/// dials as this computer), to another loopback port, to plain http, and a chain of 6.
pub async fn hostile_redirects(trap: &Trap) -> Result<Vec<Hostile>, DemoError> {
    let port = trap.port();
    let mut cases = Vec::new();
    for (case, to, host, refused) in [
        (
            "302 to 0.0.0.0",
            format!("https://0.0.0.0:{port}"),
            "0.0.0.0",
            MustRefuse::PrivateAddress,
        ),
        (
            "302 to another loopback port",
            format!("https://127.0.0.1:{port}"),
            "127.0.0.1",
            MustRefuse::PrivateAddress,
        ),
        (
            "302 to plain http",
            format!("http://localhost:{port}"),
            "localhost",
            MustRefuse::Insecure,
        ),
    ] {
        let hop = Redirector::start_with_status(RedirectTarget::Origin(to.clone()), 302).await?;
        cases.push(Hostile {
            case,
            typed: format!("{}/feed.xml", hop.origin()),
            points_to: format!("{to}/feed.xml"),
            host,
            refused,
            _hops: vec![hop],
        });
    }
    let chain = Redirector::chain_with_status(6, &format!("http://127.0.0.1:{port}"), 302).await?;
    cases.push(Hostile {
        case: "a chain of 6 redirects",
        typed: format!("{}/feed.xml", chain[0].origin()),
        points_to: format!("{}/feed.xml", chain[1].origin()),
        host: "127.0.0.1",
        refused: MustRefuse::Insecure,
        _hops: chain,
    });
    Ok(cases)
}
