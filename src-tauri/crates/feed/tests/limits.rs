//! The hard limits on what one feed may cost (SPEC §6): each stops the read with its own coded
//! error naming the limit, whatever the document does. (Memory under hostile input is measured
//! by the benchmark, `scripts/bench.sh`, not here.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};

use conector_core::{CodedError, MessageCode, Param};
use conector_feed::{parse_reader, DiscardItems, FeedError, FeedLimit, ReadOptions};

fn read(bytes: &[u8], options: &ReadOptions) -> Result<u32, FeedError> {
    parse_reader(bytes, None, options, &mut DiscardItems).map(|s| s.items)
}

fn gzip(parts: &[&[u8]], repeat_middle: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(parts[0]).unwrap();
    for _ in 0..repeat_middle {
        gz.write_all(parts[1]).unwrap();
    }
    gz.write_all(parts[2]).unwrap();
    gz.finish().unwrap()
}

fn item(i: usize) -> String {
    format!("<item><g:id>{i}</g:id><g:price>1</g:price></item>")
}

fn feed(items: usize) -> Vec<u8> {
    let body: String = (0..items).map(item).collect();
    format!("<rss xmlns:g=\"g\"><channel>{body}</channel></rss>").into_bytes()
}

#[test]
fn unclosed_nested_tags_stop_at_the_depth_limit() {
    // The bomb, smaller: a gzip of 200,000 unclosed nested tags.
    let bomb = gzip(&[b"<rss><channel>", b"<a>", b""], 200_000);
    let err = read(&bomb, &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(err, FeedError::Limit(FeedLimit::Depth { limit: 64 })),
        "{err:?}"
    );
    assert_eq!(err.code(), MessageCode::FeedLimitDepth);
    assert_eq!(err.payload().params.get("limit"), Some(&Param::Number(64)));
    assert!(err.is_rejection() && !err.is_remote());

    // Nesting inside a product counts the same; 64 levels in all are fine.
    let nested = |levels: usize| {
        let open = "<div>".repeat(levels);
        let close = "</div>".repeat(levels);
        format!("<rss xmlns:g=\"g\"><channel><item><g:id>1</g:id><g:price>1</g:price><description>{open}x{close}</description></item></channel></rss>")
    };
    // rss, channel, item, description: four levels before the divs.
    assert_eq!(
        read(nested(60).as_bytes(), &ReadOptions::default()).unwrap(),
        1
    );
    assert!(matches!(
        read(nested(61).as_bytes(), &ReadOptions::default()),
        Err(FeedError::Limit(FeedLimit::Depth { .. }))
    ));
}

#[test]
fn a_tag_past_the_limit_is_refused_where_it_starts() {
    let head = "<rss xmlns:g=\"g\"><channel>";
    let giant = format!("{head}<item title=\"{}\">", "x".repeat(300 * 1024));
    let err = read(giant.as_bytes(), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        err_limit(&err),
        Some(FeedLimit::Tag {
            limit: 256 * 1024,
            position: head.len() as u64
        })
    );
    assert_eq!(err.code(), MessageCode::FeedLimitTag);
    // A comment is markup too; a long text is not (it streams, and its field is cut).
    let comment = format!("{head}<!-- {} -->", "x".repeat(300 * 1024));
    assert_eq!(err.code(), read_err(comment.as_bytes()).code());
    let options = ReadOptions {
        max_tag_bytes: 64,
        ..ReadOptions::default()
    };
    let text = format!(
        "{head}<item><g:id>1</g:id><g:price>1</g:price><title>{}</title></item></channel></rss>",
        "y".repeat(1000)
    );
    assert_eq!(read(text.as_bytes(), &options).unwrap(), 1);
}

fn err_limit(err: &FeedError) -> Option<FeedLimit> {
    match err {
        FeedError::Limit(limit) => Some(*limit),
        _ => None,
    }
}

fn read_err(bytes: &[u8]) -> FeedError {
    read(bytes, &ReadOptions::default()).unwrap_err()
}

#[test]
fn items_past_the_limit_stop_the_read() {
    let options = ReadOptions {
        max_items: 300,
        ..ReadOptions::default()
    };
    assert_eq!(read(&feed(300), &options).unwrap(), 300);
    let err = read(&feed(301), &options).unwrap_err();
    assert_eq!(err_limit(&err), Some(FeedLimit::Items { limit: 300 }));
    assert_eq!(err.code(), MessageCode::FeedLimitItems);
    // Skipped items count too: a flood of empty ones is no way around it.
    let empties = format!(
        "<rss><channel>{}</channel></rss>",
        "<item/><item></item>".repeat(200)
    );
    assert_eq!(
        err_limit(&read(empties.as_bytes(), &options).unwrap_err()),
        Some(FeedLimit::Items { limit: 300 })
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_decompressed_size_limit() {
    let options = ReadOptions {
        max_decompressed_bytes: 8 * 1024 * 1024,
        ..ReadOptions::default()
    };
    // 64 MB of spaces between two products, in about 64 KB of gzip.
    let bomb = gzip(
        &[
            format!("<rss xmlns:g=\"g\"><channel>{}", item(1)).as_bytes(),
            &[b' '; 1024][..],
            format!("{}</channel></rss>", item(2)).as_bytes(),
        ],
        64 * 1024,
    );
    assert!(bomb.len() < 256 * 1024, "{} bytes of gzip", bomb.len());
    let err = read(&bomb, &options).unwrap_err();
    assert_eq!(
        err_limit(&err),
        Some(FeedLimit::Decompressed {
            limit: 8 * 1024 * 1024
        })
    );
    assert_eq!(err.code(), MessageCode::FeedLimitDecompressed);
    assert_eq!(
        err.payload().params.get("limit"),
        Some(&Param::Bytes(8 * 1024 * 1024))
    );
    // The same document uncompressed is held to the same limit.
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&bomb[..])
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(
        err_limit(&read(&plain, &options).unwrap_err()),
        err_limit(&err)
    );
    let roomy = ReadOptions {
        max_decompressed_bytes: 128 * 1024 * 1024,
        ..ReadOptions::default()
    };
    assert_eq!(read(&bomb, &roomy).unwrap(), 2);
}

#[test]
fn every_limit_has_its_own_code() {
    let codes = [
        MessageCode::FeedLimitDecompressed,
        MessageCode::FeedLimitDepth,
        MessageCode::FeedLimitTag,
        MessageCode::FeedLimitItems,
        MessageCode::FeedLimitDuration,
        MessageCode::FeedTooLarge,
    ];
    let distinct: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(distinct.len(), codes.len());
}
