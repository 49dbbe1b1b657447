//! `cargo run --release --example parse_file -- <path> [generate N]`: parse speed at a glance.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use conector_feed::{parse_reader, DiscardItems, ReadOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    if args.get(2).map(String::as_str) == Some("generate") {
        let n: usize = args[3].parse().unwrap();
        let file = std::fs::File::create(path).unwrap();
        conector_samples::write_feed(file, n, 42).unwrap();
    }
    let size = std::fs::metadata(path).unwrap().len() as f64;
    let start = Instant::now();
    let file = std::fs::File::open(path).unwrap();
    let summary = parse_reader(file, None, &ReadOptions::default(), &mut DiscardItems).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} items in {:.3}s: {:.0} MB/s, {:.0} items/s",
        summary.items,
        secs,
        size / secs / 1e6,
        f64::from(summary.items) / secs
    );
}
