//! A launch that meets an earlier instance while it is closing (it still owns the single-instance
//! name on the session bus but leaves without answering the hand-over) starts the app again
//! instead of quitting with nothing on screen. The closing instance is a stand-in
//! (`tests/fixtures/closing_instance.py`) that owns the same name and exits when called.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{app_pids, name_has_owner, single_instance_name, APP};

#[test]
#[ignore = "needs Xvfb and a D-Bus session: run `make test`"]
fn a_launch_that_meets_a_closing_instance_starts_again_and_opens() {
    let profile = tempfile::tempdir().unwrap();
    let name = single_instance_name(profile.path());
    let path = format!("/{}", name.replace('.', "/").replace('-', "_"));

    let mut closing = Command::new("/usr/bin/python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/closing_instance.py"
        ))
        .args([&name, &path])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3-dbus and python3-gi are installed (scripts/setup-system.sh)");
    let mut said = BufReader::new(closing.stdout.take().unwrap()).lines();
    assert_eq!(said.next().unwrap().unwrap(), "ready");
    assert!(name_has_owner(&name));

    let log = std::fs::File::create(profile.path().join("first-launch.log")).unwrap();
    let mut first = Command::new(APP)
        .env("XDG_DATA_HOME", profile.path().join("data"))
        .env("XDG_CONFIG_HOME", profile.path().join("config"))
        .env("XDG_CACHE_HOME", profile.path().join("cache"))
        .env_remove("CONECTOR_RELAUNCHED")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();

    // The launch asked the closing instance to take over, and it left without answering.
    assert_eq!(said.next().unwrap().unwrap(), "asked");
    assert!(closing.wait().unwrap().success());
    // This launch then hands over to a new one of itself, which opens and owns the name.
    let status = first.wait().unwrap();
    let stderr = std::fs::read_to_string(profile.path().join("first-launch.log")).unwrap();
    assert!(status.success(), "{status}: {stderr}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !name_has_owner(&name) {
        assert!(
            Instant::now() < deadline,
            "no instance opened after the closing one left: {stderr}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let running = app_pids(profile.path());
    assert_eq!(running.len(), 1, "one app, started again: {running:?}");

    for pid in running {
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app_pids(profile.path()).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    for pid in app_pids(profile.path()) {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
    }
}
