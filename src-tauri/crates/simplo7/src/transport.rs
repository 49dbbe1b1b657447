//! One GET against the store, done politely: paced, retried on what is worth retrying, and
//! turned into a [`StoreError`] the owner understands when it is not.
//!
//! Retried: 429 (after `Retry-After`, capped), 5xx, timeouts, refused or reset connections,
//! with capped exponential backoff and jitter, up to `max_attempts`. Not retried: 401/403
//! (token), 404 and DNS failures (wrong store), a body that is not JSON.
//!
//! The token goes only to the origin of the API base (scheme, host and port): a redirect is
//! followed only within that origin, and one to anywhere else fails with
//! `store.redirected_away` before a byte is sent there (the HTTP client strips `Authorization`
//! on a cross-host redirect, but not a custom header such as `appKey`). Plain http is refused
//! by the client itself unless the base is loopback (the demo store).

use std::time::Duration;

use conector_core::Secret;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Response, StatusCode};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::address::{host_only, StoreAddress};
use crate::error::{NetFailure, NotJsonBody, StoreError};

/// Bodies larger than this are not a page of orders; reading stops there.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Redirects followed within the API's own origin (a store moving `/ws/x` to `/ws/x/`).
const MAX_REDIRECTS: usize = 5;

/// How the client paces, waits and retries. [`ClientConfig::default`] is the conservative
/// setting for real stores; tests shorten the waits.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Minimum time between the starts of two requests (500 ms ≈ 2 requests/s).
    pub min_interval: Duration,
    pub connect_timeout: Duration,
    /// Longest silence while waiting for response bytes.
    pub read_timeout: Duration,
    /// Tries per request, the first included.
    pub max_attempts: u32,
    /// First backoff delay; doubles per attempt up to `backoff_cap`, with jitter.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// The longest `Retry-After` honoured; a longer one is waited only this long.
    pub retry_after_cap: Duration,
    /// Safety stop for paging: no listing reads more pages than this.
    pub max_pages: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            min_interval: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_attempts: 5,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(15),
            retry_after_cap: Duration::from_secs(60),
            max_pages: 10_000,
        }
    }
}

impl ClientConfig {
    /// For a person waiting on a button ("Testar conexão"): fewer tries and shorter waits, so a
    /// failing store is reported in seconds rather than after the patient sync-engine retries.
    pub fn interactive() -> Self {
        Self {
            read_timeout: Duration::from_secs(20),
            max_attempts: 3,
            backoff_cap: Duration::from_secs(4),
            retry_after_cap: Duration::from_secs(10),
            ..Self::default()
        }
    }
}

/// The `appKey` header for one request, marked sensitive (never printed by the HTTP library).
fn app_key(token: &Secret) -> Result<HeaderValue, StoreError> {
    let mut value =
        HeaderValue::from_str(token.expose()).map_err(|_| StoreError::MalformedToken)?;
    value.set_sensitive(true);
    Ok(value)
}

/// What a 404 means for the call being made.
#[derive(Clone, Copy)]
pub(crate) enum Missing {
    /// The base itself is wrong: `store.not_found`.
    Store,
    /// One order id does not exist: `store.order_not_found`.
    Order(u64),
}

pub(crate) struct Transport {
    http: reqwest::Client,
    /// Put in the `appKey` header of each request as it is sent, never in the client's default
    /// headers (which live in the HTTP library, unzeroized, for as long as the client).
    token: Secret,
    address: StoreAddress,
    config: ClientConfig,
    next_slot: Mutex<Option<Instant>>,
}

impl Transport {
    pub(crate) fn new(
        address: StoreAddress,
        token: &Secret,
        config: ClientConfig,
    ) -> Result<Self, StoreError> {
        let token = Secret::new(token.expose().trim());
        if token.is_empty() {
            return Err(StoreError::MissingToken);
        }
        // Checked once here, so that every request can carry it.
        app_key(&token)?;
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .user_agent(conector_core::USER_AGENT)
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .redirect(same_origin_only(&address))
            .https_only(!address.is_loopback())
            .build()
            .map_err(StoreError::Setup)?;
        Ok(Self {
            http,
            token,
            address,
            config,
            next_slot: Mutex::new(None),
        })
    }

    pub(crate) fn address(&self) -> &StoreAddress {
        &self.address
    }

    pub(crate) fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// GETs `path` (relative to the API base) and returns the parsed JSON document.
    pub(crate) async fn get_json(
        &self,
        path: &str,
        query: &[(&str, String)],
        missing: Missing,
    ) -> Result<serde_json::Value, StoreError> {
        let mut url = self.address.endpoint(path)?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let attempts = self.config.max_attempts.max(1);
        let mut last_failure = self.unreachable(NetFailure::NotTried);
        for attempt in 1..=attempts {
            self.pace().await;
            let wait = match self.attempt(&url, missing).await {
                Outcome::Done(value) => return Ok(value),
                Outcome::Fatal(e) => return Err(e),
                Outcome::RetryAfter(wait) => {
                    last_failure = StoreError::RateLimited { attempts };
                    wait.unwrap_or_else(|| self.backoff(attempt))
                }
                Outcome::Retry(failure) => {
                    last_failure = failure;
                    self.backoff(attempt)
                }
            };
            if attempt < attempts {
                tracing::warn!(
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    path,
                    "store call failed; retrying"
                );
                tokio::time::sleep(wait).await;
            }
        }
        Err(match last_failure {
            StoreError::ServerError { status, .. } => StoreError::ServerError { status, attempts },
            other => other,
        })
    }

    async fn attempt(&self, url: &Url, missing: Missing) -> Outcome {
        let request = match app_key(&self.token) {
            Ok(app_key) => self.http.get(url.clone()).header("appKey", app_key),
            Err(e) => return Outcome::Fatal(e),
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return self.send_failure(e).await,
        };
        let status = response.status();
        match status {
            s if s.is_success() => self.read_json(response).await,
            StatusCode::TOO_MANY_REQUESTS => Outcome::RetryAfter(self.retry_after(&response)),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                Outcome::Fatal(StoreError::TokenRejected)
            }
            StatusCode::NOT_FOUND => Outcome::Fatal(match missing {
                Missing::Store => self.not_found(),
                Missing::Order(id) => StoreError::OrderNotFound(id),
            }),
            s if s.is_server_error() => Outcome::Retry(StoreError::ServerError {
                status: s.as_u16(),
                attempts: 0,
            }),
            s if s.is_redirection() => Outcome::Fatal(self.redirected(&response)),
            s => Outcome::Fatal(StoreError::UnexpectedStatus { status: s.as_u16() }),
        }
    }

    /// A redirect the policy did not follow: one to another origin (named by its host only),
    /// or one too many within the API's own origin.
    fn redirected(&self, response: &Response) -> StoreError {
        let status = response.status().as_u16();
        let target = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|location| response.url().join(location).ok());
        match target {
            Some(target) if !self.address.same_origin(&target) => {
                let host = host_only(&target);
                tracing::warn!(
                    code = conector_core::MessageCode::StoreRedirectedAway.as_str(),
                    status,
                    host = %host,
                    "the store redirected to another origin; not followed, the token was not sent"
                );
                StoreError::RedirectedAway { host }
            }
            _ => StoreError::UnexpectedStatus { status },
        }
    }

    async fn read_json(&self, mut response: Response) -> Outcome {
        let looks_html = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("html"));
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_BODY_BYTES {
                        return Outcome::Fatal(StoreError::UnexpectedResponse {
                            detail: format!("body over {MAX_BODY_BYTES} bytes"),
                        });
                    }
                }
                Ok(None) => break,
                Err(e) => return self.send_failure(e).await,
            }
        }
        let text = String::from_utf8_lossy(&body);
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.is_empty() {
            return Outcome::Fatal(self.not_json(NotJsonBody::Empty));
        }
        if looks_html || start.starts_with('<') {
            return Outcome::Fatal(self.not_json(NotJsonBody::Html));
        }
        match serde_json::from_str(start) {
            Ok(value) => Outcome::Done(value),
            Err(_) if !start.starts_with('{') && !start.starts_with('[') => {
                Outcome::Fatal(self.not_json(NotJsonBody::Text))
            }
            Err(e) => Outcome::Fatal(StoreError::UnexpectedResponse {
                detail: format!("invalid JSON: {e}"),
            }),
        }
    }

    /// A request that produced no usable response: DNS failures mean the store does not
    /// exist (not retried); anything else is network trouble, worth another try.
    async fn send_failure(&self, e: reqwest::Error) -> Outcome {
        if e.is_connect() && !self.host_resolves().await {
            return Outcome::Fatal(self.not_found());
        }
        let failure = if e.is_timeout() {
            NetFailure::Timeout
        } else if e.is_connect() {
            NetFailure::Refused
        } else {
            NetFailure::Dropped
        };
        tracing::debug!(error = %without_url(&e), "store request failed");
        Outcome::Retry(self.unreachable(failure))
    }

    async fn host_resolves(&self) -> bool {
        match self.address.host() {
            Some((host, port)) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .is_ok_and(|mut addrs| addrs.next().is_some()),
            None => false,
        }
    }

    fn retry_after(&self, response: &Response) -> Option<Duration> {
        let text = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
        let wait = parse_retry_after(text, time::OffsetDateTime::now_utc())?;
        Some(wait.min(self.config.retry_after_cap))
    }

    /// `base × 2^(attempt−1)`, capped, then a random point in its upper half so that many
    /// clients do not retry in lockstep.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .config
            .backoff_base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.config.backoff_cap).as_millis() as u64;
        Duration::from_millis(capped / 2 + fastrand::u64(0..=capped - capped / 2))
    }

    /// Waits for this request's slot: requests start at least `min_interval` apart.
    async fn pace(&self) {
        let mut next_slot = self.next_slot.lock().await;
        let now = Instant::now();
        if let Some(slot) = *next_slot {
            if slot > now {
                tokio::time::sleep_until(slot).await;
            }
        }
        *next_slot = Some(Instant::now() + self.config.min_interval);
    }

    fn host(&self) -> String {
        self.address
            .host()
            .map(|(host, _)| host)
            .unwrap_or_default()
    }

    fn not_found(&self) -> StoreError {
        StoreError::NotFound { host: self.host() }
    }

    fn not_json(&self, body: NotJsonBody) -> StoreError {
        StoreError::NotJson {
            host: self.host(),
            body,
        }
    }

    fn unreachable(&self, failure: NetFailure) -> StoreError {
        StoreError::Unreachable {
            host: self.host(),
            failure,
        }
    }
}

/// Follows a redirect only within the origin of the API base; any other is handed back
/// unfollowed, so that [`Transport::redirected`] names it.
fn same_origin_only(address: &StoreAddress) -> reqwest::redirect::Policy {
    let address = address.clone();
    reqwest::redirect::Policy::custom(move |attempt| {
        // `previous` holds the first URL too: one more than the redirects followed so far.
        if address.same_origin(attempt.url()) && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// `Retry-After` as seconds (`"120"`) or as an HTTP date (`"Wed, 21 Oct 2026 07:28:00 GMT"`,
/// waited until that moment from `now`; a date in the past means "now").
fn parse_retry_after(text: &str, now: time::OffsetDateTime) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate always says GMT; RFC 2822 parsing wants a numeric zone.
    let numeric = text
        .strip_suffix("GMT")
        .map(|head| format!("{head}+0000"))?;
    let at = time::OffsetDateTime::parse(&numeric, &time::format_description::well_known::Rfc2822)
        .ok()?;
    Some(Duration::try_from(at - now).unwrap_or(Duration::ZERO))
}

enum Outcome {
    Done(serde_json::Value),
    Fatal(StoreError),
    /// 429: wait the server's `Retry-After` (capped) or, without one, the backoff.
    RetryAfter(Option<Duration>),
    Retry(StoreError),
}

/// reqwest errors print the URL; ours carry no secret in the URL, but the address is already in
/// the message the owner sees, so the log keeps only the kind of failure.
fn without_url(e: &reqwest::Error) -> String {
    let mut e_text = e.to_string();
    if let Some(url) = e.url() {
        e_text = e_text.replace(url.as_str(), "<url>");
    }
    e_text
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        let now = datetime!(2026-10-21 07:27:00 UTC);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now),
            Some(Duration::ZERO),
            "a past date means retry now"
        );
        assert_eq!(parse_retry_after("logo mais", now), None);
    }

    #[test]
    fn backoff_grows_stays_capped_and_jitters_within_its_upper_half() {
        let config = ClientConfig {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(1000),
            ..ClientConfig::default()
        };
        let address = StoreAddress::from_override("http://127.0.0.1:1/ws/").unwrap();
        let transport = Transport::new(address, &Secret::new("t0k3n-t0k3n-t0k3n"), config).unwrap();
        for _ in 0..200 {
            let first = transport.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = transport.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = transport.backoff(30);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000));
        }
    }
}
