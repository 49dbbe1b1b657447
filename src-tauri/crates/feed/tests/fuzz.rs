//! Arbitrary bytes never make the reader panic, and it never invents items.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_feed::{parse_reader, CollectItems, ReadOptions};
use proptest::prelude::*;

fn fragments() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"<rss xmlns:g=\"x\">".to_vec()),
        Just(b"<channel>".to_vec()),
        Just(b"<item>".to_vec()),
        Just(b"</item>".to_vec()),
        Just(b"<entry>".to_vec()),
        Just(b"<g:id>".to_vec()),
        Just(b"</g:id>".to_vec()),
        Just(b"<g:price>".to_vec()),
        Just(b"</g:price>".to_vec()),
        Just(b"<![CDATA[".to_vec()),
        Just(b"]]>".to_vec()),
        Just(b"<!--".to_vec()),
        Just(b"&amp;".to_vec()),
        Just(b"&#x1F600;".to_vec()),
        Just(b"<!DOCTYPE r [<!ENTITY a \"b\">]>".to_vec()),
        Just(b"R$ 1.299,90".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\x1f\x8b".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..16),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn check(bytes: &[u8]) {
    let mut items = CollectItems::default();
    let options = ReadOptions {
        max_text_run: 64,
        ..ReadOptions::default()
    };
    if let Ok(summary) = parse_reader(bytes, None, &options, &mut items) {
        let openings = bytes
            .windows(5)
            .filter(|w| w == b"<item" || w == b"<entr")
            .count();
        assert!(summary.items as usize <= openings);
        assert_eq!(summary.items as usize, items.0.len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn xml_like_fragments_never_panic(bytes in fragments()) {
        check(&bytes);
    }
}
