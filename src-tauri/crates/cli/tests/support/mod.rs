//! What the command line's tests share: a real demo store on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use conector_demo::{DemoConfig, DemoHandle, DemoStore};

/// A demo store on its own runtime thread, so the CLI's blocking calls can run on this one.
/// Shut down when dropped.
pub struct Demo {
    handle: Option<DemoHandle>,
    runtime: tokio::runtime::Runtime,
}

impl Demo {
    /// A demo store whose feed has `feed_items` products (0: the store's API only).
    pub fn start(feed_items: usize) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let handle = runtime
            .block_on(DemoStore::start(DemoConfig {
                feed_items,
                ..DemoConfig::default()
            }))
            .unwrap();
        Self {
            handle: Some(handle),
            runtime,
        }
    }

    pub fn handle(&self) -> &DemoHandle {
        self.handle.as_ref().unwrap()
    }

    /// Runs `future` on the store's runtime (to start or stop another server beside it).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.runtime.block_on(handle.shutdown());
        }
    }
}

/// `sync preview`'s flags for the demo store at `base` and the database file `db`: the token
/// from standard input, no pause between the store's calls; then `more`.
pub fn preview_args(base: &str, db: &std::path::Path, more: &[&str]) -> Vec<String> {
    let db = db.to_str().unwrap();
    let flags = [
        "--token-stdin",
        "--min-interval-ms",
        "0",
        "--base-url",
        base,
    ];
    flags
        .into_iter()
        .chain(["--db", db])
        .chain(more.iter().copied())
        .map(str::to_owned)
        .collect()
}
