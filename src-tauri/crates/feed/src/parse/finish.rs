//! A finished item's raw fields turned into an `Item`: cleaned, checked, counted, or skipped
//! with the reason.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;

use memchr::memchr;

use super::fields::{utf8_or_1252, Field, Slots};
use crate::error::FeedError;
use crate::item::{Availability, Item, ProblemKind};
use crate::price::parse_price;
use crate::summary::{FeedSink, Progress, Tally};
use crate::text::{clean_field, html_to_text, squash};

/// Plain-text description length kept (Google's own limit is 5,000 characters).
const DESCRIPTION_MAX: usize = 10_000;

pub(super) struct Finisher {
    pub(super) tally: Tally,
    pub(super) seen_ids: HashSet<u64>,
    pub(super) any_product_fields: bool,
}

impl Finisher {
    pub(super) fn progress(
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
    pub(super) fn finish_item(
        &mut self,
        s: &Slots,
        sink: &mut dyn FeedSink,
    ) -> Result<ControlFlow<()>, FeedError> {
        // Every item before this one was either kept or skipped.
        let position = self.tally.items + self.tally.skipped + 1;
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
            *tally.groups.entry(hasher.finish()).or_insert(0) += 1;
        }
        let currency = item.currency.as_deref().unwrap_or(crate::summary::REAIS);
        match tally.currencies.get_mut(currency) {
            Some(count) => *count += 1,
            None => {
                tally.currencies.insert(currency.to_owned(), 1);
            }
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
