//! The streaming event loop: tokens in, normalized items out to the sink.
//!
//! Only direct children of an `<item>`/`<entry>` are product fields, which is what keeps the
//! `g:price` inside a `g:shipping` or `g:installment` block from being taken as the product's.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::time::{Duration, Instant};

use memchr::memchr;

use crate::decode::check_root;
use crate::error::{FeedError, NotAFeed};
use crate::item::{Availability, Item, ProblemKind};
use crate::price::parse_price;
use crate::scan::{attributes, find_byte, ScanError, Scanner, Token};
use crate::summary::{FeedFormat, FeedSink, FeedSummary, Progress, Tally};
use crate::text::{clean_field, decode_entities, entity_char, html_to_text, squash, trim};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Description,
    Link,
    ImageLink,
    AdditionalImageLink,
    Price,
    SalePrice,
    Availability,
    ItemGroupId,
    Brand,
    Gtin,
    Mpn,
    Condition,
    ProductType,
    Category,
}

const FIELDS: usize = 16;

impl Field {
    fn of(local: &[u8]) -> Option<Field> {
        Some(match local {
            b"id" => Field::Id,
            b"title" => Field::Title,
            b"description" | b"summary" | b"content" => Field::Description,
            b"link" => Field::Link,
            b"image_link" => Field::ImageLink,
            b"additional_image_link" => Field::AdditionalImageLink,
            b"price" => Field::Price,
            b"sale_price" => Field::SalePrice,
            b"availability" => Field::Availability,
            b"item_group_id" => Field::ItemGroupId,
            b"brand" => Field::Brand,
            b"gtin" => Field::Gtin,
            b"mpn" => Field::Mpn,
            b"condition" => Field::Condition,
            b"product_type" => Field::ProductType,
            b"google_product_category" => Field::Category,
            _ => return None,
        })
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }

    /// Bytes kept of the raw text while reading; past this the field is cut and flagged.
    fn cap(self) -> usize {
        match self {
            Field::Description => 64 * 1024,
            Field::Title => 4 * 1024,
            Field::Link | Field::ImageLink | Field::AdditionalImageLink => 4 * 1024,
            _ => 1024,
        }
    }

    /// Fields that only a product feed has; a news feed has none of them.
    fn is_product_only(self) -> bool {
        !matches!(
            self,
            Field::Id | Field::Title | Field::Description | Field::Link
        )
    }
}

/// Plain-text description length kept (Google's own limit is 5,000 characters).
const DESCRIPTION_MAX: usize = 10_000;
const MAX_EXTRA_IMAGES: usize = 10;
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The raw text of one item's fields, `g:`-prefixed and plain kept apart (the prefixed wins).
/// Bytes as they came (entity references already decoded); they become text in
/// [`Slots::text`], where a stray Latin-1 byte is repaired.
#[derive(Default)]
struct Slots {
    g: [Vec<u8>; FIELDS],
    plain: [Vec<u8>; FIELDS],
    extra_images: Vec<Vec<u8>>,
    /// A bit per field, `[g, plain]`: the slot still holds entity references, decoded by the
    /// finishing thread (which has less to do than the scanning one).
    encoded: [u16; 2],
    /// A bit per field: the slot has CDATA content, which must not be decoded.
    cdata: [u16; 2],
    truncated: bool,
    product_fields: bool,
}

impl Slots {
    fn clear(&mut self) {
        for s in self.g.iter_mut().chain(self.plain.iter_mut()) {
            s.clear();
        }
        self.extra_images.clear();
        self.encoded = [0; 2];
        self.cdata = [0; 2];
        self.truncated = false;
        self.product_fields = false;
    }

    /// The field's text: the `g:` one unless it is blank, trimmed.
    fn text(&self, field: Field) -> Cow<'_, str> {
        let g = &self.g[field as usize];
        let (raw, side) = if is_blank(g) {
            (&self.plain[field as usize], 1)
        } else {
            (g, 0)
        };
        if self.encoded[side] & field.bit() != 0 {
            let mut decoded = Vec::with_capacity(raw.len());
            push_xml_text(&mut decoded, raw);
            return Cow::Owned(trim(&utf8_or_1252(&decoded)).to_owned());
        }
        match utf8_or_1252(raw) {
            Cow::Borrowed(s) => Cow::Borrowed(trim(s)),
            Cow::Owned(s) => Cow::Owned(trim(&s).to_owned()),
        }
    }
}

/// Bytes as UTF-8 text; bytes that are not UTF-8 in a document that claims to be (a Latin-1
/// export without its declaration, the commonest case) are read as Windows-1252 rather than
/// failing the whole feed.
fn utf8_or_1252(bytes: &[u8]) -> Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let mut fixed = String::with_capacity(bytes.len() + 16);
            for chunk in bytes.utf8_chunks() {
                fixed.push_str(chunk.valid());
                let (decoded, _) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
                fixed.push_str(&decoded);
            }
            Cow::Owned(fixed)
        }
    }
}

/// Only whitespace (an empty element, or one holding a line break).
fn is_blank(bytes: &[u8]) -> bool {
    match bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(i) => {
            bytes[i] >= 0x80 && std::str::from_utf8(&bytes[i..]).is_ok_and(|s| s.trim().is_empty())
        }
    }
}

/// Appends character data, decoding entity references. Unknown references and a bare `&`
/// stay as written; nothing a DTD declares is known, which defuses entity bombs.
fn push_xml_text(slot: &mut Vec<u8>, text: &[u8]) {
    let mut rest = text;
    while let Some(amp) = find_byte(b'&', rest) {
        slot.extend_from_slice(&rest[..amp]);
        let after = &rest[amp + 1..];
        // The escaped HTML of a description is mostly `&lt;` and `&gt;`.
        let predefined = match after {
            [b'l', b't', b';', ..] => Some((b'<', 3)),
            [b'g', b't', b';', ..] => Some((b'>', 3)),
            [b'a', b'm', b'p', b';', ..] => Some((b'&', 4)),
            [b'q', b'u', b'o', b't', b';', ..] => Some((b'"', 5)),
            _ => None,
        };
        if let Some((byte, len)) = predefined {
            slot.push(byte);
            rest = &after[len..];
            continue;
        }
        let decoded = after
            .iter()
            .take(32)
            .position(|&b| b == b';')
            .filter(|&end| end > 0)
            .and_then(|end| {
                let c = std::str::from_utf8(&after[..end])
                    .ok()
                    .and_then(entity_char)?;
                Some((end, c))
            });
        match decoded {
            Some((end, c)) => {
                let mut utf8 = [0; 4];
                slot.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
                rest = &after[end + 1..];
            }
            None => {
                slot.push(b'&');
                rest = after;
            }
        }
    }
    slot.extend_from_slice(rest);
}

/// Where text goes while inside a field element.
struct Capture {
    field: Field,
    google: bool,
    /// False when an earlier occurrence already filled the slot (first one wins).
    active: bool,
}

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

    /// Closes the innermost element; `Err` with its name when `name` is not it.
    fn pop(&mut self, name: &[u8]) -> Result<(), String> {
        let Some(&end) = self.ends.last() else {
            return Err(String::new());
        };
        let start = self.ends.len().checked_sub(2).map_or(0, |i| self.ends[i]);
        let open = &self.bytes[start..end];
        if open != name {
            return Err(String::from_utf8_lossy(open).into_owned());
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
        positions: 0,
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
        let kind = if finisher.positions == 0 {
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
                    if let Err(expected) = open.pop(name) {
                        return Err(mismatched(position, name, &expected));
                    }
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

/// Splits `g:price` into (is Google's, local name). Any other prefix is someone else's field.
fn split_name(name: &[u8]) -> Option<(bool, &[u8])> {
    match name {
        [b'g', b':', local @ ..] => Some((true, local)),
        _ if find_byte(b':', name).is_some() => None,
        _ => Some((false, name)),
    }
}

fn mismatched(position: u64, name: &[u8], expected: &str) -> FeedError {
    let name = String::from_utf8_lossy(name);
    let detail = if expected.is_empty() {
        format!("</{name}> fecha um elemento que não foi aberto")
    } else {
        format!("</{name}> fecha <{expected}>")
    };
    FeedError::Malformed { position, detail }
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

struct Finisher {
    tally: Tally,
    seen_ids: HashSet<u64>,
    positions: u32,
    any_product_fields: bool,
}

impl Filler {
    fn set_root(&mut self, name: &[u8]) -> Result<(), FeedError> {
        let name = String::from_utf8_lossy(name);
        check_root(&name)?;
        self.format = Some(if name.ends_with("feed") {
            FeedFormat::Atom
        } else {
            FeedFormat::Rss
        });
        Ok(())
    }
    fn slot(&mut self, c: &Capture) -> &mut Vec<u8> {
        let slots = &mut self.slots;
        if c.field == Field::AdditionalImageLink {
            if slots.extra_images.is_empty() {
                slots.extra_images.push(Vec::new());
            }
            let last = slots.extra_images.len() - 1;
            return &mut slots.extra_images[last];
        }
        if c.google {
            &mut slots.g[c.field as usize]
        } else {
            &mut slots.plain[c.field as usize]
        }
    }

    /// Adds a piece of the field's text (`xml`: character data, whose references are decoded;
    /// otherwise CDATA, taken as is). Past the field's cap the rest is dropped and flagged.
    fn push(&mut self, c: &Capture, text: &[u8], xml: bool) {
        let cap = c.field.cap().min(self.max_text_run);
        if c.field == Field::AdditionalImageLink {
            let slot = self.slot(c);
            if xml {
                push_xml_text(slot, text);
            } else {
                slot.extend_from_slice(text);
            }
            if slot.len() > cap {
                slot.truncate(cap);
            }
            return;
        }
        let Slots {
            g,
            plain,
            encoded,
            cdata,
            truncated,
            ..
        } = &mut self.slots;
        let (slot, side) = if c.google {
            (&mut g[c.field as usize], 0)
        } else {
            (&mut plain[c.field as usize], 1)
        };
        let bit = c.field.bit();
        if slot.len() >= cap {
            *truncated = true;
            return;
        }
        if xml {
            if cdata[side] & bit != 0 {
                push_xml_text(slot, text);
            } else {
                // Kept as written: references are decoded when the item is finished.
                if find_byte(b'&', text).is_some() {
                    encoded[side] |= bit;
                }
                slot.extend_from_slice(text);
            }
        } else {
            if encoded[side] & bit != 0 {
                // Text then CDATA in one field (rare): decode what came before now.
                let before = std::mem::take(slot);
                push_xml_text(slot, &before);
                encoded[side] &= !bit;
            }
            cdata[side] |= bit;
            slot.extend_from_slice(text);
        }
        if slot.len() > cap {
            // Cut on a character boundary (a UTF-8 continuation byte is never a start).
            let mut end = cap;
            while end > 0 && slot[end] & 0xC0 == 0x80 {
                end -= 1;
            }
            slot.truncate(end);
            *truncated = true;
        }
    }

    fn open_field(&mut self, name: &[u8], attrs: &[u8]) -> Option<Capture> {
        let (google, local) = split_name(name)?;
        if google {
            self.slots.product_fields = true;
        }
        let field = Field::of(local)?;
        if field.is_product_only() {
            self.slots.product_fields = true;
        }
        if field == Field::Link && !google {
            // Atom: <link rel="alternate" href="..."> (with or without a body).
            self.atom_link(attrs);
        }
        let active = if field == Field::AdditionalImageLink {
            if self.slots.extra_images.len() < MAX_EXTRA_IMAGES {
                self.slots.extra_images.push(Vec::new());
                true
            } else {
                false
            }
        } else {
            let slot = if google {
                &mut self.slots.g[field as usize]
            } else {
                &mut self.slots.plain[field as usize]
            };
            // An earlier whitespace-only occurrence is discarded.
            let blank = is_blank(slot);
            if blank {
                slot.clear();
                let side = usize::from(!google);
                self.slots.encoded[side] &= !field.bit();
                self.slots.cdata[side] &= !field.bit();
            }
            blank
        };
        Some(Capture {
            field,
            google,
            active,
        })
    }

    fn empty_field(&mut self, name: &[u8], attrs: &[u8]) {
        let Some((google, local)) = split_name(name) else {
            return;
        };
        if google {
            self.slots.product_fields = true;
        }
        if local == b"link" && !google {
            self.atom_link(attrs);
        }
    }

    fn atom_link(&mut self, attrs: &[u8]) {
        let mut href = None;
        let mut alternate = true;
        for (key, value) in attributes(attrs) {
            match key {
                b"href" => href = Some(decode_entities(&utf8_or_1252(value))),
                b"rel" => alternate = value == b"alternate",
                _ => {}
            }
        }
        if let (Some(href), true) = (href, alternate) {
            let slot = &mut self.slots.plain[Field::Link as usize];
            if is_blank(slot) {
                *slot = href.into_bytes();
            }
        }
    }
}

impl Finisher {
    fn progress(
        &self,
        bytes_read: &std::sync::atomic::AtomicU64,
        bytes_total: Option<u64>,
    ) -> Progress {
        Progress {
            bytes_done: bytes_read.load(Ordering::Relaxed),
            bytes_total,
            items: self.tally.items,
            skipped: self.tally.skipped,
        }
    }

    /// Validates the collected fields; delivers the item or records why it was skipped.
    fn finish_item(
        &mut self,
        s: &Slots,
        sink: &mut dyn FeedSink,
    ) -> Result<ControlFlow<()>, FeedError> {
        self.positions += 1;
        let position = self.positions;
        self.any_product_fields |= s.product_fields;
        let tally = &mut self.tally;

        let id = clean_field(&s.text(Field::Id));
        if id.is_empty() {
            tally.skipped += 1;
            tally.problem(position, None, ProblemKind::MissingId, None);
            return Ok(ControlFlow::Continue(()));
        }
        let raw_price = s.text(Field::Price);
        let price = if raw_price.is_empty() {
            tally.skipped += 1;
            tally.problem(position, Some(&id), ProblemKind::MissingPrice, None);
            return Ok(ControlFlow::Continue(()));
        } else {
            match parse_price(&raw_price) {
                Some(price) => price,
                None => {
                    tally.skipped += 1;
                    tally.problem(
                        position,
                        Some(&id),
                        ProblemKind::UnreadablePrice,
                        Some(&raw_price),
                    );
                    return Ok(ControlFlow::Continue(()));
                }
            }
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut hasher);
        if !self.seen_ids.insert(hasher.finish()) {
            tally.skipped += 1;
            tally.problem(position, Some(&id), ProblemKind::DuplicateId, None);
            return Ok(ControlFlow::Continue(()));
        }
        if id.chars().count() > 50 {
            tally.problem(position, Some(&id), ProblemKind::IdTooLong, None);
        }

        let title = clean_field(&s.text(Field::Title));
        if title.is_empty() {
            tally.problem(position, Some(&id), ProblemKind::MissingTitle, None);
        }
        let raw_description = s.text(Field::Description);
        let (description, cut) = html_to_text(&raw_description, DESCRIPTION_MAX);
        if s.truncated || cut {
            tally.problem(position, Some(&id), ProblemKind::FieldTruncated, None);
        }

        let link = squash(&s.text(Field::Link));
        check_url(tally, position, &id, &link);
        let image_link = squash(&s.text(Field::ImageLink));
        if image_link.is_empty() {
            tally.problem(position, Some(&id), ProblemKind::MissingImage, None);
        } else {
            check_url(tally, position, &id, &image_link);
        }
        let additional_image_links: Vec<String> = s
            .extra_images
            .iter()
            .map(|u| squash(&utf8_or_1252(u)))
            .filter(|u| !u.is_empty())
            .collect();

        let raw_sale = s.text(Field::SalePrice);
        let sale = if raw_sale.is_empty() {
            None
        } else {
            let sale = parse_price(&raw_sale);
            if sale.is_none() {
                tally.problem(
                    position,
                    Some(&id),
                    ProblemKind::UnreadableSalePrice,
                    Some(&raw_sale),
                );
            }
            sale
        };

        let raw_availability = squash(&s.text(Field::Availability));
        let (availability, availability_raw) = match Availability::parse(&raw_availability) {
            Some(a) => (a, None),
            None => {
                tally.problem(
                    position,
                    Some(&id),
                    ProblemKind::UnknownAvailability,
                    (!raw_availability.is_empty()).then_some(raw_availability.as_str()),
                );
                let raw = (!raw_availability.is_empty()).then_some(raw_availability);
                (Availability::Unknown, raw)
            }
        };
        let optional = |field: Field| -> Option<String> {
            let value = clean_field(&s.text(field));
            (!value.is_empty()).then_some(value)
        };
        let item = Item {
            position,
            currency: price
                .currency
                .or_else(|| sale.as_ref().and_then(|p| p.currency.clone())),
            price_cents: price.cents,
            sale_price_cents: sale.map(|p| p.cents),
            id,
            title,
            description,
            link,
            image_link,
            additional_image_links,
            availability,
            availability_raw,
            item_group_id: optional(Field::ItemGroupId),
            brand: optional(Field::Brand),
            gtin: optional(Field::Gtin),
            mpn: optional(Field::Mpn),
            condition: optional(Field::Condition),
            product_type: optional(Field::ProductType),
            google_product_category: optional(Field::Category),
        };
        tally.items += 1;
        tally.in_stock += u32::from(item.availability == Availability::InStock);
        tally.with_sale_price += u32::from(item.sale_price_cents.is_some());
        tally.with_image += u32::from(!item.image_link.is_empty());
        if let Some(group) = &item.item_group_id {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            group.hash(&mut hasher);
            tally.groups.insert(hasher.finish());
        }
        Ok(sink.item(item))
    }
}

fn check_url(tally: &mut Tally, position: u32, id: &str, url: &str) {
    if url.is_empty() {
        return;
    }
    let bytes = url.as_bytes();
    let scheme = |s: &[u8]| bytes.len() >= s.len() && bytes[..s.len()].eq_ignore_ascii_case(s);
    let scheme_len = if scheme(b"https://") {
        8
    } else if scheme(b"http://") {
        7
    } else {
        0
    };
    if scheme_len > 0 {
        let host = &bytes[scheme_len..];
        if host.is_empty()
            || host.starts_with(b"/")
            || host.starts_with(b"://")
            || memchr(b' ', bytes).is_some()
        {
            tally.problem(position, Some(id), ProblemKind::MalformedUrl, Some(url));
        }
    } else if url.starts_with('/')
        || !url.contains("://") && !url.contains(' ') && url.contains('.')
    {
        tally.problem(position, Some(id), ProblemKind::RelativeUrl, Some(url));
    } else {
        tally.problem(position, Some(id), ProblemKind::MalformedUrl, Some(url));
    }
}
