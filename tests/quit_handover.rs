//! `conector-fidelidade --quit`, the Windows installer's hand-over (scripts/windows/installer.nsi,
//! `CloseRunningApp`): a running instance asked this way exits on its own, with success, as from
//! its tray's "Sair", so the installer can replace its files without ending it by force; with no
//! instance running, the launch exits at once and opens nothing.
//!
//! The hand-over goes through tauri-plugin-single-instance, here over the session bus (Linux);
//! on Windows the same callback runs through the plugin's window message, which the release
//! workflow's install over a running app checks (Wine has no WebView2 to run the app).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use support::{app_pids, name_has_owner, single_instance_name, APP};

/// The app on `profile` (its own data, config and cache folders), with `args`.
fn launch(profile: &Path, args: &[&str]) -> Child {
    Command::new(APP)
        .args(args)
        .env("XDG_DATA_HOME", profile.join("data"))
        .env("XDG_CONFIG_HOME", profile.join("config"))
        .env("XDG_CACHE_HOME", profile.join("cache"))
        .env("TZ", support::APP_TZ)
        .env_remove("CONECTOR_RELAUNCHED")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The child's exit status, or `None` if it still runs after `limit`.
fn exit_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
#[ignore = "needs Xvfb and a D-Bus session: run `make test`"]
fn quit_makes_the_running_app_exit_cleanly_and_opens_nothing_itself() {
    let profile = tempfile::tempdir().unwrap();
    let name = single_instance_name(profile.path());

    // With no app running, `--quit` exits at once, successfully, and leaves nothing running.
    let mut alone = launch(profile.path(), &["--quit"]);
    let status = exit_within(&mut alone, Duration::from_secs(30));
    if status.is_none() {
        kill(&mut alone);
    }
    assert!(
        status.is_some_and(|s| s.success()),
        "`--quit` with nothing running: {status:?}"
    );
    assert!(app_pids(profile.path()).is_empty());
    assert!(!name_has_owner(&name));

    // The app runs (it owns its single-instance name once it is up).
    let mut running = launch(profile.path(), &[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !name_has_owner(&name) {
        if Instant::now() >= deadline || running.try_wait().unwrap().is_some() {
            kill(&mut running);
            panic!("the app did not start on its profile");
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    // The installer's hand-over: the new launch passes `--quit` to it and leaves.
    let mut quit = launch(profile.path(), &["--quit"]);
    let handed_over = exit_within(&mut quit, Duration::from_secs(30));
    let ran = exit_within(&mut running, Duration::from_secs(30));
    if handed_over.is_none() {
        kill(&mut quit);
    }
    if ran.is_none() {
        kill(&mut running);
    }
    assert!(
        handed_over.is_some_and(|s| s.success()),
        "the launch with `--quit`: {handed_over:?}"
    );
    // The running app left on its own, with success: not killed, not still running.
    assert!(
        ran.is_some_and(|s| s.success()),
        "the running app, asked to quit: {ran:?}"
    );
    assert!(app_pids(profile.path()).is_empty(), "no app left running");
}
