//! The app's own work never fails on its own lock (issue #23, item 3): while a feed import
//! writes without pause and every core is busy with a CPU hog (a slow owner PC with a compile
//! beside the app), a sync run, a settings save and a health run all succeed, 20 times out of
//! 20, and the preview's totals are those of a run without the import.
//!
//! Real parts only: the demo store over HTTP on 127.0.0.1, real SQLite files, the app's own
//! functions. No sleep synchronises anything: the import starts the concurrent work once it has
//! written its first rows, and stops when that work is over.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;

use conector_app::fixture;
use conector_app::sync::{RulesChange, SyncRuns};
use conector_app::Context;
use conector_catalog::ImportObserver;
use conector_feed::{Item, ReadOptions};
use conector_ledger::PreviewTotals;
use conector_secrets::Keychain;
use conector_sync::RunResult;

const REPETITIONS: usize = 20;

/// A demo store set up as the wizard leaves it (form saved, feed imported), in a fresh folder.
async fn set_up() -> (Arc<Context>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Arc::new(fixture::context(
        dir.path(),
        Keychain::with_service("br.com.conectorfidelidade.test.lock-under-load"),
    ));
    let base = fixture::own_demo(&ctx).await;
    fixture::record_connection(&ctx, &base).await;
    fixture::import_demo_feed(&ctx).await;
    fixture::save_demo_form(&ctx, &["18", "21"]).await;
    (ctx, dir)
}

/// A feed that never ends until `stop` is set: one product after another, as fast as the
/// import takes them, then the closing tags.
struct Endless {
    stop: Arc<AtomicBool>,
    next: u64,
    pending: Vec<u8>,
    done: bool,
}

impl Endless {
    fn new(stop: Arc<AtomicBool>) -> Self {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                    <rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\
                    <title>Carga</title>";
        Endless {
            stop,
            next: 0,
            pending: head.as_bytes().to_vec(),
            done: false,
        }
    }
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() && !self.done {
            if self.stop.load(Ordering::Relaxed) {
                self.pending = b"</channel></rss>".to_vec();
                self.done = true;
            } else {
                for _ in 0..50 {
                    self.next += 1;
                    let n = self.next;
                    self.pending.extend(
                        format!(
                            "<item><g:id>CARGA-{n:08}</g:id><title>Produto de carga {n}</title>\
                             <link>https://loja.example.com.br/p/{n}</link>\
                             <g:image_link>https://loja.example.com.br/i/{n}.jpg</g:image_link>\
                             <g:price>{}.90 BRL</g:price><g:availability>in_stock</g:availability>\
                             <g:brand>Marca</g:brand></item>\n",
                            10 + n % 90
                        )
                        .bytes(),
                    );
                }
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// Tells the test once the import has handed its first rows to the writer.
struct Started(Option<mpsc::Sender<()>>);

impl ImportObserver for Started {
    fn item(&mut self, _item: &Item) {
        if let Some(tell) = self.0.take() {
            let _ = tell.send(());
        }
    }
}

/// Busy loops on every core until `stop`.
fn cpu_hogs(stop: &Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<()>> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (0..cores * 2)
        .map(|_| {
            let stop = Arc::clone(stop);
            std::thread::spawn(move || {
                let mut x: u64 = 1;
                while !stop.load(Ordering::Relaxed) {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    std::hint::black_box(x);
                }
            })
        })
        .collect()
}

fn totals_of(t: &PreviewTotals) -> (u64, u64, u64, i64, i64) {
    (
        t.orders_seen,
        t.customers,
        t.orders_earning,
        t.earning_cents,
        t.points_total,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_a_save_and_a_health_run_never_fail_beside_an_import_on_a_starved_cpu() {
    // The totals of a run without the import.
    let (quiet, _quiet_dir) = set_up().await;
    let expected = fixture::preview_run(&quiet).await.unwrap();
    assert_eq!(expected.result, RunResult::Ok);
    assert!(expected.totals.orders_seen > 100, "{:?}", expected.totals);
    let expected = totals_of(&expected.totals);
    drop(quiet);

    let mut failures = Vec::new();
    for repetition in 0..REPETITIONS {
        let (ctx, _dir) = set_up().await;
        let stop_import = Arc::new(AtomicBool::new(false));
        let stop_hogs = Arc::new(AtomicBool::new(false));
        let (started_tx, started) = mpsc::channel();
        let import = std::thread::spawn({
            let (path, stop) = (ctx.database_path().to_path_buf(), Arc::clone(&stop_import));
            move || {
                let mut conn = conector_core::db::open(&path).unwrap();
                conector_catalog::import_reader(
                    &mut conn,
                    "carga",
                    Endless::new(stop),
                    &ReadOptions::default(),
                    &mut Started(Some(started_tx)),
                )
            }
        });
        tokio::task::spawn_blocking(move || started.recv().unwrap())
            .await
            .unwrap();
        let hogs = cpu_hogs(&stop_hogs);

        // The dashboard's interval saved: a write in its own transaction, as every save.
        let no_runs = SyncRuns::idle(&ctx);
        let save =
            conector_app::sync::change_rules(&ctx, &no_runs, RulesChange::default(), |conn| {
                conector_core::settings::set(conn, "sync.interval_minutes", "30")?;
                Ok(())
            });
        let (run, saved, health) = tokio::join!(
            fixture::preview_run(&ctx),
            save,
            conector_app::health::run(&ctx)
        );

        stop_hogs.store(true, Ordering::Relaxed);
        stop_import.store(true, Ordering::Relaxed);
        for hog in hogs {
            hog.join().unwrap();
        }
        let imported = tokio::task::spawn_blocking(move || import.join().unwrap())
            .await
            .unwrap();

        match &run {
            Ok(summary) if summary.result == RunResult::Ok => {
                if totals_of(&summary.totals) != expected {
                    failures.push(format!(
                        "{repetition}: totals {:?} against {expected:?} without the import",
                        totals_of(&summary.totals)
                    ));
                }
            }
            other => failures.push(format!("{repetition}: sync {other:?}")),
        }
        if let Err(e) = &saved {
            failures.push(format!("{repetition}: save {e:?}"));
        }
        if let Err(e) = &health {
            failures.push(format!("{repetition}: health {e:?}"));
        }
        if let Err(e) = &imported {
            failures.push(format!("{repetition}: import {e:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
