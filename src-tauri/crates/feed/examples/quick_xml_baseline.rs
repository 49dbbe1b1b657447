//! The floor under our parser: quick-xml's buffered event loop alone over a file, no work per
//! event. `cargo run --release --example quick_xml_baseline -- <path>`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let file = std::io::BufReader::with_capacity(64 * 1024, std::fs::File::open(&path).unwrap());
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
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{events} events in {secs:.3}s: {:.0} MB/s, {:.1}M events/s",
        size / secs / 1e6,
        events as f64 / secs / 1e6
    );
}
