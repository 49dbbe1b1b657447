//! One download: a GET under a [`Policy`], conditional when the last download's validators
//! are given, its body streamed to the caller.

use std::io::Read;
use std::time::Instant;

use reqwest::blocking::Response;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT_ENCODING, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::StatusCode;
use url::Url;

use crate::client::Timeouts;
use crate::error::{Failure, FetchError};
use crate::follow::follow;
use crate::policy::{host_of, Policy};

/// What the last download of the same address said about its version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when there is something to send: without it a request cannot be conditional.
    pub fn any(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }
}

/// One download.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub policy: Policy,
    pub timeouts: Timeouts,
    /// The last download's validators: sent as `If-None-Match` / `If-Modified-Since`, and a
    /// `304 Not Modified` is then [`Fetched::NotModified`].
    pub validators: Option<&'a Validators>,
}

/// What a download brought.
#[derive(Debug)]
pub enum Fetched {
    /// `304` to a conditional request: the content is as at the last download.
    NotModified,
    /// A `2xx` answer, its body not read yet.
    Body(Body),
}

/// The body of a successful answer, read as it arrives (gzip is left as sent: the feed reader
/// recognises it by its bytes).
#[derive(Debug)]
pub struct Body {
    // Boxed: a response is large, and a `Fetched` is often the small `NotModified`.
    response: Box<Response>,
    url: Url,
    redirects: u8,
}

impl Body {
    /// The length the server announced (progress only: the reader does not trust it).
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The validators to send next time.
    pub fn validators(&self) -> Validators {
        let header = |name| {
            self.response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        }
    }

    /// The address that answered, after the redirects.
    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn redirects(&self) -> u8 {
        self.redirects
    }
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.response.read(buf)
    }
}

/// GETs `url` under `request` (blocking: call it off the async workers). An answer other than
/// `2xx` (or `304` to a conditional request) is [`Failure::Status`].
pub fn download(url: &str, request: &Request<'_>) -> Result<Fetched, FetchError> {
    let url = Url::parse(url.trim()).map_err(|_| FetchError::BadLink)?;
    // Without reqwest's gzip feature the compressed bytes come as they were sent.
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    let conditional = request.validators.filter(|v| v.any());
    if let Some(validators) = conditional {
        let mut set = |name, value: &Option<String>| {
            if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, value);
            }
        };
        set(IF_NONE_MATCH, &validators.etag);
        set(IF_MODIFIED_SINCE, &validators.last_modified);
    }
    let deadline = request.timeouts.total.map(|t| Instant::now() + t);
    let ended = follow(url, &request.policy, &request.timeouts, &headers, deadline)?;
    let status = ended.response.status();
    if status == StatusCode::NOT_MODIFIED && conditional.is_some() {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(FetchError::Failed {
            host: host_of(&ended.url),
            failure: Failure::Status(status.as_u16()),
            cause: None,
        });
    }
    Ok(Fetched::Body(Body {
        response: Box::new(ended.response),
        url: ended.url,
        redirects: ended.redirects,
    }))
}
