//! The scanning thread: the document walked with quick-xml, each item's raw fields handed on in
//! batches.
//!
//! quick-xml reads all markup: tags and their attributes, end tags (checked against their
//! start), comments, processing instructions and the DOCTYPE, whose entities are never
//! expanded. Character data and CDATA sections are taken straight from its input instead
//! (`Reader::stream`, which quick-xml offers for this): its buffered reader returns a text
//! node whole, and a description may be megabytes long. Here they pass in pieces of the one
//! input buffer, and a field keeps at most its cap, so memory stays flat.

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use memchr::{memchr, memmem, memrchr};
use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::fields::{Capture, Slots};
use super::input::{BeforeWait, Input, MarkupTooLong};
use super::{stopped, Batch, Filler, Limits};
use crate::error::{FeedError, FeedLimit, NotAFeed};
use crate::summary::FeedFormat;

/// Items handed from the scanning thread to the finishing one at a time: enough to make the
/// hand-over cheap, few enough that the first products show at once.
const BATCH: usize = 64;
/// A batch also goes once its fields weigh this much, so items with huge fields cannot pile up.
const BATCH_BYTES: usize = 1024 * 1024;
/// A text piece handed to a field never ends inside what may be an entity reference (`&` and up
/// to this many bytes), so a piece can be decoded on its own.
const ENTITY_MAX: usize = 32;

/// Finished items waiting to be handed to the finishing thread.
pub(super) struct Outbox {
    batch: Vec<Slots>,
    weight: usize,
    sender: SyncSender<Batch>,
    /// The finishing side stopped listening (it returned early).
    pub(super) gone: bool,
}

impl Outbox {
    pub(super) fn new(sender: SyncSender<Batch>) -> Outbox {
        Outbox {
            batch: Vec::with_capacity(BATCH),
            weight: 0,
            sender,
            gone: false,
        }
    }

    fn push(&mut self, slots: Slots) {
        self.weight += slots.weight(false);
        self.batch.push(slots);
        if self.batch.len() == BATCH || self.weight >= BATCH_BYTES {
            self.send();
        }
    }

    fn send(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.weight = 0;
        if self.sender.send(Batch::Items(full)).is_err() {
            self.gone = true;
        }
    }

    /// The end of the walk: the last items (on success) and the outcome.
    pub(super) fn done(&mut self, done: Result<FeedFormat, FeedError>) {
        if done.is_ok() {
            self.send();
        }
        // The receiver is gone only when the finishing side already stopped.
        let _ = self.sender.send(Batch::Done(done));
    }
}

impl BeforeWait for Outbox {
    /// What is ready goes to the screen before the read that may wait on the network.
    fn before_wait(&mut self) {
        self.send();
    }
}

type Xml<R> = Reader<Input<R, Outbox>>;

/// What comes next in the document.
enum Next {
    /// Markup for quick-xml: a tag, an end tag, a comment, a PI, a declaration.
    Markup,
    Text,
    CData,
    /// A `<` that starts no markup ("preço < 10"): sloppy, but only text.
    StrayLt,
    End,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_item(name: &[u8]) -> bool {
    matches!(name, b"item" | b"entry")
}

/// Where the walk is: open elements, the item being read, the field taking text.
struct Place {
    depth: u32,
    item_depth: Option<u32>,
    capture: Option<Capture>,
    /// Items met so far, kept or not.
    items: u32,
    limits: Limits,
}

impl Filler {
    pub(super) fn scan<R: Read>(
        &mut self,
        xml: &mut Xml<R>,
        limits: Limits,
        cancel: &AtomicBool,
        recycled: &Receiver<Slots>,
    ) -> Result<FeedFormat, FeedError> {
        let mut buf = Vec::new();
        let mut at = Place {
            depth: 0,
            item_depth: None,
            capture: None,
            items: 0,
            limits,
        };
        loop {
            let next = match next(xml.get_mut()) {
                Ok(next) => next,
                Err(e) => return Err(io_error(&e, cancel)),
            };
            let capture = at.capture.as_ref().filter(|c| c.active);
            let mut item_done = false;
            match next {
                Next::End => break,
                Next::Text => self.text(xml, capture).map_err(|e| io_error(&e, cancel))?,
                Next::CData => self.cdata(xml, capture).map_err(|e| io_error(&e, cancel))?,
                Next::StrayLt => {
                    if let Some(c) = capture {
                        self.push(c, b"<", true);
                    }
                    xml.stream().consume(1);
                }
                Next::Markup => {
                    xml.get_mut().limit_markup(Some(limits.tag));
                    let event = xml.read_event_into(&mut buf);
                    xml.get_mut().limit_markup(None);
                    let event = match event {
                        Ok(event) => event,
                        Err(e) => return Err(xml_error(e, xml, limits.tag, cancel)),
                    };
                    item_done = self.event(event, &mut at)?;
                    buf.clear();
                }
            }
            if item_done {
                let mut next = recycled.try_recv().unwrap_or_default();
                next.clear();
                let outbox = &mut xml.get_mut().wait;
                outbox.push(std::mem::replace(&mut self.slots, next));
                if cancel.load(Ordering::Relaxed) {
                    return Err(FeedError::Cancelled);
                }
            }
            if xml.get_ref().wait.gone {
                return Err(stopped());
            }
        }
        if at.depth > 0 {
            return Err(FeedError::NotAFeed(NotAFeed::Truncated));
        }
        self.format.ok_or(FeedError::NotAFeed(NotAFeed::EmptyBody))
    }

    /// One piece of markup read by quick-xml; true when it ended an item.
    fn event(&mut self, event: Event<'_>, at: &mut Place) -> Result<bool, FeedError> {
        match event {
            Event::Start(tag) => {
                at.depth += 1;
                if at.depth > at.limits.depth {
                    let limit = at.limits.depth;
                    return Err(FeedError::Limit(FeedLimit::Depth { limit }));
                }
                match at.item_depth {
                    Some(d) if at.depth == d + 1 => at.capture = self.open_field(&tag),
                    Some(_) => {}
                    None => {
                        self.element_outside_items(tag.name().0.as_bytes(), at, false)?;
                    }
                }
            }
            Event::Empty(tag) => match at.item_depth {
                Some(d) if at.depth == d => self.empty_field(&tag),
                Some(_) => {}
                None => return self.element_outside_items(tag.name().0.as_bytes(), at, true),
            },
            Event::End(_) => {
                // quick-xml has checked that it closes the innermost open element.
                let closed = at.depth;
                at.depth = at.depth.saturating_sub(1);
                if let Some(d) = at.item_depth {
                    if closed == d + 1 {
                        at.capture = None;
                    } else if closed == d {
                        at.item_depth = None;
                        return Ok(true);
                    }
                }
            }
            // Text and CDATA are read before quick-xml sees them (see `next`); these arms only
            // keep the reader whole should it hand one out.
            Event::Text(text) => {
                if let Some(c) = at.capture.as_ref().filter(|c| c.active) {
                    self.push(c, text.as_bytes(), true);
                }
            }
            Event::GeneralRef(name) => {
                if let Some(c) = at.capture.as_ref().filter(|c| c.active) {
                    self.push(c, format!("&{};", &*name).as_bytes(), true);
                }
            }
            Event::CData(text) => {
                if let Some(c) = at.capture.as_ref().filter(|c| c.active) {
                    self.push(c, text.as_bytes(), false);
                }
            }
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
            Event::Eof => {}
        }
        Ok(false)
    }

    /// An element outside any item: the root tells the format; an `<item>` or `<entry>` starts
    /// a product. True when it was a whole (empty) item.
    fn element_outside_items(
        &mut self,
        name: &[u8],
        at: &mut Place,
        empty: bool,
    ) -> Result<bool, FeedError> {
        if self.format.is_none() {
            self.set_root(name)?;
        } else if is_item(name) {
            at.items += 1;
            if at.items > at.limits.items {
                let limit = at.limits.items;
                return Err(FeedError::Limit(FeedLimit::Items { limit }));
            }
            self.slots.clear();
            if empty {
                return Ok(true);
            }
            at.item_depth = Some(at.depth);
        }
        Ok(false)
    }

    /// Character data up to the next `<`, in pieces of the input buffer; kept only inside a
    /// field.
    fn text<R: Read>(
        &mut self,
        xml: &mut Xml<R>,
        capture: Option<&Capture>,
    ) -> std::io::Result<()> {
        let mut stream = xml.stream();
        loop {
            let available = stream.get_mut().available()?;
            if available.is_empty() {
                return Ok(());
            }
            let (run, done) = match memchr(b'<', available) {
                Some(i) => (i, true),
                None => (available.len(), false),
            };
            let Some(c) = capture else {
                stream.consume(run);
                if done {
                    return Ok(());
                }
                continue;
            };
            let piece = if done {
                run
            } else {
                // Keep back a reference the buffer's end may have cut (`&ea|cute;`).
                let tail = run.saturating_sub(ENTITY_MAX);
                match memrchr(b'&', &available[tail..]) {
                    Some(amp) if memchr(b';', &available[tail + amp..]).is_none() => tail + amp,
                    _ => run,
                }
            };
            if piece == 0 && !done {
                // Only the start of a reference is here: read on (to the end, if it is one).
                let had = available.len();
                if stream.get_mut().ensure(had + ENTITY_MAX)?.len() == had {
                    self.push(c, stream.get_mut().available()?, true);
                    stream.consume(had);
                    return Ok(());
                }
                continue;
            }
            self.push(c, &available[..piece], true);
            stream.consume(piece);
            if done {
                return Ok(());
            }
        }
    }

    /// A CDATA section (after `<![CDATA[`), in pieces; kept only inside a field.
    fn cdata<R: Read>(
        &mut self,
        xml: &mut Xml<R>,
        capture: Option<&Capture>,
    ) -> std::io::Result<()> {
        let mut stream = xml.stream();
        stream.consume(b"<![CDATA[".len());
        loop {
            let available = stream.get_mut().available()?;
            if available.is_empty() {
                return Err(truncated());
            }
            if let Some(i) = memmem::find(available, b"]]>") {
                if let Some(c) = capture {
                    self.push(c, &available[..i], false);
                }
                stream.consume(i + 3);
                return Ok(());
            }
            // The last `]]` may start the terminator: they wait for the next read.
            let brackets = available.iter().rev().take(2).filter(|&&b| b == b']');
            let piece = available.len() - brackets.count();
            if piece == 0 {
                let had = available.len();
                if stream.get_mut().ensure(had + 1)?.len() == had {
                    return Err(truncated());
                }
                continue;
            }
            if let Some(c) = capture {
                self.push(c, &available[..piece], false);
            }
            stream.consume(piece);
        }
    }
}

/// The document ended inside a CDATA section.
fn truncated() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "document ends inside CDATA",
    )
}

/// Looks at what comes next, reading no further than needed to tell: a tag that ends the bytes
/// received so far (the last product before a network pause) is read at once.
fn next<R: Read>(input: &mut Input<R, Outbox>) -> std::io::Result<Next> {
    let head = input.available()?;
    match head.first() {
        None => return Ok(Next::End),
        Some(b'<') => {}
        Some(_) => return Ok(Next::Text),
    }
    let head = input.ensure(2)?;
    Ok(match head.get(1).copied() {
        // A lone `<` at the very end: quick-xml says the document is cut.
        None => Next::Markup,
        Some(b'!') => {
            let head = input.ensure(9)?;
            if head.starts_with(b"<![CDATA[") {
                Next::CData
            } else if head.len() > 2 && b"<![CDATA[".starts_with(head) {
                // Cut inside `<![CDATA[`. A bare `<!` at the end goes to quick-xml, which
                // calls it broken markup, as the borrowed-mode reference does.
                return Err(truncated());
            } else {
                Next::Markup
            }
        }
        Some(b'/' | b'?') => Next::Markup,
        Some(b) if is_name_start(b) => Next::Markup,
        Some(_) => Next::StrayLt,
    })
}

fn io_error(e: &std::io::Error, cancel: &AtomicBool) -> FeedError {
    if cancel.load(Ordering::Relaxed) {
        return FeedError::Cancelled;
    }
    crate::open::io_error(e)
}

/// What quick-xml refused, in the reader's terms.
fn xml_error<R: Read>(e: XmlError, xml: &Xml<R>, max_tag: usize, cancel: &AtomicBool) -> FeedError {
    let position = xml.error_position();
    let malformed = |detail: String| FeedError::Malformed { position, detail };
    match e {
        XmlError::Io(io) if io.get_ref().is_some_and(|e| e.is::<MarkupTooLong>()) => {
            FeedError::Limit(FeedLimit::Tag {
                limit: max_tag,
                position,
            })
        }
        XmlError::Io(io) => io_error(&io, cancel),
        // `<!` followed by neither `--`, `[CDATA[` nor `DOCTYPE` is broken markup; every other
        // syntax error is markup the document ends inside of.
        XmlError::Syntax(SyntaxError::InvalidBangMarkup) => {
            malformed("`<!` starts no comment, CDATA or DOCTYPE".to_owned())
        }
        XmlError::Syntax(_) => FeedError::NotAFeed(NotAFeed::Truncated),
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            malformed(format!("</{found}> closes <{expected}>"))
        }
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
            malformed(format!("</{found}> closes no open element"))
        }
        other => malformed(other.to_string()),
    }
}
