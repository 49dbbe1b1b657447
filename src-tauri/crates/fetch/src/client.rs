//! The one HTTP client builder: every hop of every download and link check gets its client
//! here, so its identity, timeouts and redirect and proxy handling are set in one place.

use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use url::{Host, Url};

use crate::error::FetchError;
use crate::policy::Admitted;

/// How long a request may wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// For each connection to be made.
    pub connect: Duration,
    /// For an answer, and then for each next piece of the body.
    pub read: Duration,
    /// For the whole request, every hop included (`None`: no such bound; a body being read
    /// is bounded by its reader's own limits).
    pub total: Option<Duration>,
}

/// A client for one hop to `url`: the app's user agent, no redirect followed (the caller
/// follows them, each hop admitted by the policy), connected only to the admitted addresses,
/// never through a proxy (a system proxy would connect in their place). Its read timeout never
/// runs past `deadline`.
pub(crate) fn client(
    url: &Url,
    admitted: &Admitted,
    timeouts: &Timeouts,
    deadline: Option<Instant>,
) -> Result<Client, FetchError> {
    let read = match deadline {
        Some(deadline) => timeouts
            .read
            .min(deadline.saturating_duration_since(Instant::now()))
            .max(Duration::from_millis(1)),
        None => timeouts.read,
    };
    let mut builder = Client::builder()
        .user_agent(conector_core::USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(timeouts.connect)
        .timeout(read);
    if let Some(Host::Domain(name)) = url.host() {
        builder = builder.resolve_to_addrs(name, &admitted.pinned);
    }
    builder.build().map_err(FetchError::Client)
}
