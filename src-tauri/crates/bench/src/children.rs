//! What each child process measures. Every measurement runs in a fresh process so that its
//! peak memory (VmHWM) and CPU time belong to it alone; each prints one JSON object.

use std::path::Path;
use std::time::{Duration, Instant};

use conector_catalog::{import_feed, search, ImportObserver, SearchQuery};
use conector_core::CodedError;
use conector_feed::{DiscardItems, Item, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::Policy;
use serde_json::{json, Value};

use crate::Res;

/// Process CPU time (user + system, all threads) from `/proc/self/stat`, in seconds.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory of this process, from `/proc/self/status`.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The 1-minute load average.
pub fn load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

/// The whole reader over a file, items delivered to a sink that counts them.
pub fn parse(file: &Path) -> Res<()> {
    let start = Instant::now();
    let mut seen = 0u32;
    let mut first_50 = None;
    let mut sink = |_: Item| {
        seen += 1;
        if seen == 50 {
            first_50 = Some(start.elapsed());
        }
        std::ops::ControlFlow::Continue(())
    };
    let summary = read_feed(
        &FeedSource::Path(file.to_owned()),
        &Policy::feed(),
        &ReadOptions::default(),
        &mut sink,
    )?;
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "items": summary.items,
            "wall_s": wall,
            "cpu_s": cpu_seconds(),
            "first_50_ms": first_50.map(|d| d.as_secs_f64() * 1000.0),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

/// quick-xml's own streaming loop over the same file with no work per event: the floor the
/// reader is measured against (the same loop as `--example quick_xml_baseline`).
pub fn quick_xml(file: &Path) -> Res<()> {
    let start = Instant::now();
    let input = std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(file)?);
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::new();
    let (mut events, mut items) = (0u64, 0u64);
    loop {
        match reader.read_event_into(&mut buf)? {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(tag) if tag.name().0 == "item" => {
                items += 1;
                events += 1;
            }
            _ => events += 1,
        }
        buf.clear();
    }
    println!(
        "{}",
        json!({
            "items": items,
            "events": events,
            "wall_s": start.elapsed().as_secs_f64(),
            "cpu_s": cpu_seconds(),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

/// What `conector feed check FILE` does (`read_feed` with the default options and limits,
/// items discarded): its verdict, time and peak memory.
pub fn check(file: &Path) -> Res<()> {
    let start = Instant::now();
    let outcome = read_feed(
        &FeedSource::Path(file.to_owned()),
        &Policy::feed(),
        &ReadOptions::default(),
        &mut DiscardItems,
    );
    let verdict = match &outcome {
        Ok(summary) => format!("{} products", summary.items),
        Err(e) => e.code().as_str().to_owned(),
    };
    println!(
        "{}",
        json!({
            "verdict": verdict,
            "wall_s": start.elapsed().as_secs_f64(),
            "cpu_s": cpu_seconds(),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

/// Keeps one core busy until killed (the "one core busy" parse figures).
pub fn spin() -> Res<()> {
    let mut x: u64 = 1;
    loop {
        for _ in 0..1_000_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
        std::hint::black_box(x);
    }
}

struct FirstItems {
    start: Instant,
    seen: u32,
    first_50: Option<Duration>,
}

impl ImportObserver for FirstItems {
    fn item(&mut self, _item: &Item) {
        self.seen += 1;
        if self.seen == 50 {
            self.first_50 = Some(self.start.elapsed());
        }
    }
}

pub fn import(file: &Path, db: &Path) -> Res<()> {
    let mut conn = conector_core::db::open(db)?;
    let start = Instant::now();
    let mut observer = FirstItems {
        start,
        seen: 0,
        first_50: None,
    };
    let source = FeedSource::Path(file.to_owned());
    let report = import_feed(
        &mut conn,
        &source.label(),
        &ReadOptions::default(),
        &mut observer,
        move |sink| read_feed(&source, &Policy::feed(), &ReadOptions::default(), sink),
    )?;
    let wall = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "items": report.summary.items,
            "wall_s": wall,
            "cpu_s": cpu_seconds(),
            "first_50_ms": observer.first_50.map(|d| d.as_secs_f64() * 1000.0),
            "peak_mb": peak_rss_mb(),
        })
    );
    Ok(())
}

/// Keystroke sequences, as typed in the search box.
pub const SEARCHES: &[(&str, &[&str])] = &[
    (
        "word prefix (camiseta)",
        &["ca", "cam", "cami", "camis", "camiseta"],
    ),
    (
        "accent-folded word (tênis typed as tenis)",
        &["te", "ten", "teni", "tenis"],
    ),
    ("SKU substring (00123)", &["001", "0012", "00123"]),
];

pub fn search_latency(db: &Path) -> Res<()> {
    let conn = conector_core::db::open(db)?;
    let mut results = Vec::new();
    for (label, keystrokes) in SEARCHES {
        let mut times = Vec::new();
        let mut last_total = 0;
        for round in 0..25 {
            for text in *keystrokes {
                let q = SearchQuery {
                    text: (*text).to_owned(),
                    ..SearchQuery::default()
                };
                let start = Instant::now();
                let page = search(&conn, &q)?;
                if round > 0 {
                    times.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                last_total = page.total;
            }
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        results.push(json!({ "label": label, "p50_ms": pct(0.5), "p95_ms": pct(0.95), "last_total": last_total }));
    }
    println!("{}", Value::Array(results));
    Ok(())
}
