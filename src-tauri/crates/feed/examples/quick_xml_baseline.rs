//! quick-xml's own event loop over a file, with no work per event: the floor the feed reader is
//! measured against (SPEC §9: the whole reader within 1.5× of it). Both of quick-xml's modes:
//! the buffered one (what a download can use: it copies every event into one reused buffer) and
//! the borrowed one (the whole document in memory first, which a streaming reader must not do).
//! Prints the events counted and the time, and the process CPU time of each loop.
//!
//! `cargo run --release -p conector-feed --example quick_xml_baseline -- <path> [buffered|borrowed]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

/// User + system CPU time of this process, in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
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

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let only = std::env::args().nth(2);
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let report = |mode: &str, events: u64, secs: f64, cpu: f64| {
        println!(
            "{mode}: {events} events in {secs:.3} s wall, {cpu:.2} s CPU: {:.0} MB/s",
            size / secs / 1e6
        );
    };

    if only.as_deref() != Some("borrowed") {
        let file =
            std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(&path).unwrap());
        let mut reader = quick_xml::Reader::from_reader(file);
        reader.config_mut().allow_dangling_amp = true;
        let mut buf = Vec::new();
        let mut events = 0u64;
        let (start, cpu) = (Instant::now(), cpu_seconds());
        loop {
            match reader.read_event_into(&mut buf).unwrap() {
                quick_xml::events::Event::Eof => break,
                _ => events += 1,
            }
            buf.clear();
        }
        let cpu = cpu_seconds() - cpu;
        report(
            "buffered (streaming)",
            events,
            start.elapsed().as_secs_f64(),
            cpu,
        );
    }

    if only.as_deref() != Some("buffered") {
        let data = std::fs::read(&path).unwrap();
        let mut reader = quick_xml::Reader::from_reader(&data[..]);
        reader.config_mut().allow_dangling_amp = true;
        let mut events = 0u64;
        let (start, cpu) = (Instant::now(), cpu_seconds());
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Eof => break,
                _ => events += 1,
            }
        }
        let cpu = cpu_seconds() - cpu;
        report(
            "borrowed (whole file in memory)",
            events,
            start.elapsed().as_secs_f64(),
            cpu,
        );
    }
}
