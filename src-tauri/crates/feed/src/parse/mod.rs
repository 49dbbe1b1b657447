//! The streaming event loop: tokens in, normalized items out to the sink, on two threads.
//!
//! A scoped thread runs the tokenizer and collects each item's raw fields (`fields`); the
//! calling thread turns them into items (`finish`) and calls the sink, in document order.
//! Only direct children of an `<item>`/`<entry>` are product fields, which is what keeps the
//! `g:price` inside a `g:shipping` or `g:installment` block from being taken as the product's.

use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::time::{Duration, Instant};

mod fields;
mod finish;

use fields::{Capture, Slots};
use finish::Finisher;

use crate::error::{FeedError, NotAFeed};
use crate::scan::{ScanError, Scanner, Token};
use crate::summary::{FeedFormat, FeedSink, FeedSummary, Tally};

const PROGRESS_EVERY: Duration = Duration::from_millis(100);

pub(crate) struct Ctx<'a> {
    pub sink: &'a mut dyn FeedSink,
    pub max_problems: usize,
    pub max_text_run: usize,
    pub max_tag: usize,
    pub bytes_read: &'a std::sync::atomic::AtomicU64,
    pub bytes_total: Option<u64>,
    pub cancel: &'a std::sync::atomic::AtomicBool,
}

/// Element names open above the current point, to check each end tag against its start.
#[derive(Default)]
struct OpenNames {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl OpenNames {
    fn push(&mut self, name: &[u8]) {
        self.bytes.extend_from_slice(name);
        self.ends.push(self.bytes.len());
    }

    /// Closes the innermost element; a malformed document when the end tag at `position`
    /// (`name`) is not its end.
    fn pop(&mut self, name: &[u8], position: u64) -> Result<(), FeedError> {
        let name_text = || String::from_utf8_lossy(name);
        let Some(&end) = self.ends.last() else {
            return Err(FeedError::Malformed {
                position,
                detail: format!("</{}> fecha um elemento que não foi aberto", name_text()),
            });
        };
        let start = self.ends.len().checked_sub(2).map_or(0, |i| self.ends[i]);
        let open = &self.bytes[start..end];
        if open != name {
            return Err(FeedError::Malformed {
                position,
                detail: format!(
                    "</{}> fecha <{}>",
                    name_text(),
                    String::from_utf8_lossy(open)
                ),
            });
        }
        self.bytes.truncate(start);
        self.ends.pop();
        Ok(())
    }

    fn depth(&self) -> u32 {
        self.ends.len() as u32
    }
}

/// Items handed from the scanning thread to the finishing one at a time: enough to make the
/// hand-over cheap, few enough that the first products show at once.
const BATCH: usize = 64;

enum Batch {
    Items(Vec<Slots>),
    /// The document ended: its format, or why it is not a usable feed.
    Done(Result<FeedFormat, FeedError>),
}

/// Reads the document on two threads: one tokenizes and collects each item's raw fields, the
/// calling one turns them into items and hands them to the sink, in document order.
pub(crate) fn parse<R: Read + Send>(reader: R, ctx: Ctx<'_>) -> Result<FeedSummary, FeedError> {
    let (batches, received) = sync_channel::<Batch>(4);
    let (recycle, recycled) = channel::<Slots>();
    let (max_tag, max_text_run, cancel) = (ctx.max_tag, ctx.max_text_run, ctx.cancel);
    std::thread::scope(|scope| {
        let scanner = std::thread::Builder::new()
            .name("feed-scan".to_owned())
            .spawn_scoped(scope, move || {
                let mut filler = Filler {
                    slots: Slots::default(),
                    format: None,
                    max_text_run,
                };
                let done = filler.scan(reader, max_tag, cancel, &batches, &recycled);
                // The receiver is gone only when the finishing side already stopped.
                let _ = batches.send(Batch::Done(done));
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
                    let _ = recycle.send(slots);
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

/// The scanning thread's half: tokens in, each item's raw fields out in batches.
struct Filler {
    slots: Slots,
    format: Option<FeedFormat>,
    max_text_run: usize,
}

impl Filler {
    fn scan<R: Read>(
        &mut self,
        reader: R,
        max_tag: usize,
        cancel: &std::sync::atomic::AtomicBool,
        batches: &SyncSender<Batch>,
        recycled: &Receiver<Slots>,
    ) -> Result<FeedFormat, FeedError> {
        let mut xml = Scanner::new(reader, max_tag);
        let mut open = OpenNames::default();
        let mut item_depth: Option<u32> = None;
        let mut capture: Option<Capture> = None;
        let mut batch: Vec<Slots> = Vec::with_capacity(BATCH);
        let gone = std::cell::Cell::new(false);
        // Before a read that may wait on the network, what is ready goes to the screen.
        let send = |batch: &mut Vec<Slots>| {
            if !batch.is_empty() {
                let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
                if batches.send(Batch::Items(full)).is_err() {
                    gone.set(true);
                }
            }
        };
        loop {
            xml.want_text(capture.as_ref().is_some_and(|c| c.active));
            let token = match xml.next_token(&mut || send(&mut batch)) {
                Ok(token) => token,
                Err(e) => return Err(scan_error(e, cancel)),
            };
            let mut item_done = false;
            match token {
                Token::Start { name, attrs, empty } => {
                    if !empty {
                        open.push(name);
                    }
                    let depth = open.depth();
                    match item_depth {
                        Some(d) if !empty && depth == d + 1 => {
                            capture = self.open_field(name, attrs);
                        }
                        Some(d) if empty && depth == d => self.empty_field(name, attrs),
                        Some(_) => {}
                        None => {
                            if self.format.is_none() {
                                self.set_root(name)?;
                            } else if is_item(name) {
                                self.slots.clear();
                                if empty {
                                    item_done = true;
                                } else {
                                    item_depth = Some(depth);
                                }
                            }
                        }
                    }
                }
                Token::End { name, position } => {
                    let depth = open.depth();
                    open.pop(name, position)?;
                    if let Some(d) = item_depth {
                        if depth == d + 1 {
                            capture = None;
                        } else if depth == d {
                            item_depth = None;
                            item_done = true;
                        }
                    }
                }
                Token::Text(text) => {
                    if let Some(c) = capture.as_ref().filter(|c| c.active) {
                        self.push(c, text, true);
                    }
                }
                Token::CData(text) => {
                    if let Some(c) = capture.as_ref().filter(|c| c.active) {
                        self.push(c, text, false);
                    }
                }
                Token::Eof => break,
            }
            if item_done {
                let mut next = recycled.try_recv().unwrap_or_default();
                next.clear();
                batch.push(std::mem::replace(&mut self.slots, next));
                if batch.len() == BATCH {
                    send(&mut batch);
                    if cancel.load(Ordering::Relaxed) {
                        return Err(FeedError::Cancelled);
                    }
                }
            }
            if gone.get() {
                return Err(stopped());
            }
        }
        send(&mut batch);
        if open.depth() > 0 {
            return Err(FeedError::NotAFeed(NotAFeed::Truncated));
        }
        self.format.ok_or(FeedError::NotAFeed(NotAFeed::EmptyBody))
    }
}

fn stopped() -> FeedError {
    FeedError::Stopped("interrompido pelo destino".to_owned())
}

fn is_item(name: &[u8]) -> bool {
    matches!(name, b"item" | b"entry")
}

fn scan_error(e: ScanError, cancel: &std::sync::atomic::AtomicBool) -> FeedError {
    if cancel.load(Ordering::Relaxed) {
        return FeedError::Cancelled;
    }
    match e {
        ScanError::Io(io) => crate::source::io_error(&io),
        ScanError::Truncated => FeedError::NotAFeed(NotAFeed::Truncated),
        ScanError::TagTooLong { position, limit } => FeedError::Malformed {
            position,
            detail: format!("marcação XML com mais de {limit} bytes"),
        },
    }
}
