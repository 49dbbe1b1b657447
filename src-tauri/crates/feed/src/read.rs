//! The reading pipeline around the parser: any byte stream in (a download, a file, stdin —
//! opened by `conector-fetch`), gzip and encodings undone, the limits of [`ReadOptions`] kept.

use std::io::Read;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use crate::error::FeedError;
use crate::open::{open_document, too_large};
use crate::options::ReadOptions;
use crate::parse::{parse, Ctx, Limits};
use crate::summary::{FeedSink, FeedSummary};

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
