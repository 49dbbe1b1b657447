//! A reference reader for the differential tests: the whole document in memory, read with
//! quick-xml's borrowed mode on one thread, with quick-xml tokenizing everything (text and
//! references included). No streaming, no buffer, no threads: what the real reader must give
//! however the bytes arrive. Items go through the same field rules and finishing, so the two
//! differ only in how the document is walked.
//!
//! A `<` that starts no markup ("preço < 10") is text to the real reader but a tag to quick-xml;
//! the reference leaves such documents to the fixtures.

use std::collections::HashSet;
use std::io::Read;
use std::ops::ControlFlow;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use quick_xml::errors::{Error as XmlError, IllFormedError, SyntaxError};
use quick_xml::events::Event;

use super::fields::{Capture, Slots};
use super::finish::Finisher;
use super::Filler;
use crate::error::{FeedError, NotAFeed};
use crate::item::Item;
use crate::open::{io_error, open_document};
use crate::options::ReadOptions;
use crate::summary::{CollectItems, FeedSummary, Tally};

/// Reads `bytes` as [`crate::parse_reader`] does, the reference's way.
pub(crate) fn read(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<(FeedSummary, Vec<Item>), FeedError> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let mut document = Vec::new();
    open_document(bytes, options, &bytes_read)?
        .read_to_end(&mut document)
        .map_err(|e| io_error(&e))?;
    let text = utf8_or_1252(&document);

    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().allow_dangling_amp = true;
    let mut filler = Filler {
        slots: Slots::default(),
        format: None,
        max_text_run: options.max_text_run,
    };
    let mut finisher = Finisher {
        tally: Tally::new(options.max_problems),
        seen_ids: HashSet::new(),
        any_product_fields: false,
    };
    let mut items = CollectItems::default();
    let mut depth = 0u32;
    let mut item_depth: Option<u32> = None;
    let mut capture: Option<Capture> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            let position = reader.error_position();
            match e {
                XmlError::Syntax(SyntaxError::InvalidBangMarkup) => FeedError::Malformed {
                    position,
                    detail: "`<!` starts no comment, CDATA or DOCTYPE".to_owned(),
                },
                XmlError::Syntax(_) => FeedError::NotAFeed(NotAFeed::Truncated),
                XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                    FeedError::Malformed {
                        position,
                        detail: format!("</{found}> closes <{expected}>"),
                    }
                }
                other => FeedError::Malformed {
                    position,
                    detail: other.to_string(),
                },
            }
        })?;
        let active = capture.as_ref().filter(|c| c.active);
        let mut item_done = false;
        match event {
            Event::Start(tag) => {
                depth += 1;
                let name = tag.name().0.as_bytes();
                match item_depth {
                    Some(d) if depth == d + 1 => capture = filler.open_field(&tag),
                    Some(_) => {}
                    None if filler.format.is_none() => filler.set_root(name)?,
                    None if name == b"item" || name == b"entry" => {
                        filler.slots.clear();
                        item_depth = Some(depth);
                    }
                    None => {}
                }
            }
            Event::Empty(tag) => {
                let name = tag.name().0.as_bytes();
                match item_depth {
                    Some(d) if depth == d => filler.empty_field(&tag),
                    Some(_) => {}
                    None if filler.format.is_none() => filler.set_root(name)?,
                    None if name == b"item" || name == b"entry" => {
                        filler.slots.clear();
                        item_done = true;
                    }
                    None => {}
                }
            }
            Event::End(_) => {
                if item_depth.is_some_and(|d| depth == d + 1) {
                    capture = None;
                } else if item_depth == Some(depth) {
                    item_depth = None;
                    item_done = true;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(text) => {
                if let Some(c) = active {
                    filler.push(c, text.as_bytes(), true);
                }
            }
            Event::GeneralRef(name) => {
                if let Some(c) = active {
                    filler.push(c, format!("&{};", &*name).as_bytes(), true);
                }
            }
            Event::CData(text) => {
                if let Some(c) = active {
                    filler.push(c, text.as_bytes(), false);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
        }
        if item_done {
            let slots = std::mem::take(&mut filler.slots);
            if finisher.finish_item(&slots, &mut items)? == ControlFlow::Break(()) {
                return Err(super::stopped());
            }
        }
    }
    if depth > 0 {
        return Err(FeedError::NotAFeed(NotAFeed::Truncated));
    }
    let format = filler
        .format
        .ok_or(FeedError::NotAFeed(NotAFeed::EmptyBody))?;
    if finisher.tally.items == 0 {
        let kind = if finisher.tally.skipped == 0 {
            NotAFeed::NoItems
        } else if !finisher.any_product_fields {
            NotAFeed::NewsFeed
        } else {
            NotAFeed::NoUsableItems
        };
        return Err(FeedError::NotAFeed(kind));
    }
    let bytes = bytes_read.load(std::sync::atomic::Ordering::Relaxed);
    Ok((finisher.tally.finish(format, bytes), items.0))
}

/// The whole document as text, a stray non-UTF-8 byte read as Windows-1252.
fn utf8_or_1252(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let (fixed, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        text.push_str(&fixed);
    }
    text
}

#[cfg(test)]
#[path = "../../tests/support/corpus.rs"]
mod corpus;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::parse::reference::corpus;

    /// Reads `bytes` handing out at most `step` bytes per read.
    struct Chunked<'a>(&'a [u8], usize);

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    type Outcome = Result<(FeedSummary, Vec<Item>), String>;

    fn outcome(result: Result<(FeedSummary, Vec<Item>), FeedError>) -> Outcome {
        use conector_core::CodedError;
        result.map_err(|e| e.code().to_string())
    }

    fn streaming(bytes: &[u8], options: &ReadOptions, step: usize) -> Outcome {
        let mut items = CollectItems::default();
        let summary = crate::parse_reader(Chunked(bytes, step), None, options, &mut items);
        outcome(summary.map(|s| (s, items.0)))
    }

    /// A `<` followed by something that cannot start markup: the reference cannot read it.
    fn has_stray_lt(bytes: &[u8]) -> bool {
        let mut inflated = Vec::new();
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let _ = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut inflated);
            &inflated[..]
        } else {
            bytes
        };
        bytes.windows(2).any(|w| {
            w[0] == b'<'
                && !(w[1].is_ascii_alphabetic() || matches!(w[1], b'_' | b':' | b'/' | b'!' | b'?'))
                && w[1] < 0x80
        }) || bytes.last() == Some(&b'<')
    }

    /// Compares both readers on `case`; `None` when they agree.
    fn disagreement(case: &corpus::Case, step: usize) -> Option<String> {
        let options = ReadOptions {
            max_text_run: case.max_text_run,
            ..ReadOptions::default()
        };
        let reference = outcome(read(&case.bytes, &options));
        let ours = streaming(&case.bytes, &options, step);
        if reference == ours {
            return None;
        }
        let describe = |o: &Outcome| match o {
            Ok((s, items)) => format!("{} items, {} skipped", s.items, items.len()),
            Err(code) => code.clone(),
        };
        let first_item = match (&reference, &ours) {
            (Ok((_, a)), Ok((_, b))) => a
                .iter()
                .zip(b)
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("\n    reference: {x:?}\n    streaming: {y:?}")),
            _ => None,
        };
        Some(format!(
            "{} (read {step} bytes at a time): reference {}, streaming {}{}",
            case.name,
            describe(&reference),
            describe(&ours),
            first_item.unwrap_or_default()
        ))
    }

    fn check(cases: &[corpus::Case], steps: &[usize]) -> usize {
        let mut compared = 0;
        let mut failures = Vec::new();
        for case in cases.iter().filter(|c| !has_stray_lt(&c.bytes)) {
            compared += 1;
            for &step in steps {
                failures.extend(disagreement(case, step));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        compared
    }

    #[test]
    fn quirky_feeds_read_as_the_borrowed_mode_reads_them() {
        let cases = corpus::quirks(240);
        assert_eq!(check(&cases, &[usize::MAX, 1, 5, 4093]), cases.len());
    }

    #[test]
    fn damaged_feeds_read_as_the_borrowed_mode_reads_them() {
        let cases = corpus::fuzz(300);
        let compared = check(&cases, &[usize::MAX, 3, 1000]);
        assert!(compared > 150, "{compared} of 300 compared");
    }

    #[test]
    fn generated_and_real_feeds_read_as_the_borrowed_mode_reads_them() {
        let cases: Vec<_> = corpus::generated()
            .into_iter()
            .chain(corpus::real())
            .collect();
        assert_eq!(check(&cases, &[usize::MAX, 4093]), cases.len());
    }

    fn quirk_docs() -> impl Strategy<Value = (u64, usize)> {
        (any::<u64>(), 1usize..300)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Fresh quirky and damaged feeds, cut at random read sizes.
        #[test]
        fn any_feed_reads_as_the_borrowed_mode_reads_it((seed, step) in quirk_docs()) {
            let case = corpus::random_case(seed);
            if !has_stray_lt(&case.bytes) {
                let failure = disagreement(&case, step);
                prop_assert!(failure.is_none(), "{}", failure.unwrap_or_default());
            }
        }
    }
}
