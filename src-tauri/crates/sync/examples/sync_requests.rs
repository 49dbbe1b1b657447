//! Store requests of the sync engine on large stores (SPEC §9 "sync, steady state").
//!
//! `cargo run --release -p conector-sync --example sync_requests [-- DAYS_BACK...]`
//! (default: 365 and 180 days of history at 274 orders a day: 100k and 49k orders).
//!
//! For each store (the demo store over HTTP on 127.0.0.1, no pacing: requests are counted, not
//! timed): the first run (everything since the start date); the second, which also does the
//! once-a-day re-listing of the last two days of new orders; a run with nothing changed in the
//! store; and 24 runs with the store's clock moved 15 minutes before each (new orders arrive,
//! planned status changes happen). Requests are the demo store's own count of API requests.
//! Per day = 96 runs like the last 24, plus once the extra of the daily re-listing (second run
//! minus the run with nothing changed).
//! Default budgets and a 120-day return window; the start date is the store's first day, so
//! every order outside the window is in the preview too.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use conector_core::Secret;
use conector_demo::{DemoConfig, DemoStore};
use conector_ledger::FinalStatuses;
use conector_simplo7::store_key;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use conector_sync::{run_once, store_today, NoProgress, RunResult, SyncConfig};

const PER_DAY: u32 = 274;
const RUNS_PER_DAY: u32 = 96;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<u32> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let sizes = if sizes.is_empty() {
        vec![365, 180]
    } else {
        sizes
    };
    println!(
        "| history | orders | in the 120-day window | first run | run with the daily re-listing | \
         steady run, nothing changed | runs with 15 min of new orders (avg / max) | \
         per day at 15 min |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for days_back in sizes {
        let demo = DemoStore::start(DemoConfig {
            days_back,
            orders_per_day: PER_DAY,
            customers: 40_000,
            feed_items: 0,
            ..DemoConfig::default()
        })
        .await?;
        let client = StoreClient::new(
            StoreAddress::from_override(&demo.base_url())?,
            &Secret::new(demo.token()),
            ClientConfig {
                min_interval: Duration::ZERO,
                ..ClientConfig::default()
            },
        )?;
        let config = SyncConfig::new(
            store_key(None, &demo.base_url()),
            FinalStatuses::new(["18", "21", "24"]),
            store_today() - time::Duration::days(i64::from(days_back) - 1),
            120,
        );
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("bench.sqlite3");
        let window_start =
            conector_sync::mapping::day_start_utc(config.window_start(store_today()));
        let orders = demo.order_ids().len();
        let in_window = demo
            .orders_now()
            .iter()
            .filter(|o| o.placed_at >= window_start)
            .count();

        let run = |config: SyncConfig| {
            let (db, client, demo) = (&db, &client, &demo);
            async move {
                let before = demo.requests().len();
                let started = Instant::now();
                let summary =
                    run_once(db, client, &config, &NoProgress, &AtomicBool::new(false)).await?;
                if summary.result != RunResult::Ok {
                    return Err(format!("run ended {:?}", summary.result).into());
                }
                let requests = demo.requests().len() - before;
                Ok::<_, Box<dyn std::error::Error>>((requests, started.elapsed(), summary))
            }
        };
        let (first, first_time, _) = run(config.clone()).await?;
        let (relisting, _, _) = run(config.clone()).await?;
        let (steady, _, steady_summary) = run(config.clone()).await?;
        if steady_summary.counts.entries_added != 0 {
            return Err("a run with nothing changed added entries".into());
        }
        let mut moving = Vec::new();
        for _ in 0..24 {
            demo.advance(Duration::from_secs(15 * 60));
            moving.push(run(config.clone()).await?.0);
        }
        let avg = moving.iter().sum::<usize>() as f64 / moving.len() as f64;
        let max = moving.iter().max().copied().unwrap_or(0);
        let per_day = avg * f64::from(RUNS_PER_DAY) + relisting.saturating_sub(steady) as f64;
        println!(
            "| {days_back} days | {orders} | {in_window} | {first} ({:.0} s) | {relisting} | \
             {steady} | {avg:.1} / {max} | ≈ {per_day:.0} |",
            first_time.as_secs_f64()
        );
        demo.shutdown().await;
    }
    Ok(())
}
