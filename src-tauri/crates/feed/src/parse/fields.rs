//! A product's fields while its item is being read: which elements they are, their raw bytes
//! (the `g:` and the plain spelling kept apart), and how text and CDATA go into them.

use std::borrow::Cow;

use memchr::memchr;
use quick_xml::events::BytesStart;

use super::Filler;
use crate::decode::check_root;
use crate::error::FeedError;
use crate::summary::FeedFormat;
use crate::text::{decode_entities, decode_entities_into, trim};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
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

const MAX_EXTRA_IMAGES: usize = 10;

/// The raw text of one item's fields, `g:`-prefixed and plain kept apart (the prefixed wins).
/// Bytes as they came (entity references already decoded); they become text in
/// [`Slots::text`], where a stray Latin-1 byte is repaired.
#[derive(Default)]
pub(super) struct Slots {
    g: [Vec<u8>; FIELDS],
    plain: [Vec<u8>; FIELDS],
    pub(super) extra_images: Vec<Vec<u8>>,
    /// A bit per field, `[g, plain]`: the slot still holds entity references, decoded by the
    /// finishing thread (which has less to do than the scanning one).
    encoded: [u16; 2],
    /// A bit per field: the slot has CDATA content, which must not be decoded.
    cdata: [u16; 2],
    /// A bit per field: the slot was cut at its cap and takes nothing more.
    full: [u16; 2],
    /// The last extra image was cut at its cap.
    extra_full: bool,
    pub(super) truncated: bool,
    pub(super) product_fields: bool,
}

impl Slots {
    pub(super) fn clear(&mut self) {
        for s in self.g.iter_mut().chain(self.plain.iter_mut()) {
            s.clear();
        }
        self.extra_images.clear();
        self.encoded = [0; 2];
        self.cdata = [0; 2];
        self.full = [0; 2];
        self.extra_full = false;
        self.truncated = false;
        self.product_fields = false;
    }

    /// Bytes the slots hold now, or could hold without growing (`capacity`): what a batch of
    /// items weighs in memory.
    pub(super) fn weight(&self, capacity: bool) -> usize {
        let size = |v: &Vec<u8>| if capacity { v.capacity() } else { v.len() };
        self.g
            .iter()
            .chain(&self.plain)
            .chain(&self.extra_images)
            .map(size)
            .sum()
    }

    /// The field's text: the `g:` one unless it is blank, trimmed.
    pub(super) fn text(&self, field: Field) -> Cow<'_, str> {
        let g = &self.g[field as usize];
        let (raw, side) = if is_blank(g) {
            (&self.plain[field as usize], 1)
        } else {
            (g, 0)
        };
        if self.encoded[side] & field.bit() != 0 {
            let mut decoded = Vec::with_capacity(raw.len());
            decode_entities_into(&mut decoded, raw);
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
pub(super) fn utf8_or_1252(bytes: &[u8]) -> Cow<'_, str> {
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

/// Cuts `slot` to at most `cap` bytes, on a character boundary; true when it was cut. The
/// slot then takes no more text, so what it keeps does not depend on how the text arrived.
fn cut_at(slot: &mut Vec<u8>, cap: usize) -> bool {
    if slot.len() <= cap {
        return false;
    }
    // A UTF-8 continuation byte is never the start of a character.
    let mut end = cap;
    while end > 0 && slot[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    slot.truncate(end);
    true
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

/// Where text goes while inside a field element.
pub(super) struct Capture {
    field: Field,
    google: bool,
    /// False when an earlier occurrence already filled the slot (first one wins).
    pub(super) active: bool,
}

/// Splits `g:price` into (is Google's, local name). Any other prefix is someone else's field.
fn split_name(name: &[u8]) -> Option<(bool, &[u8])> {
    match name {
        [b'g', b':', local @ ..] => Some((true, local)),
        _ if memchr(b':', name).is_some() => None,
        _ => Some((false, name)),
    }
}

impl Filler {
    pub(super) fn set_root(&mut self, name: &[u8]) -> Result<(), FeedError> {
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
    pub(super) fn push(&mut self, c: &Capture, text: &[u8], xml: bool) {
        let cap = c.field.cap().min(self.max_text_run);
        if c.field == Field::AdditionalImageLink {
            if self.slots.extra_full {
                return;
            }
            let slot = self.slot(c);
            if xml {
                decode_entities_into(slot, text);
            } else {
                slot.extend_from_slice(text);
            }
            self.slots.extra_full = cut_at(self.slot(c), cap);
            return;
        }
        let Slots {
            g,
            plain,
            encoded,
            cdata,
            full,
            truncated,
            ..
        } = &mut self.slots;
        let (slot, side) = if c.google {
            (&mut g[c.field as usize], 0)
        } else {
            (&mut plain[c.field as usize], 1)
        };
        let bit = c.field.bit();
        if full[side] & bit != 0 {
            *truncated = true;
            return;
        }
        if xml {
            if cdata[side] & bit != 0 {
                decode_entities_into(slot, text);
            } else {
                // Kept as written: references are decoded when the item is finished.
                if memchr(b'&', text).is_some() {
                    encoded[side] |= bit;
                }
                slot.extend_from_slice(text);
            }
        } else {
            if encoded[side] & bit != 0 {
                // Text then CDATA in one field (rare): decode what came before now.
                let before = std::mem::take(slot);
                decode_entities_into(slot, &before);
                encoded[side] &= !bit;
            }
            cdata[side] |= bit;
            slot.extend_from_slice(text);
        }
        if cut_at(slot, cap) {
            full[side] |= bit;
            *truncated = true;
        }
    }

    pub(super) fn open_field(&mut self, tag: &BytesStart<'_>) -> Option<Capture> {
        let name = tag.name().0.as_bytes();
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
            self.atom_link(tag);
        }
        let active = if field == Field::AdditionalImageLink {
            if self.slots.extra_images.len() < MAX_EXTRA_IMAGES {
                self.slots.extra_images.push(Vec::new());
                self.slots.extra_full = false;
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
                self.slots.full[side] &= !field.bit();
            }
            blank
        };
        Some(Capture {
            field,
            google,
            active,
        })
    }

    pub(super) fn empty_field(&mut self, tag: &BytesStart<'_>) {
        let Some((google, local)) = split_name(tag.name().0.as_bytes()) else {
            return;
        };
        if google {
            self.slots.product_fields = true;
        }
        if local == b"link" && !google {
            self.atom_link(tag);
        }
    }

    /// Atom's `<link rel="alternate" href="...">`: the product's address.
    fn atom_link(&mut self, tag: &BytesStart<'_>) {
        let mut href = None;
        let mut alternate = true;
        // HTML's rules: unquoted values are seen in feeds; a broken attribute ends the list.
        for attribute in tag
            .html_attributes()
            .with_checks(false)
            .map_while(Result::ok)
        {
            match attribute.key.as_ref() {
                "href" => href = Some(decode_entities(&attribute.value)),
                "rel" => alternate = attribute.value == "alternate",
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
