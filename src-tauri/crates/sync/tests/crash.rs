//! SPEC §5 "Crash-safe": a real process syncing from the demo store is killed (SIGKILL on
//! Unix, TerminateProcess on Windows) at random moments and run again.
//!
//! Resume, not only convergence: after each kill, the next run's first listing request is the
//! page the saved checkpoint names, no earlier page is asked for again, and over all the kills
//! the listing reads each page at most once more than a clean run (the page in flight at each
//! kill). A run that ignored its checkpoint fails the same check (shown on a copy whose
//! checkpoint was removed). And the final ledger equals a clean run's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{ledger, FINALS};
use conector_demo::{DemoConfig, DemoHandle, DemoStore, RequestRecord};

const ITERATIONS: usize = 12;

fn probe(base_url: &str, db: &Path, since: &str) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_conector-sync-probe"));
    cmd.args([
        "--base-url",
        base_url,
        "--since",
        since,
        "--return-window-days",
        "120",
        "--min-interval-ms",
        "0",
        // Only the listing of new orders reads `data_inicio=<since>` without a status: the
        // pages a run asks for are then the listing's, and nothing else's.
        "--window-pages",
        "0",
        "--max-rechecks",
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

/// The pages of the listing of new orders asked for, in order.
fn listing_pages(requests: &[RequestRecord], since: &str) -> Vec<u32> {
    let prefix = format!("data_inicio={since}&page=");
    requests
        .iter()
        .filter(|r| r.path == "/ws/wspedidos.json" && !r.query.contains("status="))
        .filter_map(|r| r.query.strip_prefix(&prefix)?.parse().ok())
        .collect()
}

/// The page the saved checkpoint says the listing goes on from, if a listing is in flight.
fn checkpoint_page(db: &Path) -> Option<u32> {
    let conn = conector_core::db::open(db).unwrap();
    conn.query_row(
        "SELECT next_page FROM sync_checkpoints WHERE pass_from IS NOT NULL",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// Whether a run's listing requests resumed at the checkpoint's page: the first is that page
/// and none comes before it.
fn resumed_at(pages: &[u32], next_page: u32) -> bool {
    pages.first() == Some(&next_page) && pages.iter().all(|p| *p >= next_page)
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_runs_resume_from_their_checkpoint_and_converge_to_the_clean_ledger() {
    // Small pages: more commits, more places for a kill to land.
    let demo: DemoHandle = DemoStore::start(DemoConfig {
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
    let from = demo.requests().len();
    {
        let (b, d, s) = (base_url.clone(), clean_db.clone(), since.clone());
        blocking(move || run_to_end(&b, &d, &s)).await;
    }
    let clean_pages = listing_pages(&demo.requests()[from..], &since);
    let pages = clean_pages.len();
    assert_eq!(clean_pages, (1..=pages as u32).collect::<Vec<_>>());
    assert!(
        pages >= 5,
        "enough pages for kills to land mid-run ({pages})"
    );
    let clean = ledger(&conector_core::db::open(&clean_db).unwrap());
    assert!(!clean.is_empty());

    let seed = fastrand::u64(..);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut mid_run = 0;
    let mut resumes_checked = 0;
    let mut control: Option<(std::path::PathBuf, u32)> = None;
    for i in 0..ITERATIONS {
        let db = dir.path().join(format!("run{i}.sqlite3"));
        // Every request answers slowly, so the run spends its time between commits.
        demo.slow_down(100_000, Duration::from_millis(15));
        let kills = 1 + rng.usize(..3);
        let mut listed = 0;
        for k in 0..=kills {
            let resume_from = checkpoint_page(&db);
            if let Some(page) = resume_from.filter(|p| *p > 1 && control.is_none()) {
                let copy = dir.path().join(format!("control{i}.sqlite3"));
                conector_core::db::open(&db)
                    .unwrap()
                    .execute_batch(&format!("VACUUM INTO '{}'", copy.display()))
                    .unwrap();
                control = Some((copy, page));
            }
            let from = demo.requests().len();
            let (b, d, s) = (base_url.clone(), db.clone(), since.clone());
            if k < kills {
                let at_page = rng.usize(..pages);
                let extra = Duration::from_millis(rng.u64(..20));
                mid_run +=
                    usize::from(blocking(move || run_and_kill(&b, &d, &s, at_page, extra)).await);
            } else {
                demo.clear_faults();
                blocking(move || run_to_end(&b, &d, &s)).await;
            }
            let asked = listing_pages(&demo.requests()[from..], &since);
            listed += asked.len();
            // A run killed before it reached the listing (during the status list) says nothing.
            let reached_listing = !asked.is_empty() || k == kills;
            if let Some(page) = resume_from.filter(|_| reached_listing) {
                resumes_checked += 1;
                assert!(
                    resumed_at(&asked, page),
                    "iteration {i} (seed {seed}): the run after a kill resumes at page {page}, \
                     asked {asked:?}"
                );
            }
        }
        assert!(
            listed <= pages + kills,
            "iteration {i} (seed {seed}): {listed} listing requests for {pages} pages and \
             {kills} kills"
        );

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
    eprintln!(
        "crash test: {pages} pages, {mid_run} kills mid-run, {resumes_checked} resumes, seed {seed}"
    );
    assert!(
        mid_run >= ITERATIONS / 2,
        "most kills landed mid-run ({mid_run} of them; seed {seed})"
    );

    // The check tells a resume from a start over: a run whose checkpoint is gone (as a run
    // ignoring checkpoints would behave) starts at page 1 and fails it.
    let (copy, page) = control.expect("some kill left a listing in flight past page 1");
    copy_without_checkpoint(&copy);
    let from = demo.requests().len();
    {
        let (b, s) = (base_url.clone(), since.clone());
        blocking(move || run_to_end(&b, &copy, &s)).await;
    }
    let asked = listing_pages(&demo.requests()[from..], &since);
    assert!(!resumed_at(&asked, page), "{asked:?} from {page}");
    assert_eq!(asked.len(), pages);
}

fn copy_without_checkpoint(db: &Path) {
    conector_core::db::open(db)
        .unwrap()
        .execute("DELETE FROM sync_checkpoints", [])
        .unwrap();
}
