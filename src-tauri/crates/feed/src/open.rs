//! Opening a document: the bytes counted (progress, size cap, time cap, cancel), gzip undone,
//! the encoding found and transcoded, and a first look that tells a feed from anything else —
//! and every I/O error of that stack told in the reader's words.

use std::io::{self, Cursor, Read};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use crate::decode::{
    detect_encoding, is_gzip, peek, sniff, Counting, Inflated, LimitReached, Transcode, CANCELLED,
    TOO_LARGE,
};
use crate::error::{FeedError, NotAFeed};
use crate::options::ReadOptions;

pub(crate) fn too_large(e: FeedError, options: &ReadOptions) -> FeedError {
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
