//! `conector.exe`, the Windows build, under Wine against the demo store on 127.0.0.1, next to
//! the Linux build on the same inputs: `feed check`, `store check`, `sync preview --once`,
//! `status` and `health` give the same exit codes and the same JSON — every field (counts,
//! totals, verdicts, codes, messages) except paths and instants (`data_dir`, `log_dir` and
//! keys ending in `_at`, removed before comparing).
//!
//! Linux only (it runs both builds). Built only with the `windows-build` feature, as it needs
//! the Windows build (docs/WINDOWS.md): CONECTOR_WINDOWS_INSTALLER names the installer of
//! `scripts/windows/package.sh --debug`, whose folder holds `conector.exe`.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod windows;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use conector_demo::{DemoConfig, DemoStore, DEMO_TOKEN};
use serde_json::Value;
use windows::{windows_bin_dir, Wine};

/// Removes what differs by nature between two machines: paths and instants.
fn without_paths_and_instants(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| k != "data_dir" && k != "log_dir" && !k.ends_with("_at"));
            map.values_mut().for_each(without_paths_and_instants);
        }
        Value::Array(items) => items.iter_mut().for_each(without_paths_and_instants),
        _ => {}
    }
}

/// Runs `command` with `stdin`, returning its exit code and its JSON output, compared form.
fn json_of(mut command: Command, stdin: &str) -> (i32, Value) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut json: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&out.stderr)));
    without_paths_and_instants(&mut json);
    (out.status.code().unwrap(), json)
}

/// Both builds, the same arguments; `{db}` stands for each one's own database file.
fn both(wine: &Wine, work: &Path, args: &[&str], stdin: &str) -> [(i32, Value); 2] {
    let with_db = |db: &str| {
        args.iter()
            .map(|a| a.replace("{db}", db))
            .collect::<Vec<_>>()
    };
    let linux_db = work.join("linux.sqlite3");
    let mut linux = Command::new(env!("CARGO_BIN_EXE_conector"));
    linux.args(with_db(linux_db.to_str().unwrap()));
    let windows_db = format!("Z:{}", work.join("windows.sqlite3").display());
    let mut windows = wine.command(windows_bin_dir().join("conector.exe"));
    windows.args(with_db(&windows_db));
    [json_of(linux, stdin), json_of(windows, stdin)]
}

#[test]
fn the_windows_build_gives_the_linux_builds_answers() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let demo = runtime
        .block_on(DemoStore::start(DemoConfig {
            feed_items: 300,
            ..DemoConfig::default()
        }))
        .unwrap();
    let wine = Wine::new();
    let work = tempfile::tempdir().unwrap();
    let (base, feed) = (demo.base_url(), demo.feed_url());
    let token = format!("{DEMO_TOKEN}\n");

    // Run twice: the second run must add nothing, on Windows as on Linux.
    let preview = vec![
        "sync",
        "preview",
        "--once",
        "--json",
        "--token-stdin",
        "--min-interval-ms",
        "0",
        "--base-url",
        &base,
        "--db",
        "{db}",
        "--final-status",
        "18",
        "--final-status",
        "21",
    ];
    let runs: [(&str, Vec<&str>, &str); 6] = [
        (
            "feed check",
            vec!["feed", "check", &feed, "--json", "--demo-store", &base],
            "",
        ),
        (
            "store check",
            vec![
                "store",
                "check",
                "--base-url",
                &base,
                "--token-stdin",
                "--json",
            ],
            &token,
        ),
        ("sync preview --once", preview.clone(), &token),
        ("sync preview --once, again", preview, &token),
        ("status", vec!["status", "--json", "--db", "{db}"], ""),
        (
            "health",
            vec![
                "health",
                "--base-url",
                &base,
                "--token-stdin",
                "--feed",
                &feed,
                "--final-status",
                "18",
                "--final-status",
                "21",
                "--json",
            ],
            &token,
        ),
    ];
    let mut answers = std::collections::HashMap::new();
    for (name, args, stdin) in runs {
        let [linux, windows] = both(&wine, work.path(), &args, stdin);
        assert_eq!(linux.0, 0, "{name} on Linux: {}", linux.1);
        assert_eq!(
            windows, linux,
            "{name}: Windows (left) and Linux (right) differ"
        );
        answers.insert(name, linux.1);
    }

    // The comparison has substance: the feed was read, the preview read orders and gave
    // points, and running it again added nothing on either system.
    assert_eq!(answers["feed check"]["items"], 300);
    let first = &answers["sync preview --once"];
    assert!(first["orders_seen"].as_u64().unwrap() > 0, "{first}");
    assert!(first["points_total"].as_u64().unwrap() > 0, "{first}");
    assert_eq!(
        answers["sync preview --once, again"]["ledger_entries_added"],
        0
    );
    assert_eq!(answers["health"]["state"], "ok");
    runtime.block_on(demo.shutdown());
}
