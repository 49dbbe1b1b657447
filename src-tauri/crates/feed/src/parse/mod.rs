//! The streaming event loop: the document in, normalized items out to the sink, on two threads.
//!
//! A scoped thread walks the document with quick-xml and collects each item's raw fields
//! (`document`, `fields`); the calling thread turns them into items (`finish`) and calls the
//! sink, in document order. Only direct children of an `<item>`/`<entry>` are product fields,
//! which is what keeps the `g:price` inside a `g:shipping` or `g:installment` block from being
//! taken as the product's.

use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::time::{Duration, Instant};

mod document;
mod fields;
mod finish;
mod input;
#[cfg(test)]
mod reference;

use document::Outbox;
use fields::Slots;
use finish::Finisher;
use input::Input;

use crate::error::{FeedError, NotAFeed};
use crate::summary::{FeedFormat, FeedSink, FeedSummary, Tally};

const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// Slots that grew past this (an item with huge fields) are dropped rather than reused.
const RECYCLE_MAX: usize = 256 * 1024;

/// What the walk through the document may cost (see [`crate::ReadOptions`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Bytes of one piece of markup.
    pub tag: usize,
    /// Elements open one inside another.
    pub depth: u32,
    /// Items, kept or skipped.
    pub items: u32,
}

pub(crate) struct Ctx<'a> {
    pub sink: &'a mut dyn FeedSink,
    pub max_problems: usize,
    pub max_text_run: usize,
    pub limits: Limits,
    pub bytes_read: &'a std::sync::atomic::AtomicU64,
    pub bytes_total: Option<u64>,
    pub cancel: &'a std::sync::atomic::AtomicBool,
}

enum Batch {
    Items(Vec<Slots>),
    /// The document ended: its format, or why it is not a usable feed.
    Done(Result<FeedFormat, FeedError>),
}

/// Reads the document on two threads: one walks it and collects each item's raw fields, the
/// calling one turns them into items and hands them to the sink, in document order.
pub(crate) fn parse<R: Read + Send>(reader: R, ctx: Ctx<'_>) -> Result<FeedSummary, FeedError> {
    let (batches, received) = sync_channel::<Batch>(4);
    let (recycle, recycled) = channel::<Slots>();
    let (limits, max_text_run, cancel) = (ctx.limits, ctx.max_text_run, ctx.cancel);
    std::thread::scope(|scope| {
        let scanner = std::thread::Builder::new()
            .name("feed-scan".to_owned())
            .spawn_scoped(scope, move || {
                let mut filler = Filler {
                    slots: Slots::default(),
                    format: None,
                    max_text_run,
                };
                let mut xml =
                    quick_xml::Reader::from_reader(Input::new(reader, Outbox::new(batches)));
                let done = filler.scan(&mut xml, limits, cancel, &recycled);
                xml.get_mut().wait.done(done);
            })
            .map_err(|e| FeedError::Stopped(format!("falha ao iniciar a leitura ({e})")))?;
        let result = finish_items(&received, &recycle, ctx);
        // Stops the scanner at its next hand-over if we returned early.
        drop(received);
        let _ = scanner.join();
        result
    })
}

/// The calling thread's half: items out of raw fields, progress, cancel, the summary.
fn finish_items(
    received: &Receiver<Batch>,
    recycle: &Sender<Slots>,
    ctx: Ctx<'_>,
) -> Result<FeedSummary, FeedError> {
    let mut finisher = Finisher {
        tally: Tally::new(ctx.max_problems),
        seen_ids: HashSet::new(),
        any_product_fields: false,
    };
    let sink = ctx.sink;
    let mut last_progress = Instant::now();
    let format = loop {
        let Ok(batch) = received.recv() else {
            return Err(FeedError::Stopped("falha interna na leitura".to_owned()));
        };
        match batch {
            Batch::Items(items) => {
                for slots in items {
                    if finisher.finish_item(&slots, sink)?.is_break() {
                        return Err(stopped());
                    }
                    if slots.weight(true) <= RECYCLE_MAX {
                        let _ = recycle.send(slots);
                    }
                }
                if ctx.cancel.load(Ordering::Relaxed) {
                    return Err(FeedError::Cancelled);
                }
                if last_progress.elapsed() >= PROGRESS_EVERY {
                    last_progress = Instant::now();
                    sink.progress(&finisher.progress(ctx.bytes_read, ctx.bytes_total));
                }
            }
            Batch::Done(done) => break done?,
        }
    };
    if finisher.tally.items == 0 {
        let kind = if finisher.tally.skipped == 0 {
            NotAFeed::NoItems
        } else if !finisher.any_product_fields {
            NotAFeed::NewsFeed
        } else {
            NotAFeed::NoUsableItems
        };
        return Err(FeedError::NotAFeed(kind));
    }
    sink.progress(&finisher.progress(ctx.bytes_read, ctx.bytes_total));
    let bytes = ctx.bytes_read.load(Ordering::Relaxed);
    Ok(finisher.tally.finish(format, bytes))
}

/// The scanning thread's state: the item being collected.
struct Filler {
    slots: Slots,
    format: Option<FeedFormat>,
    max_text_run: usize,
}

fn stopped() -> FeedError {
    FeedError::Stopped("interrompido pelo destino".to_owned())
}
