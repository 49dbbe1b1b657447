//! The streaming event loop: XML events in, normalized items out to the sink.
//!
//! Only direct children of an `<item>`/`<entry>` are product fields, which is what keeps the
//! `g:price` inside a `g:shipping` or `g:installment` block from being taken as the product's.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::bounded::BoundedXml;
use crate::decode::check_root;
use crate::error::{FeedError, NotAFeed};
use crate::item::{Availability, Item, ProblemKind};
use crate::price::parse_price;
use crate::summary::{FeedFormat, FeedSink, FeedSummary, Progress, Tally};
use crate::text::{clean_field, decode_entities, html_to_text, push_entity, squash, truncate_to};

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
    fn of(local: &str) -> Option<Field> {
        Some(match local {
            "id" => Field::Id,
            "title" => Field::Title,
            "description" | "summary" | "content" => Field::Description,
            "link" => Field::Link,
            "image_link" => Field::ImageLink,
            "additional_image_link" => Field::AdditionalImageLink,
            "price" => Field::Price,
            "sale_price" => Field::SalePrice,
            "availability" => Field::Availability,
            "item_group_id" => Field::ItemGroupId,
            "brand" => Field::Brand,
            "gtin" => Field::Gtin,
            "mpn" => Field::Mpn,
            "condition" => Field::Condition,
            "product_type" => Field::ProductType,
            "google_product_category" => Field::Category,
            _ => return None,
        })
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
#[derive(Default)]
struct Slots {
    g: [String; FIELDS],
    plain: [String; FIELDS],
    extra_images: Vec<String>,
    truncated: bool,
    product_fields: bool,
}

impl Slots {
    fn clear(&mut self) {
        for s in self.g.iter_mut().chain(self.plain.iter_mut()) {
            s.clear();
        }
        self.extra_images.clear();
        self.truncated = false;
        self.product_fields = false;
    }

    fn get(&self, field: Field) -> &str {
        let g = self.g[field as usize].trim();
        if g.is_empty() {
            self.plain[field as usize].trim()
        } else {
            g
        }
    }
}

/// Where text goes while inside a field element.
struct Capture {
    field: Field,
    google: bool,
    /// False when an earlier occurrence already filled the slot (first one wins).
    active: bool,
    cuts_at_start: u64,
}

pub(crate) struct Ctx<'a> {
    pub sink: &'a mut dyn FeedSink,
    pub max_problems: usize,
    pub bytes_read: &'a std::sync::atomic::AtomicU64,
    pub bytes_total: Option<u64>,
    pub cancel: &'a std::sync::atomic::AtomicBool,
}

pub(crate) fn parse<R: Read>(
    reader: BoundedXml<R>,
    ctx: Ctx<'_>,
) -> Result<FeedSummary, FeedError> {
    let mut xml = Reader::from_reader(reader);
    {
        let config = xml.config_mut();
        config.allow_dangling_amp = true;
        config.check_end_names = true;
        config.trim_text(false);
    }
    let mut state = State {
        tally: Tally::new(ctx.max_problems),
        seen_ids: HashSet::new(),
        format: None,
        positions: 0,
        any_product_fields: false,
        slots: Slots::default(),
    };
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut depth: u32 = 0;
    let mut item_depth: Option<u32> = None;
    let mut capture: Option<Capture> = None;
    let mut last_progress = Instant::now();
    let sink = ctx.sink;

    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => return Err(xml_error(e, xml.buffer_position(), depth, ctx.cancel)),
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                match item_depth {
                    Some(d) if depth == d + 1 => {
                        capture = state.open_field(&e, xml.get_ref().cuts());
                    }
                    Some(_) => {}
                    None => {
                        if state.format.is_none() {
                            state.set_root(&e)?;
                        } else if is_item(&e) {
                            item_depth = Some(depth);
                            state.slots.clear();
                        }
                    }
                }
            }
            Event::Empty(e) => match item_depth {
                Some(d) if depth == d => {
                    state.empty_field(&e);
                }
                Some(_) => {}
                None => {
                    if state.format.is_none() {
                        state.set_root(&e)?;
                    } else if is_item(&e) {
                        state.slots.clear();
                        if state.finish_item(sink)?.is_break() {
                            return Err(FeedError::Stopped("interrompido pelo destino".to_owned()));
                        }
                    }
                }
            },
            Event::End(_) => {
                if let Some(d) = item_depth {
                    if depth == d + 1 {
                        if let Some(c) = capture.take() {
                            if c.active && xml.get_ref().cuts() != c.cuts_at_start {
                                state.slots.truncated = true;
                            }
                        }
                    } else if depth == d {
                        item_depth = None;
                        if state.finish_item(sink)?.is_break() {
                            return Err(FeedError::Stopped("interrompido pelo destino".to_owned()));
                        }
                        if state.positions % 128 == 0 {
                            if ctx.cancel.load(Ordering::Relaxed) {
                                return Err(FeedError::Cancelled);
                            }
                            if last_progress.elapsed() >= PROGRESS_EVERY {
                                last_progress = Instant::now();
                                sink.progress(&state.progress(ctx.bytes_read, ctx.bytes_total));
                            }
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if let Some(c) = capture.as_ref().filter(|c| c.active) {
                    state.slots.push_text(c, &t);
                }
            }
            Event::CData(t) => {
                if let Some(c) = capture.as_ref().filter(|c| c.active) {
                    state.slots.push_text(c, &t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = capture.as_ref().filter(|c| c.active) {
                    let name: &str = &r;
                    let slot = state.slots.slot(c);
                    if !push_entity(name, slot) {
                        slot.push('&');
                        slot.push_str(name);
                        slot.push(';');
                    }
                }
            }
            Event::Eof => break,
            // Declarations, comments, PIs and the DOCTYPE carry nothing for us; entities
            // a DOCTYPE declares are never expanded.
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    if depth > 0 {
        return Err(FeedError::NotAFeed(NotAFeed::Truncated));
    }
    let Some(format) = state.format else {
        return Err(FeedError::NotAFeed(NotAFeed::EmptyBody));
    };
    if state.tally.items == 0 {
        let kind = if state.positions == 0 {
            NotAFeed::NoItems
        } else if !state.any_product_fields {
            NotAFeed::NewsFeed
        } else {
            NotAFeed::NoUsableItems
        };
        return Err(FeedError::NotAFeed(kind));
    }
    sink.progress(&state.progress(ctx.bytes_read, ctx.bytes_total));
    let bytes = ctx.bytes_read.load(Ordering::Relaxed);
    Ok(state.tally.finish(format, bytes))
}

fn is_item(e: &BytesStart<'_>) -> bool {
    matches!(e.name().as_ref(), "item" | "entry")
}

/// Splits `g:price` into (is Google's, local name). Any other prefix is someone else's field.
fn split_name(name: &str) -> Option<(bool, &str)> {
    match memchr::memchr(b':', name.as_bytes()) {
        None => Some((false, name)),
        Some(i) if &name[..i] == "g" => Some((true, &name[i + 1..])),
        Some(_) => None,
    }
}

fn xml_error(
    e: quick_xml::Error,
    position: u64,
    depth: u32,
    cancel: &std::sync::atomic::AtomicBool,
) -> FeedError {
    if cancel.load(Ordering::Relaxed) {
        return FeedError::Cancelled;
    }
    match e {
        quick_xml::Error::Io(io) => crate::source::io_error(&io),
        quick_xml::Error::Syntax(s) => {
            let text = s.to_string();
            if text.contains("unclosed")
                || text.contains("Unclosed")
                || depth > 0 && text.contains("end of")
            {
                FeedError::NotAFeed(NotAFeed::Truncated)
            } else {
                FeedError::Malformed {
                    position,
                    detail: text,
                }
            }
        }
        other => FeedError::Malformed {
            position,
            detail: other.to_string(),
        },
    }
}

impl Slots {
    fn slot(&mut self, c: &Capture) -> &mut String {
        if c.field == Field::AdditionalImageLink {
            if self.extra_images.is_empty() {
                self.extra_images.push(String::new());
            }
            let last = self.extra_images.len() - 1;
            return &mut self.extra_images[last];
        }
        if c.google {
            &mut self.g[c.field as usize]
        } else {
            &mut self.plain[c.field as usize]
        }
    }

    fn push_text(&mut self, c: &Capture, text: &str) {
        let cap = c.field.cap();
        let slot = self.slot(c);
        if slot.len() >= cap {
            self.truncated = true;
            return;
        }
        slot.push_str(text);
        if truncate_to(slot, cap) {
            self.truncated = true;
        }
    }
}

struct State {
    tally: Tally,
    seen_ids: HashSet<u64>,
    format: Option<FeedFormat>,
    positions: u32,
    any_product_fields: bool,
    slots: Slots,
}

impl State {
    fn set_root(&mut self, e: &BytesStart<'_>) -> Result<(), FeedError> {
        let name = e.name().as_ref().to_owned();
        check_root(&name)?;
        self.format = Some(if name.ends_with("feed") {
            FeedFormat::Atom
        } else {
            FeedFormat::Rss
        });
        Ok(())
    }

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

    fn open_field(&mut self, e: &BytesStart<'_>, cuts: u64) -> Option<Capture> {
        let name = e.name();
        let (google, local) = split_name(name.as_ref())?;
        if google {
            self.slots.product_fields = true;
        }
        let field = Field::of(local)?;
        if field.is_product_only() {
            self.slots.product_fields = true;
        }
        if field == Field::Link && !google {
            // Atom: <link rel="alternate" href="..."> (with or without a body).
            self.atom_link(e);
        }
        let active = if field == Field::AdditionalImageLink {
            if self.slots.extra_images.len() < MAX_EXTRA_IMAGES {
                self.slots.extra_images.push(String::new());
                true
            } else {
                false
            }
        } else {
            let slot = if google {
                &self.slots.g[field as usize]
            } else {
                &self.slots.plain[field as usize]
            };
            slot.trim().is_empty()
        };
        if active && field != Field::AdditionalImageLink {
            // An earlier whitespace-only occurrence is discarded.
            let slot = if google {
                &mut self.slots.g[field as usize]
            } else {
                &mut self.slots.plain[field as usize]
            };
            slot.clear();
        }
        Some(Capture {
            field,
            google,
            active,
            cuts_at_start: cuts,
        })
    }

    fn empty_field(&mut self, e: &BytesStart<'_>) {
        let name = e.name();
        let Some((google, local)) = split_name(name.as_ref()) else {
            return;
        };
        if google {
            self.slots.product_fields = true;
        }
        if local == "link" && !google {
            self.atom_link(e);
        }
    }

    fn atom_link(&mut self, e: &BytesStart<'_>) {
        let mut href = None;
        let mut alternate = true;
        for attr in e.attributes().with_checks(false).flatten() {
            match attr.key.as_ref() {
                "href" => href = Some(decode_entities(&attr.value)),
                "rel" => alternate = attr.value.as_ref() == "alternate",
                _ => {}
            }
        }
        if let (Some(href), true) = (href, alternate) {
            let slot = &mut self.slots.plain[Field::Link as usize];
            if slot.trim().is_empty() {
                *slot = href;
            }
        }
    }

    /// Validates the collected fields; delivers the item or records why it was skipped.
    fn finish_item(&mut self, sink: &mut dyn FeedSink) -> Result<ControlFlow<()>, FeedError> {
        self.positions += 1;
        let position = self.positions;
        self.any_product_fields |= self.slots.product_fields;
        let s = &self.slots;
        let tally = &mut self.tally;

        let id = clean_field(s.get(Field::Id));
        if id.is_empty() {
            tally.skipped += 1;
            tally.problem(position, None, ProblemKind::MissingId, None);
            return Ok(ControlFlow::Continue(()));
        }
        let raw_price = s.get(Field::Price);
        let price = if raw_price.is_empty() {
            tally.skipped += 1;
            tally.problem(position, Some(&id), ProblemKind::MissingPrice, None);
            return Ok(ControlFlow::Continue(()));
        } else {
            match parse_price(raw_price) {
                Some(price) => price,
                None => {
                    tally.skipped += 1;
                    tally.problem(
                        position,
                        Some(&id),
                        ProblemKind::UnreadablePrice,
                        Some(raw_price),
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

        let title = clean_field(s.get(Field::Title));
        if title.is_empty() {
            tally.problem(position, Some(&id), ProblemKind::MissingTitle, None);
        }
        let raw_description = s.get(Field::Description);
        let mut description = html_to_text(raw_description);
        let mut truncated = s.truncated;
        truncated |= truncate_to(&mut description, DESCRIPTION_MAX);
        if truncated {
            tally.problem(position, Some(&id), ProblemKind::FieldTruncated, None);
        }

        let link = squash(s.get(Field::Link));
        check_url(tally, position, &id, &link);
        let image_link = squash(s.get(Field::ImageLink));
        if image_link.is_empty() {
            tally.problem(position, Some(&id), ProblemKind::MissingImage, None);
        } else {
            check_url(tally, position, &id, &image_link);
        }
        let additional_image_links: Vec<String> = s
            .extra_images
            .iter()
            .map(|u| squash(u))
            .filter(|u| !u.is_empty())
            .collect();

        let raw_sale = s.get(Field::SalePrice);
        let sale = if raw_sale.is_empty() {
            None
        } else {
            let sale = parse_price(raw_sale);
            if sale.is_none() {
                tally.problem(
                    position,
                    Some(&id),
                    ProblemKind::UnreadableSalePrice,
                    Some(raw_sale),
                );
            }
            sale
        };

        let raw_availability = squash(s.get(Field::Availability));
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
            let value = clean_field(s.get(field));
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
        Ok(sink.item(&item))
    }
}

fn check_url(tally: &mut Tally, position: u32, id: &str, url: &str) {
    if url.is_empty() {
        return;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let host = url.split("://").nth(1).unwrap_or("");
        if host.is_empty() || host.starts_with('/') || url.contains(' ') {
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
