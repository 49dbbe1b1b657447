//! The reading pipeline around the parser: any byte stream in (a download, a file, stdin —
//! opened by `conector-fetch`), gzip and encodings undone, the limits of [`ReadOptions`] kept.

use std::io::{self, Cursor, Read};
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;
use std::time::Duration;

use crate::parse::Limits;

use crate::decode::{
    detect_encoding, is_gzip, peek, sniff, Counting, Inflated, LimitReached, Transcode, CANCELLED,
    TOO_LARGE,
};
use crate::error::{FeedError, NotAFeed};
use crate::parse::{parse, Ctx};
use crate::summary::{FeedSink, FeedSummary};

/// Limits and controls of one read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Set it from another thread to stop the read; the read returns `FeedError::Cancelled`.
    pub cancel: Arc<AtomicBool>,
    /// Bytes read from the source (compressed, for gzip) beyond which the read stops.
    pub max_bytes: u64,
    /// How many problems the summary lists (all are counted).
    pub max_problems: usize,
    /// Longest wait for a connection of a download (`conector-fetch` applies it).
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes of a download (`conector-fetch` applies it).
    pub read_timeout: Duration,
    /// Longest text kept of one field (a field past it is cut and flagged); each field also has
    /// its own, smaller cap.
    pub max_text_run: usize,
    /// Longest the document may be once gzip is undone (what a small download may inflate to).
    pub max_decompressed_bytes: u64,
    /// Most elements open one inside another (a feed needs five or six).
    pub max_depth: u32,
    /// Longest piece of markup: a tag with its attributes, a comment, the DOCTYPE.
    pub max_tag_bytes: usize,
    /// Most items (`<item>`/`<entry>`, kept or skipped) in one feed.
    pub max_items: u32,
    /// Longest the whole read may take, however slowly the bytes arrive.
    pub max_duration: Duration,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            cancel: Arc::new(AtomicBool::new(false)),
            // Merchant Center accepts up to 4 GB per file.
            max_bytes: 4 * 1024 * 1024 * 1024,
            max_problems: 200,
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            max_text_run: 1024 * 1024,
            // The limits fit the largest real stores with room to spare: Merchant Center's
            // 4 GB file, about 2 KB per product (2 million products), an hour to download.
            max_decompressed_bytes: 4 * 1024 * 1024 * 1024,
            max_depth: 64,
            max_tag_bytes: 256 * 1024,
            max_items: 2_000_000,
            max_duration: Duration::from_secs(60 * 60),
        }
    }
}

/// Reads a feed from any byte stream: gzip (by magic bytes, whatever the headers said), BOM and
/// declared encodings are handled here. `total` is only used for progress. A document that is
/// not a usable product feed is an error (even if some items were already delivered, e.g. a
/// truncated file): the caller must not keep a partial result.
pub fn parse_reader<R: Read + Send>(
    reader: R,
    total: Option<u64>,
    options: &ReadOptions,
    sink: &mut dyn FeedSink,
) -> Result<FeedSummary, FeedError> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let stream = open_document(reader, options, &bytes_read)?;
    let ctx = Ctx {
        sink,
        max_problems: options.max_problems,
        max_text_run: options.max_text_run,
        limits: Limits {
            tag: options.max_tag_bytes,
            depth: options.max_depth,
            items: options.max_items,
        },
        bytes_read: &bytes_read,
        bytes_total: total,
        cancel: &options.cancel,
    };
    parse(stream, ctx).map_err(|e| too_large(e, options))
}

fn too_large(e: FeedError, options: &ReadOptions) -> FeedError {
    match e {
        FeedError::TooLarge { .. } => FeedError::TooLarge {
            limit_mb: options.max_bytes / (1024 * 1024),
        },
        e => e,
    }
}

/// The document as UTF-8 bytes, past gzip, BOM and declared encodings, once its start looked
/// like a feed (what it is instead is the error otherwise). Counts the bytes read into
/// `bytes_read`.
pub(crate) fn open_document<'a, R: Read + Send + 'a>(
    reader: R,
    options: &ReadOptions,
    bytes_read: &Arc<AtomicU64>,
) -> Result<Box<dyn Read + Send + 'a>, FeedError> {
    let cancel = options.cancel.clone();
    let mut counted = Counting::new(
        reader,
        bytes_read.clone(),
        cancel.clone(),
        options.max_bytes,
        options.max_duration,
    );
    let fail = |e: io::Error| -> FeedError {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return FeedError::Cancelled;
        }
        too_large(io_error(&e), options)
    };
    let magic = peek(&mut counted, 2).map_err(fail)?;
    let raw = Cursor::new(magic.clone()).chain(counted);
    let limit = options.max_decompressed_bytes;
    let mut decoded: Box<dyn Read + Send + 'a> = if is_gzip(&magic) {
        Box::new(Inflated::new(flate2::read::MultiGzDecoder::new(raw), limit))
    } else {
        Box::new(Inflated::new(raw, limit))
    };
    let head = peek(&mut decoded, 4096).map_err(fail)?;
    let (encoding, bom) = detect_encoding(&head);
    let mut utf8: Box<dyn Read + Send + 'a> = if encoding == encoding_rs::UTF_8 {
        Box::new(Cursor::new(head[bom..].to_vec()).chain(decoded))
    } else {
        Box::new(Transcode::new(
            Cursor::new(head[bom..].to_vec()).chain(decoded),
            encoding,
        ))
    };
    let mut head = peek(&mut utf8, 4096).map_err(fail)?;
    if let Err(e) = sniff(&head) {
        if let FeedError::NotAFeed(NotAFeed::HtmlPage) = e {
            // A login form can sit far down an HTML page: look further before answering.
            let more = peek(&mut utf8, 256 * 1024).map_err(fail)?;
            head.extend_from_slice(&more);
            return Err(sniff(&head).err().unwrap_or(e));
        }
        return Err(e);
    }
    Ok(Box::new(Cursor::new(head).chain(utf8)))
}

fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Maps an I/O error from anywhere in the reading stack to what the user should hear.
pub(crate) fn io_error(e: &io::Error) -> FeedError {
    if let Some(limit) = LimitReached::of(e) {
        return FeedError::Limit(limit);
    }
    let text = e.to_string();
    if text == CANCELLED {
        return FeedError::Cancelled;
    }
    if text == TOO_LARGE {
        return FeedError::TooLarge { limit_mb: 0 };
    }
    let cause = root_cause(e);
    if e.kind() == io::ErrorKind::TimedOut
        || text.contains("timed out")
        || cause.contains("timed out")
    {
        return FeedError::Timeout;
    }
    match e.kind() {
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => FeedError::Malformed {
            position: 0,
            detail: text,
        },
        io::ErrorKind::UnexpectedEof => FeedError::NotAFeed(NotAFeed::Truncated),
        _ => FeedError::Download {
            detail: root_cause(e),
        },
    }
}
