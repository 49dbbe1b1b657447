//! A product feed from where the owner said it is — a URL, a file, standard input — read by
//! `conector_feed`'s streaming reader as it arrives. The download follows [`Policy::feed`]
//! (with the running demo store's address when there is one).

use std::io;
use std::path::PathBuf;

use conector_feed::{parse_reader, FeedError, FeedSink, FeedSummary, ReadOptions, Refusal};

use crate::client::Timeouts;
use crate::download::{download, Body, Fetched, Request, Validators};
use crate::error::{Failure, FetchError};
use crate::policy::Policy;

/// A feed location as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSource {
    Url(String),
    Path(PathBuf),
    Stdin,
}

impl FeedSource {
    /// `-` is standard input, `http(s)://...` a URL, anything else a file path.
    pub fn from_arg(arg: &str) -> FeedSource {
        let trimmed = arg.trim();
        let lower = trimmed.to_ascii_lowercase();
        if trimmed == "-" {
            FeedSource::Stdin
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            FeedSource::Url(trimmed.to_owned())
        } else {
            FeedSource::Path(PathBuf::from(arg))
        }
    }

    /// How the source is named in an import's record: the URL, the path, or `-`.
    pub fn label(&self) -> String {
        match self {
            FeedSource::Url(url) => url.clone(),
            FeedSource::Path(path) => path.display().to_string(),
            FeedSource::Stdin => "-".to_owned(),
        }
    }
}

/// Reads a whole feed from `source` (blocking), delivering kept items to `sink` as they are
/// parsed; a URL is downloaded under `policy` (normally [`Policy::feed`]). A document that is
/// not a usable product feed is an error (even if some items were already delivered, e.g. a
/// truncated file): the caller must not keep a partial result.
pub fn read_feed(
    source: &FeedSource,
    policy: &Policy,
    options: &ReadOptions,
    sink: &mut dyn FeedSink,
) -> Result<FeedSummary, FeedError> {
    match source {
        FeedSource::Url(url) => match download_feed(url, policy, None, options)? {
            Fetched::Body(body) => read_body(body, options, sink),
            // Only a conditional request is answered so, and this one was not.
            Fetched::NotModified => Err(FeedError::HttpStatus { status: 304 }),
        },
        FeedSource::Path(path) => {
            let open_err = |e: io::Error| FeedError::Open {
                path: path.display().to_string(),
                detail: e.to_string(),
            };
            let file = std::fs::File::open(path).map_err(open_err)?;
            let total = file.metadata().ok().map(|m| m.len());
            parse_reader(file, total, options, sink)
        }
        FeedSource::Stdin => parse_reader(io::stdin(), None, options, sink),
    }
}

/// Downloads the feed at `url` (blocking) under `policy`, conditionally when the last
/// download's `validators` are given, with the connection and read timeouts of `options`. Read
/// the body with [`read_body`].
pub fn download_feed(
    url: &str,
    policy: &Policy,
    validators: Option<&Validators>,
    options: &ReadOptions,
) -> Result<Fetched, FeedError> {
    let request = Request {
        policy: policy.clone(),
        timeouts: Timeouts {
            connect: options.connect_timeout,
            read: options.read_timeout,
            // The reader bounds the whole read (`ReadOptions::max_duration`).
            total: None,
        },
        validators,
    };
    Ok(download(url, &request)?)
}

/// Reads a downloaded feed with the limits of `options`.
pub fn read_body(
    body: Body,
    options: &ReadOptions,
    sink: &mut dyn FeedSink,
) -> Result<FeedSummary, FeedError> {
    let total = body.content_length();
    parse_reader(body, total, options, sink)
}

/// A download that failed, as the feed reader says it: a timeout, an HTTP status, an address
/// the policy refused (naming its host only), or a failed download (the cause is kept for the
/// logs).
impl From<FetchError> for FeedError {
    fn from(e: FetchError) -> FeedError {
        let refused = |reason| match &e {
            FetchError::Failed { host, .. } => FeedError::Refused {
                host: host.clone(),
                reason,
            },
            _ => FeedError::Download { detail: e.detail() },
        };
        match e.failure() {
            Some(Failure::Timeout) => FeedError::Timeout,
            Some(Failure::Status(status)) => FeedError::HttpStatus { status },
            Some(Failure::Insecure) => refused(Refusal::Insecure),
            Some(Failure::PrivateAddress) => refused(Refusal::PrivateAddress),
            Some(Failure::TooManyRedirects(max)) => refused(Refusal::TooManyRedirects { max }),
            Some(Failure::Connect) | None => FeedError::Download { detail: e.detail() },
        }
    }
}
