//! The reader's output, field by field, on a corpus of quirky, damaged, generated and real
//! feeds, against fixtures kept from the hand-written tokenizer the reader ran on until
//! issue #14 (`tests/fixtures/differential/`). A change of output on any of them fails here
//! and names the document, the line and both values.
//!
//! The real feeds are kept as digests only (their text is not ours to copy); the in-crate
//! reference test (`src/parse/reference.rs`) shows their values when they differ.
//!
//! `UPDATE_FIXTURES=1 cargo test -p conector-feed --test differential` rewrites the fixtures:
//! only for a change of output that is meant, and say which in the commit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/corpus.rs"]
mod corpus;

use std::io::Read;
use std::path::PathBuf;

use conector_feed::{parse_reader, CollectItems, FeedError, FeedSummary, Item, ReadOptions};
use corpus::Case;
use serde_json::Value;

/// Reads `bytes` handing out at most `step` bytes per read, to cut every construct somewhere.
struct Chunked<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.bytes.len().min(buf.len()).min(self.step);
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

fn read(case: &Case, step: usize) -> Result<(FeedSummary, Vec<Item>), FeedError> {
    let options = ReadOptions {
        max_text_run: case.max_text_run,
        ..ReadOptions::default()
    };
    let mut items = CollectItems::default();
    let reader = Chunked {
        bytes: &case.bytes,
        step,
    };
    let summary = parse_reader(reader, None, &options, &mut items)?;
    Ok((summary, items.0))
}

/// Drops the text of problems (the fixtures' pt-BR `message`, today's `detail`): the kind says
/// the same, and the text is the catalogue's.
fn without_messages(mut value: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.remove("message");
        map.remove("detail");
    }
    value
}

/// The outcome as lines: the summary, each problem, each item (or the error code). With
/// `hidden`, each line's data is replaced by its digest.
fn render(outcome: &Result<(FeedSummary, Vec<Item>), FeedError>, hidden: bool) -> Vec<String> {
    let line = |tag: &str, value: &Value| {
        let json = value.to_string();
        if hidden {
            format!("{tag} #{}", corpus::digest(json.as_bytes()))
        } else {
            format!("{tag} {json}")
        }
    };
    match outcome {
        Err(e) => {
            use conector_core::CodedError;
            vec![format!("error {}", e.code())]
        }
        Ok((summary, items)) => {
            let mut lines = Vec::new();
            let mut head = serde_json::to_value(summary).unwrap();
            let map = head.as_object_mut().unwrap();
            let problems = map.remove("problems").unwrap();
            let counts = map.remove("problem_counts").unwrap();
            let counts: Vec<Value> = counts
                .as_array()
                .unwrap()
                .iter()
                .cloned()
                .map(without_messages)
                .collect();
            map.insert("problem_counts".to_owned(), Value::Array(counts));
            // Counts stay readable even for the real feeds: they are the README's figures.
            lines.push(format!("summary {head}"));
            for p in problems.as_array().unwrap() {
                lines.push(line("problem", &without_messages(p.clone())));
            }
            for item in items {
                lines.push(line(
                    &format!("item {}", item.position),
                    &serde_json::to_value(item).unwrap(),
                ));
            }
            lines
        }
    }
}

fn fixture_path(corpus: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/differential")
        .join(format!("{corpus}.txt"))
}

fn load(corpus: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(fixture_path(corpus))
        .unwrap_or_else(|e| panic!("fixture {corpus}: {e}"));
    let mut cases: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("== ") {
            Some(name) => cases.push((name.to_owned(), Vec::new())),
            None => cases
                .last_mut()
                .expect("a case header first")
                .1
                .push(line.to_owned()),
        }
    }
    cases
}

fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(600)]);
    format!("{text:?}{}", if bytes.len() > 600 { "…" } else { "" })
}

/// Compares every case with the fixture (or rewrites it with `UPDATE_FIXTURES=1`), reading
/// each document whole and cut in pieces of `steps` bytes.
fn check(corpus: &str, cases: &[Case], hidden: bool, steps: &[usize]) {
    let rendered: Vec<(String, Vec<String>)> = cases
        .iter()
        .map(|c| (c.name.clone(), render(&read(c, usize::MAX), hidden)))
        .collect();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        let mut text = String::new();
        for (name, lines) in &rendered {
            text.push_str(&format!("== {name}\n"));
            for l in lines {
                text.push_str(l);
                text.push('\n');
            }
        }
        std::fs::create_dir_all(fixture_path(corpus).parent().unwrap()).unwrap();
        std::fs::write(fixture_path(corpus), text).unwrap();
        return;
    }
    let expected = load(corpus);
    assert_eq!(
        expected.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        rendered.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        "the corpus {corpus} no longer has the fixture's cases"
    );
    let mut failures = Vec::new();
    for ((case, (_, want)), (_, got)) in cases.iter().zip(&expected).zip(&rendered) {
        if want != got {
            let at = want.iter().zip(got).position(|(a, b)| a != b);
            let at = at.unwrap_or(want.len().min(got.len()));
            failures.push(format!(
                "{}: line {at}\n  fixture: {}\n  now:     {}\n  document: {}",
                case.name,
                want.get(at).map_or("(nothing)", String::as_str),
                got.get(at).map_or("(nothing)", String::as_str),
                shown(&case.bytes),
            ));
            continue;
        }
        for &step in steps {
            let cut = render(&read(case, step), hidden);
            if &cut != got {
                let at = got.iter().zip(&cut).position(|(a, b)| a != b);
                let at = at.unwrap_or(got.len().min(cut.len()));
                failures.push(format!(
                    "{}: read {step} bytes at a time gives another output, line {at}\n  whole: {}\n  cut:   {}",
                    case.name,
                    got.get(at).map_or("(nothing)", String::as_str),
                    cut.get(at).map_or("(nothing)", String::as_str),
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} documents differ from the fixture:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Read sizes each document is also read with; the output must not depend on them. Empty for
/// the hand-written tokenizer: where a field is cut at its cap, what it keeps depends on where
/// the reads ended (a character can be cut in two), so the fixtures hold what it gives when the
/// document comes in one piece.
const CUTS: &[usize] = &[];

#[test]
fn quirky_feeds_read_as_before() {
    check("quirks", &corpus::quirks(240), false, CUTS);
}

#[test]
fn damaged_feeds_read_as_before() {
    check("fuzzed", &corpus::fuzz(300), false, CUTS);
}

#[test]
fn generated_feeds_read_as_before() {
    check("generated", &corpus::generated(), true, CUTS);
}

#[test]
fn real_feeds_read_as_before() {
    check("real", &corpus::real(), true, CUTS);
}
