//! A feed stopped by one of the reader's hard limits (issue #14) is a rejected import: the
//! previous catalogue stays whole, rows and search index, even when products had already been
//! read and written before the limit was reached.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use conector_catalog::{count, import_reader, item, search, CatalogError, Quiet, SearchQuery};
use conector_core::{CodedError, MessageCode};
use conector_feed::{FeedError, FeedLimit, ReadOptions};

fn import(
    conn: &mut rusqlite::Connection,
    bytes: Vec<u8>,
    options: &ReadOptions,
) -> Result<u32, CatalogError> {
    import_reader(conn, "teste", Cursor::new(bytes), options, &mut Quiet).map(|r| r.summary.items)
}

fn products(range: std::ops::Range<usize>) -> String {
    range
        .map(|i| format!("<item><g:id>NOVO-{i}</g:id><g:title>Novo {i}</g:title><g:price>9.90 BRL</g:price></item>"))
        .collect()
}

fn feed(body: &str) -> Vec<u8> {
    format!("<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>{body}</channel></rss>")
        .into_bytes()
}

fn assert_previous_catalogue(conn: &rusqlite::Connection) {
    assert_eq!(count(conn).unwrap(), 300);
    assert!(item(conn, "SKU-0000150").unwrap().is_some());
    assert!(
        item(conn, "NOVO-1").unwrap().is_none(),
        "nothing of the rejected feed"
    );
    let found = search(
        conn,
        &SearchQuery {
            text: "SKU-0000150".to_owned(),
            ..SearchQuery::default()
        },
    )
    .unwrap();
    assert_eq!(found.items.len(), 1, "search index intact");
}

fn limit(err: &CatalogError) -> Option<FeedLimit> {
    match err {
        CatalogError::Feed(FeedError::Limit(limit)) => Some(*limit),
        _ => None,
    }
}

#[test]
fn a_feed_past_a_limit_keeps_the_previous_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = conector_core::db::open(&dir.path().join("app.sqlite3")).unwrap();
    let sample = conector_samples::feed_bytes(300, 1);
    assert_eq!(
        import(&mut conn, sample, &ReadOptions::default()).unwrap(),
        300
    );

    // Too many items: 2,000 good products are read and written before the 2,001st stops it.
    let options = ReadOptions {
        max_items: 2_000,
        ..ReadOptions::default()
    };
    let err = import(&mut conn, feed(&products(0..2_500)), &options).unwrap_err();
    assert_eq!(limit(&err), Some(FeedLimit::Items { limit: 2_000 }));
    assert_eq!(err.code(), MessageCode::FeedLimitItems);
    assert_previous_catalogue(&conn);

    // Nesting bomb after a thousand good products.
    let deep = feed(&(products(0..1_000) + &"<a>".repeat(10_000)));
    let err = import(&mut conn, deep, &ReadOptions::default()).unwrap_err();
    assert_eq!(limit(&err), Some(FeedLimit::Depth { limit: 64 }));
    assert_previous_catalogue(&conn);

    // Past the size limit (what a gzip bomb runs into; the limit is the same without gzip).
    let big = feed(&(products(0..1_000) + &" ".repeat(5 * 1024 * 1024)));
    let options = ReadOptions {
        max_decompressed_bytes: 4 * 1024 * 1024,
        ..ReadOptions::default()
    };
    let err = import(&mut conn, big, &options).unwrap_err();
    assert_eq!(
        limit(&err),
        Some(FeedLimit::Decompressed {
            limit: 4 * 1024 * 1024
        })
    );
    assert_previous_catalogue(&conn);
}
