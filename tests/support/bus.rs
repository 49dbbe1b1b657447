//! Desktop notifications as a desktop shows them: a real notification server (`dunst`) on the
//! test session's bus, and every `Notify` call it receives as `dbus-monitor` prints it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};

use super::UI_TIMEOUT;

/// What `dbus-monitor` printed so far, and a signal for each new line.
#[derive(Default)]
struct Seen {
    text: Mutex<String>,
    grew: Condvar,
}

/// The notification calls seen on the session bus (`Notify`), as `dbus-monitor` prints them.
pub struct Bus {
    monitor: Child,
    server: Option<Child>,
    seen: Arc<Seen>,
}

impl Bus {
    pub fn watch() -> Bus {
        // A notification server, as a desktop has; if one already answers, that one will do.
        let server = Command::new("dunst")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
        let mut monitor = Command::new("dbus-monitor")
            .args([
                "--session",
                "interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (dbus package; scripts/setup-system.sh)");
        let seen = Arc::new(Seen::default());
        let out = monitor.stdout.take().unwrap();
        let into = Arc::clone(&seen);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let mut text = into.text.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
                into.grew.notify_all();
            }
        });
        let bus = Bus {
            monitor,
            server,
            seen,
        };
        // The monitor says it took its place on the bus before anything is sent.
        bus.wait_until(|text| !text.is_empty(), "dbus-monitor to start");
        bus
    }

    /// Sleeps until the monitor's text satisfies `done` (woken by each line it prints), for at
    /// most [`UI_TIMEOUT`].
    pub fn wait_until(&self, done: impl Fn(&str) -> bool, what: &str) {
        let text = self.seen.text.lock().unwrap();
        let (text, waited) = self
            .seen
            .grew
            .wait_timeout_while(text, UI_TIMEOUT, |text| !done(text))
            .unwrap();
        assert!(
            !waited.timed_out(),
            "waited for {what}; the bus saw:\n{}",
            *text
        );
    }

    /// How many `Notify` calls carried `summary` as their title.
    pub fn count(&self, summary: &str) -> usize {
        self.seen
            .text
            .lock()
            .unwrap()
            .matches(&format!("string \"{summary}\""))
            .count()
    }

    /// Waits for the `n`th notification titled `summary`; returns the bus text since the call.
    pub fn expect(&self, summary: &str, n: usize) -> String {
        self.wait_until(
            |text| text.matches(&format!("string \"{summary}\"")).count() >= n,
            &format!("notification #{n} \"{summary}\""),
        );
        let seen = self.seen.text.lock().unwrap();
        let at = seen.rfind(&format!("string \"{summary}\"")).unwrap_or(0);
        seen[at..].to_owned()
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.monitor.kill();
        let _ = self.monitor.wait();
        if let Some(server) = self.server.as_mut() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}
