//! Light in the tray (issue #24): the app as the login item starts it (`--hidden`), measured
//! over its whole process tree: memory (PSS, `/proc/<pid>/smaps_rollup`) and idle CPU in the
//! tray, the time from "open" to a painted page, memory with the window open, and again in the
//! tray after the window was closed.
//!
//! Run it through `scripts/bench-tray.sh`, which builds the release app and runs this under the
//! test session (private D-Bus, Xvfb):
//! `cargo run --example bench_tray -- <app binary> [idle seconds, default 60]`.
//!
//! "Open" is a second launch of the app (single instance: it hands over to the running one,
//! which creates its window and exits) — what the tray's "Abrir" calls, plus starting a second
//! process, so the figure is an upper bound for "Abrir". "Painted": the window is mapped and
//! shows more than 32 colours (a blank or one-colour window has a handful).

#[cfg(target_os = "linux")]
#[allow(clippy::expect_used, clippy::unwrap_used, dead_code)]
#[path = "../tests/support/tray.rs"]
mod tray;

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("bench_tray reads /proc and drives X11: Linux only");
    std::process::exit(2);
}

#[cfg(target_os = "linux")]
fn main() -> Result<(), String> {
    linux::main()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command};
    use std::time::{Duration, Instant};

    use super::tray::{self, X};

    /// Time given to the app to settle after each change before memory is read (WebKit
    /// finishes loading, the first health/sync jobs of the start run). A measurement choice,
    /// not a synchronisation: the events themselves are waited for first.
    const SETTLE: Duration = Duration::from_secs(5);
    /// How long the start, the painting and the web process's end may take at most.
    const WITHIN: Duration = Duration::from_secs(60);

    struct Running {
        child: Child,
        profile: PathBuf,
    }

    impl Drop for Running {
        fn drop(&mut self) {
            let tree = tray::tree(self.child.id());
            let _ = self.child.kill();
            let _ = self.child.wait();
            for (pid, _) in tree {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }

    /// Every process of the app's tree, the app first: (pid, name, PSS kB).
    fn memory(root: u32) -> Vec<(u32, String, u64)> {
        let mut all = vec![(root, "conector-fidelidade".to_owned())];
        all.extend(tray::tree(root));
        all.into_iter()
            .map(|(pid, name)| (pid, name, tray::pss_kb(pid)))
            .collect()
    }

    fn report_memory(what: &str, root: u32) -> String {
        let processes = memory(root);
        let total: u64 = processes.iter().map(|(_, _, kb)| kb).sum();
        let parts: Vec<String> = processes
            .iter()
            .map(|(_, name, kb)| format!("{name} {:.1} MB", *kb as f64 / 1024.0))
            .collect();
        format!(
            "| {what} | **{:.1} MB** | {} |",
            total as f64 / 1024.0,
            parts.join(", ")
        )
    }

    /// CPU used by the whole tree over `secs`, as a share of one core.
    fn idle_cpu(what: &str, root: u32, secs: u64) -> Result<String, String> {
        let ticks = |root: u32| -> u64 {
            let mut pids = vec![root];
            pids.extend(tray::tree(root).into_iter().map(|(pid, _)| pid));
            pids.into_iter().map(tray::cpu_ticks).sum()
        };
        let per_second = clock_ticks()?;
        let before = ticks(root);
        std::thread::sleep(Duration::from_secs(secs));
        let used = ticks(root).saturating_sub(before);
        let cpu_ms = used as f64 * 1000.0 / per_second as f64;
        Ok(format!(
            "| {what} | **{:.3} %** of one core | {cpu_ms:.0} ms of CPU in {secs} s |",
            cpu_ms / 10.0 / secs as f64
        ))
    }

    fn clock_ticks() -> Result<u64, String> {
        let out = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .map_err(|e| format!("getconf: {e}"))?;
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .map_err(|e| format!("CLK_TCK: {e}"))
    }

    fn wait_for_log(profile: &Path, line: &str) -> Result<(), String> {
        let deadline = Instant::now() + WITHIN;
        while !tray::logs(profile).contains(line) {
            if Instant::now() > deadline {
                return Err(format!("the app never logged {line:?}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// A second launch on the same profile: it hands over to the running app and exits.
    fn open(app: &Path, profile: &Path) -> Result<(), String> {
        let mut second = tray::launch(app, profile, &[], &[]);
        second
            .wait()
            .map_err(|e| format!("the second launch: {e}"))?;
        Ok(())
    }

    /// How many times the window is opened (and closed) for the timings.
    const OPENS: usize = 5;

    /// One opening: its window and when it was handed over and painted, from the ask.
    struct Opened {
        window: tray::Window,
        handed_over: Duration,
        painted: Duration,
    }

    fn open_and_paint(x: &X, app: &Path, profile: &Path, pid: u32) -> Result<Opened, String> {
        let asked = Instant::now();
        open(app, profile)?;
        // The second launch has handed over and exited: from here on the running app does
        // what the tray's "Abrir" does (`window::open`).
        let handed_over = asked.elapsed();
        let window = x.wait_painted(pid, WITHIN);
        Ok(Opened {
            window,
            handed_over,
            painted: asked.elapsed(),
        })
    }

    /// Closes the window as its close button does; the time until its web process is gone.
    fn close_and_wait(x: &X, window: tray::Window, pid: u32) -> Result<Duration, String> {
        x.close(window);
        let closed = Instant::now();
        while !tray::webkit(pid, "WebKitWebProces").is_empty() {
            if closed.elapsed() > WITHIN {
                return Err("the web process outlived its window".into());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(closed.elapsed())
    }

    pub fn main() -> Result<(), String> {
        let mut args = std::env::args().skip(1);
        let app = PathBuf::from(
            args.next()
                .ok_or("usage: bench_tray <app> [idle seconds]")?,
        );
        let idle_secs: u64 = match args.next() {
            Some(s) => s.parse().map_err(|e| format!("idle seconds: {e}"))?,
            None => 60,
        };
        let profile = std::env::temp_dir().join(format!("bench-tray-{}", std::process::id()));
        std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
        let x = X::connect();

        let child = tray::launch(&app, &profile, &["--hidden"], &[]);
        let running = Running {
            child,
            profile: profile.clone(),
        };
        let pid = running.child.id();
        wait_for_log(
            &profile,
            "started hidden: no window until the owner opens it",
        )?;
        std::thread::sleep(SETTLE);
        let webkit_hidden = tray::webkit(pid, "WebKit").len();
        let mut memory = vec![report_memory("in the tray (started `--hidden`)", pid)];
        let mut idle = vec![idle_cpu(
            "in the tray (started `--hidden`)",
            pid,
            idle_secs,
        )?];

        // The first opening is measured for memory too; the timings come from `OPENS` in a
        // row (each closed before the next).
        let first = open_and_paint(&x, &app, &profile, pid)?;
        std::thread::sleep(SETTLE);
        memory.push(report_memory("window open (welcome page)", pid));
        let mut gone = vec![close_and_wait(&x, first.window, pid)?];
        std::thread::sleep(SETTLE);
        memory.push(report_memory("in the tray after the window closed", pid));
        idle.push(idle_cpu(
            "in the tray after the window closed",
            pid,
            idle_secs,
        )?);
        let mut opens = vec![first];
        while opens.len() < OPENS {
            let next = open_and_paint(&x, &app, &profile, pid)?;
            std::thread::sleep(SETTLE);
            gone.push(close_and_wait(&x, next.window, pid)?);
            opens.push(next);
        }

        println!("| state | PSS, whole tree | processes |");
        println!("|---|---|---|");
        memory.iter().for_each(|row| println!("{row}"));
        println!();
        println!("| idle | CPU | |");
        println!("|---|---|---|");
        idle.iter().for_each(|row| println!("{row}"));
        println!();
        println!(
            "| step ({OPENS} openings, each closed before the next) | median | slowest | each |"
        );
        println!("|---|---|---|---|");
        let row = |what: &str, times: Vec<Duration>| {
            let mut ms: Vec<u128> = times.iter().map(Duration::as_millis).collect();
            let each = ms
                .iter()
                .map(u128::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            ms.sort_unstable();
            println!(
                "| {what} | **{} ms** | {} ms | {each} |",
                ms[ms.len() / 2],
                ms[ms.len() - 1]
            );
        };
        row(
            "open (second launch) → page painted",
            opens.iter().map(|o| o.painted).collect(),
        );
        row(
            "of which the second launch, until it handed over",
            opens.iter().map(|o| o.handed_over).collect(),
        );
        row(
            "hand-over → page painted (what the tray's \"Abrir\" runs)",
            opens.iter().map(|o| o.painted - o.handed_over).collect(),
        );
        row("close → web process gone", gone);
        println!();
        println!("WebKit processes started hidden, before any window: {webkit_hidden}");
        drop(running);
        Ok(())
    }
}
