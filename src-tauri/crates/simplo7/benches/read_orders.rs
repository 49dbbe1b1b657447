//! How fast orders come through the client: decoding alone, and end to end from the demo
//! store over 127.0.0.1 with pacing off. Run: `cargo bench -p conector-simplo7 --bench read_orders`.
//!
//! Prints figures; it asserts nothing (speed is measured here, never in timed tests).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore};
use conector_simplo7::{ClientConfig, OrderPage, StoreAddress, StoreClient};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let started = Instant::now();
    let demo = DemoStore::start(DemoConfig {
        days_back: 3650,
        customers: 3000,
        page_size: 500,
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let orders = demo.order_ids().len();
    println!(
        "demo store: {orders} orders generated and serving in {:?}",
        started.elapsed()
    );

    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    let config = ClientConfig {
        min_interval: Duration::ZERO,
        ..ClientConfig::default()
    };
    let client = StoreClient::new(address, &Secret::new(demo.token()), config).unwrap();
    let since = (demo.now() - time::Duration::days(4000)).date();

    // Raw bodies once, for the decode-only figure.
    let http = reqwest::Client::new();
    let mut bodies = Vec::new();
    for page in 1..=orders.div_ceil(500) {
        let url = format!(
            "{}wspedidos.json?data_inicio={since}&page={page}",
            demo.base_url()
        );
        let body = http
            .get(url)
            .header("appKey", demo.token())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        bodies.push(body);
    }
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();
    let rounds = (100_000 / orders).max(1);
    let t = Instant::now();
    let mut decoded = 0usize;
    for _ in 0..rounds {
        for (i, body) in bodies.iter().enumerate() {
            let value: serde_json::Value = serde_json::from_slice(body).unwrap();
            decoded += OrderPage::from_json(value, i as u32 + 1)
                .unwrap()
                .orders
                .len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "decode only: {decoded} orders in {secs:.3} s = {:.0} orders/s, {:.1} MB/s of JSON",
        decoded as f64 / secs,
        (bytes * rounds) as f64 / secs / 1e6
    );

    let t = Instant::now();
    let read = client.all_orders_since(since).await.unwrap().len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "end to end (demo store, 500 per page, no pacing): {read} orders in {secs:.3} s = {:.0} orders/s",
        read as f64 / secs
    );
    let pages = orders.div_ceil(50);
    println!(
        "with the default pacing (2 requests/s) a real store of {orders} orders at 50 per page needs >= {:.0} s",
        pages as f64 * 0.5
    );
    demo.shutdown().await;
}
