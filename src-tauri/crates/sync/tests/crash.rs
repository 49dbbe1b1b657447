//! SPEC §5 "Crash-safe": a real process syncing from the demo store is killed (SIGKILL on
//! Unix, TerminateProcess on Windows) at random moments and run again; the final ledger is the
//! same as a clean run's, at every kill point.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{ledger, FINALS};
use conector_demo::{DemoConfig, DemoStore};

const ITERATIONS: usize = 12;

fn probe(base_url: &str, db: &Path, since: &str) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conector-sync-probe"));
    cmd.args([
        "--base-url",
        base_url,
        "--since",
        since,
        "--min-interval-ms",
        "0",
    ]);
    cmd.arg("--db").arg(db);
    for status in FINALS {
        cmd.args(["--final-status", status]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(conector_demo::DEMO_TOKEN.as_bytes())
        .unwrap();
    drop(stdin);
    child
}

fn run_to_end(base_url: &str, db: &Path, since: &str) {
    let out = probe(base_url, db, since).wait_with_output().unwrap();
    assert!(out.status.success(), "a clean probe run succeeds");
}

/// Starts a run and kills it after `pages` page events plus `extra` of wall time; returns
/// whether the kill landed before the run finished.
fn run_and_kill(base_url: &str, db: &Path, since: &str, pages: usize, extra: Duration) -> bool {
    let mut child = probe(base_url, db, since);
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = 0;
    let mut finished = false;
    while seen < pages {
        match lines.next() {
            Some(Ok(line)) if line.contains("\"progress\"") => seen += 1,
            Some(Ok(line)) if line.contains("\"finished\"") => {
                finished = true;
                break;
            }
            Some(Ok(_)) => {}
            _ => break,
        }
    }
    // Picks the instant of the kill inside the next page (not a synchronisation).
    std::thread::sleep(extra);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    !finished && !status.success()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_runs_converge_to_the_clean_ledger() {
    // Small pages: more commits, more places for a kill to land.
    let demo = DemoStore::start(DemoConfig {
        page_size: 20,
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let base_url = demo.base_url();
    let since = conector_sync::config::iso_date_string(
        conector_sync::store_today() - time::Duration::days(90),
    );
    let dir = tempfile::tempdir().unwrap();

    let clean_db = dir.path().join("clean.sqlite3");
    {
        let (b, d, s) = (base_url.clone(), clean_db.clone(), since.clone());
        tokio::task::spawn_blocking(move || run_to_end(&b, &d, &s))
            .await
            .unwrap();
    }
    let clean = ledger(&conector_core::db::open(&clean_db).unwrap());
    let pages: usize = conector_core::db::open(&clean_db)
        .unwrap()
        .query_row("SELECT pages FROM sync_runs", [], |r| r.get(0))
        .unwrap();
    assert!(
        pages >= 5,
        "enough pages for kills to land mid-run ({pages})"
    );
    assert!(!clean.is_empty());

    let seed = fastrand::u64(..);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut mid_run = 0;
    for i in 0..ITERATIONS {
        let db = dir.path().join(format!("run{i}.sqlite3"));
        // Every request answers slowly, so the run spends its time between commits.
        demo.slow_down(100_000, Duration::from_millis(15));
        // Up to three kills in a row before the run is let through.
        let kills = 1 + rng.usize(..3);
        for _ in 0..kills {
            let at_page = rng.usize(..pages);
            let extra = Duration::from_millis(rng.u64(..20));
            let (b, d, s) = (base_url.clone(), db.clone(), since.clone());
            let landed =
                tokio::task::spawn_blocking(move || run_and_kill(&b, &d, &s, at_page, extra))
                    .await
                    .unwrap();
            mid_run += usize::from(landed);
        }
        demo.clear_faults();
        let (b, d, s) = (base_url.clone(), db.clone(), since.clone());
        tokio::task::spawn_blocking(move || run_to_end(&b, &d, &s))
            .await
            .unwrap();

        let conn = conector_core::db::open(&db).unwrap();
        assert_eq!(
            ledger(&conn),
            clean,
            "iteration {i} (seed {seed}): the ledger after kills and a rerun equals a clean run's"
        );
        let open_runs: u32 = conn
            .query_row(
                "SELECT COUNT(*) FROM sync_runs WHERE result = 'running'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(open_runs, 0, "killed runs are closed as interrupted");
    }
    eprintln!("crash test: {pages} pages, {mid_run} kills mid-run, seed {seed}");
    assert!(
        mid_run >= ITERATIONS / 2,
        "most kills landed mid-run ({mid_run} of them; seed {seed})"
    );
}
