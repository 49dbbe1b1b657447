//! The real feeds in `shared/feeds/real/` (never copied into the repository): a correct parse
//! finds exactly the counts their README gives.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use conector_feed::{
    parse_reader, Availability, CollectItems, FeedCurrency, FeedFormat, FeedSummary, Item,
    ProblemKind, ReadOptions,
};

fn real(name: &str) -> (FeedSummary, Vec<Item>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/feeds/real")
        .join(name);
    let mut items = CollectItems::default();
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let summary = parse_reader(file, None, &ReadOptions::default(), &mut items)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (summary, items.0)
}

fn assert_counts(
    s: &FeedSummary,
    format: FeedFormat,
    kept: u32,
    skipped: u32,
    in_stock: u32,
    groups: u32,
) {
    assert_eq!(s.format, format);
    assert_eq!(
        (s.items, s.skipped, s.in_stock, s.variant_groups),
        (kept, skipped, in_stock, groups)
    );
}

#[test]
fn everpetz_atom_all_fields_prefixed() {
    let (s, items) = real("everpetz-atom.xml");
    assert_counts(&s, FeedFormat::Atom, 810, 0, 724, 0);
    assert_eq!(items.len(), 810);
    let first = &items[0];
    assert_eq!(first.id, "c9e31ae1-6a26-4952-837c-170438167692");
    assert_eq!(first.title, "Molho Natural de Peixe Gato Pet Delícia 100g");
    assert_eq!(first.price_cents, 1120);
    assert_eq!(first.currency.as_deref(), Some("BRL"));
    assert!(first
        .link
        .starts_with("https://www.everpetzstore.com.br/product/"));
    assert!(first
        .description
        .starts_with("Alimento complementar para adicionar sabor"));
    assert!(!first.description.contains("<div>") && !first.description.contains("&lt;"));
    assert!(
        items.iter().any(|i| i.description.is_empty()),
        "one entry has no description"
    );
}

#[test]
fn samsung_atom_skips_the_two_items_without_price() {
    let (s, items) = real("samsung-kz-atom.xml");
    assert_counts(&s, FeedFormat::Atom, 661, 2, 319, 314);
    let missing_price = s
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::MissingPrice)
        .count();
    assert_eq!(missing_price, 2);
    assert_eq!(
        s.problems
            .iter()
            .find(|p| p.kind == ProblemKind::MissingPrice)
            .and_then(|p| p.id.as_deref()),
        Some("bespoke-merch-box")
    );
    let washer = items
        .iter()
        .find(|i| i.id == "WW90DG6U94LKLD")
        .expect("washer kept");
    assert_eq!(
        washer.price_cents, 37_499_000,
        "the product price, not the 0.0 KZT shipping price"
    );
    assert_eq!(washer.sale_price_cents, Some(35_499_000));
    assert_eq!(washer.currency.as_deref(), Some("KZT"));
    assert_eq!(washer.item_group_id.as_deref(), Some("WW90DG6U94"));
    assert!(
        items.iter().all(|i| !i.title.starts_with(' ')),
        "titles are trimmed"
    );
    let preorder = items
        .iter()
        .filter(|i| i.availability == Availability::Preorder)
        .count();
    assert!(preorder > 0);
}

#[test]
fn solea_rss_with_doubly_escaped_entities() {
    let (s, items) = real("solea-rss-fr.xml");
    assert_counts(&s, FeedFormat::Rss, 90, 0, 90, 0);
    let ambre = &items[0];
    assert_eq!(ambre.id, "bijou-1");
    assert_eq!(ambre.price_cents, 1400);
    assert_eq!(ambre.currency.as_deref(), Some("EUR"));
    assert!(
        ambre.description.contains("résistent à l'eau"),
        "{}",
        ambre.description
    );
}

#[test]
fn swedishcravings_rss() {
    let (s, items) = real("swedishcravings-rss-fr.xml");
    assert_counts(&s, FeedFormat::Rss, 54, 0, 54, 0);
    assert_eq!(items[0].description, "33x33 cm · 20 serviettes par paquet");
    assert_eq!(items[1].title, "Mélange pour Dip Aneth & Ciboulette OLW");
}

#[test]
fn a_feed_priced_in_tenge_is_named_kzt_and_a_brl_feed_is_in_reais() {
    let (kz, _) = real("samsung-kz-atom.xml");
    assert_eq!(
        kz.currency,
        Some(FeedCurrency::Other { code: "KZT".into() })
    );
    assert!(!kz.currency.as_ref().is_some_and(FeedCurrency::is_reais));
    let (br, _) = real("everpetz-atom.xml");
    assert_eq!(br.currency, Some(FeedCurrency::Reais));
    let (fr, _) = real("solea-rss-fr.xml");
    assert_eq!(
        fr.currency,
        Some(FeedCurrency::Other { code: "EUR".into() })
    );
}

#[test]
fn variant_groups_say_how_many_have_more_than_one_product() {
    // The figures: 314 groups, of which 123 hold more than one product.
    let (kz, _) = real("samsung-kz-atom.xml");
    assert_eq!(
        (kz.variant_groups, kz.multi_variant_groups),
        (314, Some(123))
    );
    let (br, _) = real("everpetz-atom.xml");
    assert_eq!((br.variant_groups, br.multi_variant_groups), (0, Some(0)));
}
