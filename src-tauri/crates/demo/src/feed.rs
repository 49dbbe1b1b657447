//! The demo store's Google Shopping feed, made by `conector_feed::sample`, and the catalogue
//! the demo orders are drawn from (read back from that same feed, so order SKUs are feed ids).

use std::io::Write;

use conector_feed::{parse_reader, CollectItems, ReadOptions};
use conector_samples::shop_feed_bytes;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::feed_serve::Feed;
use crate::orders::Product;

/// The feed (plain and gzipped) and its in-stock products; `None` when `items` is 0 or the
/// sample could not be read back (then the orders use the built-in catalogue). Its pictures are
/// the demo store's own, at `origin` (see [`crate::images`]).
pub(crate) fn build(items: usize, seed: u64, origin: &str) -> Option<(Feed, Vec<Product>)> {
    if items == 0 {
        return None;
    }
    let xml = crate::images::own_pictures(&shop_feed_bytes(items, seed), origin);
    let mut encoder = GzEncoder::new(Vec::with_capacity(xml.len() / 4), Compression::fast());
    let gzip = encoder
        .write_all(&xml)
        .and_then(|()| encoder.finish())
        .ok()?;
    let mut collected = CollectItems::default();
    if let Err(e) = parse_reader(
        xml.as_slice(),
        Some(xml.len() as u64),
        &ReadOptions::default(),
        &mut collected,
    ) {
        tracing::warn!(error = %e, "demo feed could not be read back; orders use the built-in catalogue");
        return Some((Feed::new(xml, gzip, items, seed), Vec::new()));
    }
    let products = collected
        .0
        .into_iter()
        .enumerate()
        .filter(|(_, item)| item.availability == conector_feed::Availability::InStock)
        .map(|(i, item)| Product {
            product_id: 1_000 + i as u64,
            price_cents: item.effective_price_cents(),
            sku: item.id,
            name: item.title,
        })
        .collect();
    Some((Feed::new(xml, gzip, items, seed), products))
}

impl Feed {
    fn new(xml: Vec<u8>, gzip: Vec<u8>, items: usize, seed: u64) -> Feed {
        Feed {
            xml,
            gzip,
            tag: format!("demo-{items}-{seed}"),
            served: crate::feed_serve::Served::new(),
        }
    }
}
