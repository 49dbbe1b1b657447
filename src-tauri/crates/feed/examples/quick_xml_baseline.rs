//! Why the reader has its own tokenizer: quick-xml's event loop alone over a file, with no work
//! per event, in both of its modes. The buffered mode (what a download can use) copies every
//! event; the borrowed mode needs the whole document in memory, which a streaming reader must
//! not do. `cargo run --release -p conector-feed --example quick_xml_baseline -- <path>`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let report = |mode: &str, events: u64, secs: f64| {
        println!(
            "{mode}: {events} events in {secs:.3}s: {:.0} MB/s",
            size / secs / 1e6
        );
    };

    let file = std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(&path).unwrap());
    let mut reader = quick_xml::Reader::from_reader(file);
    reader.config_mut().allow_dangling_amp = true;
    let mut buf = Vec::new();
    let mut events = 0u64;
    let start = Instant::now();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Eof => break,
            _ => events += 1,
        }
        buf.clear();
    }
    report(
        "buffered (streaming)",
        events,
        start.elapsed().as_secs_f64(),
    );

    let data = std::fs::read(&path).unwrap();
    let mut reader = quick_xml::Reader::from_reader(&data[..]);
    reader.config_mut().allow_dangling_amp = true;
    let mut events = 0u64;
    let start = Instant::now();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            _ => events += 1,
        }
    }
    report(
        "borrowed (whole file in memory)",
        events,
        start.elapsed().as_secs_f64(),
    );
}
