//! Everything that can stop a feed from being read, in words the shop owner can act on.

use std::time::Duration;

use conector_core::{CodedError, MessageCode, Params};
use serde::Serialize;

/// What a rejected document looks like instead of a product feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NotAFeed {
    EmptyBody,
    HtmlPage,
    LoginPage,
    Sitemap,
    NewsFeed,
    NoItems,
    NoUsableItems,
    Binary,
    NotXml,
    OtherXml,
    Truncated,
}

impl NotAFeed {
    pub fn code(self) -> MessageCode {
        match self {
            NotAFeed::EmptyBody => MessageCode::FeedEmptyBody,
            NotAFeed::HtmlPage => MessageCode::FeedHtmlPage,
            NotAFeed::LoginPage => MessageCode::FeedLoginPage,
            NotAFeed::Sitemap => MessageCode::FeedSitemap,
            NotAFeed::NewsFeed => MessageCode::FeedNewsFeed,
            NotAFeed::NoItems => MessageCode::FeedNoItems,
            NotAFeed::NoUsableItems => MessageCode::FeedNoUsableItems,
            NotAFeed::Binary => MessageCode::FeedBinary,
            NotAFeed::NotXml => MessageCode::FeedNotXml,
            NotAFeed::OtherXml => MessageCode::FeedOtherXml,
            NotAFeed::Truncated => MessageCode::FeedTruncated,
        }
    }
}

/// A hard limit on what one feed may cost (SPEC §6), reached: the read stops there, whatever it
/// had read, and a catalogue import keeps the previous catalogue. The defaults are in
/// [`crate::ReadOptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeedLimit {
    /// The document, once gzip is undone, is longer than `limit` bytes.
    Decompressed { limit: u64 },
    /// More than `limit` elements open one inside another.
    Depth { limit: u32 },
    /// One piece of markup (a tag with its attributes, a comment, the DOCTYPE) longer than
    /// `limit` bytes, starting at byte `position`.
    Tag { limit: usize, position: u64 },
    /// More than `limit` items (`<item>`/`<entry>`, kept or skipped).
    Items { limit: u32 },
    /// The whole read took longer than `limit` (a download that keeps trickling).
    Duration { limit: Duration },
}

/// Why the download policy refused an address before anything was sent to it (see
/// `conector_fetch::Policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The address, or a redirect, is plain http (or another scheme).
    Insecure,
    /// The address, or a redirect, leads to this computer or a private network.
    PrivateAddress,
    /// Still redirecting after `max` redirects.
    TooManyRedirects { max: u8 },
}

/// Why a feed could not be read. The `detail` strings are technical, for the logs only; what
/// the owner reads is chosen by [`CodedError::code`] in the UI's catalogue.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    #[error("not a product feed: {0:?}")]
    NotAFeed(NotAFeed),
    #[error("malformed XML near byte {position}: {detail}")]
    Malformed { position: u64, detail: String },
    #[error("download failed: {detail}")]
    Download { detail: String },
    #[error("HTTP status {status}")]
    HttpStatus { status: u16 },
    /// `host` is the only part of the address the owner is told (and the logs keep).
    #[error("download from {host} refused: {reason:?}")]
    Refused { host: String, reason: Refusal },
    #[error("the feed server stopped answering")]
    Timeout,
    #[error("feed over {limit_mb} MB")]
    TooLarge { limit_mb: u64 },
    #[error("cancelled")]
    Cancelled,
    #[error("reading stopped: {0}")]
    Stopped(String),
    #[error("file {path} could not be opened: {detail}")]
    Open { path: String, detail: String },
    #[error("feed limit reached: {0:?}")]
    Limit(FeedLimit),
}

impl FeedError {
    /// True when the fault is the network or the remote server (CLI exit 3).
    pub fn is_remote(&self) -> bool {
        matches!(
            self,
            FeedError::Download { .. }
                | FeedError::HttpStatus { .. }
                | FeedError::Refused { .. }
                | FeedError::Timeout
                | FeedError::Limit(FeedLimit::Duration { .. })
        )
    }

    /// True when the document itself was refused (CLI exit 2).
    pub fn is_rejection(&self) -> bool {
        match self {
            FeedError::NotAFeed(_) | FeedError::Malformed { .. } | FeedError::TooLarge { .. } => {
                true
            }
            FeedError::Limit(limit) => !matches!(limit, FeedLimit::Duration { .. }),
            _ => false,
        }
    }
}

impl CodedError for FeedError {
    fn code(&self) -> MessageCode {
        match self {
            FeedError::NotAFeed(kind) => kind.code(),
            FeedError::Malformed { .. } => MessageCode::FeedMalformed,
            FeedError::Download { .. } => MessageCode::FeedDownloadFailed,
            FeedError::HttpStatus { .. } => MessageCode::FeedHttpStatus,
            FeedError::Refused { reason, .. } => match reason {
                Refusal::Insecure => MessageCode::FeedRefusedInsecure,
                Refusal::PrivateAddress => MessageCode::FeedRefusedPrivateAddress,
                Refusal::TooManyRedirects { .. } => MessageCode::FeedRefusedTooManyRedirects,
            },
            FeedError::Timeout => MessageCode::FeedTimeout,
            FeedError::TooLarge { .. } => MessageCode::FeedTooLarge,
            FeedError::Cancelled => MessageCode::FeedCancelled,
            FeedError::Stopped(_) => MessageCode::FeedStopped,
            FeedError::Open { .. } => MessageCode::FeedOpenFailed,
            FeedError::Limit(limit) => match limit {
                FeedLimit::Decompressed { .. } => MessageCode::FeedLimitDecompressed,
                FeedLimit::Depth { .. } => MessageCode::FeedLimitDepth,
                FeedLimit::Tag { .. } => MessageCode::FeedLimitTag,
                FeedLimit::Items { .. } => MessageCode::FeedLimitItems,
                FeedLimit::Duration { .. } => MessageCode::FeedLimitDuration,
            },
        }
    }

    fn params(&self) -> Params {
        match self {
            FeedError::Malformed { position, .. } => {
                Params::new().number("position", i64::try_from(*position).unwrap_or(i64::MAX))
            }
            FeedError::HttpStatus { status } => Params::new().number("status", *status),
            FeedError::Refused { host, reason } => {
                let params = Params::new().text("host", host.clone());
                match reason {
                    Refusal::TooManyRedirects { max } => params.number("max", *max),
                    _ => params,
                }
            }
            FeedError::TooLarge { limit_mb } => {
                Params::new().bytes("limit", limit_mb.saturating_mul(1024 * 1024))
            }
            FeedError::Open { path, .. } => Params::new().text("path", path.clone()),
            FeedError::Limit(limit) => match *limit {
                FeedLimit::Decompressed { limit } => Params::new().bytes("limit", limit),
                FeedLimit::Depth { limit } => Params::new().number("limit", limit),
                FeedLimit::Tag { limit, position } => Params::new()
                    .bytes("limit", limit as u64)
                    .number("position", i64::try_from(position).unwrap_or(i64::MAX)),
                FeedLimit::Items { limit } => Params::new().number("limit", limit),
                FeedLimit::Duration { limit } => {
                    let minutes = limit.as_millis().div_ceil(60_000);
                    Params::new().number("minutes", i64::try_from(minutes).unwrap_or(i64::MAX))
                }
            },
            _ => Params::new(),
        }
    }
}
