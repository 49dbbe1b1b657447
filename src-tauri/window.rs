//! The main window lives only while the owner looks at it (issue #24): none is created at start
//! with `--hidden` (the login item), closing it destroys it and its web view, and the tray's
//! "Abrir" or a second launch creates it again. The app itself keeps running with no window —
//! the sync service, the health watch, notifications and the privacy erase need none — until
//! the owner chooses "Sair".
//!
//! Same path on every platform: on Windows a closed window likewise ends its WebView2
//! processes, and the run loop's exit request is the same event.

use std::sync::Mutex;

use conector_app::health::{Notification, NotificationTitle};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, RunEvent, Runtime, WebviewWindowBuilder};

/// The label of the one window, whose settings (size, minimum size, title) are in
/// `tauri.conf.json` with `"create": false`.
pub const MAIN: &str = "main";

/// Shows the main window: brings the existing one to the front, or creates it (and its web
/// view) from its configuration. A failure is logged; the app keeps running in the tray.
pub fn open<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == MAIN) else {
        tracing::error!("tauri.conf.json has no main window");
        return;
    };
    match WebviewWindowBuilder::from_config(app, config).and_then(|b| b.build()) {
        Ok(window) => {
            let _ = window.set_focus();
            tracing::info!("window opened");
        }
        Err(e) => tracing::error!(error = %e, "the window could not be created"),
    }
}

/// At start: the window, unless launched with `--hidden` (the login item), which starts with
/// none.
pub fn open_at_start<R: Runtime>(app: &AppHandle<R>) {
    if std::env::args().any(|a| a == crate::watch::HIDDEN_ARG) {
        tracing::info!("started hidden: no window until the owner opens it");
        return;
    }
    open(app);
}

/// The run loop asks to exit when the last window closed (`code: None`): the app stays, with its
/// background work, as long as its state is open. "Sair" (`app.exit`) carries a code and exits.
/// With no state (the database could not be opened) nothing runs in the background, so closing
/// the problem page quits.
pub fn keep_running_without_window<R: Runtime>(app: &AppHandle<R>, event: &RunEvent) {
    if let RunEvent::ExitRequested {
        code: None, api, ..
    } = event
    {
        if app.try_state::<conector_app::App>().is_some() {
            tracing::info!("the window closed; the app keeps running");
            api.prevent_exit();
        }
    }
}

/// A page of the window's top bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WindowPage {
    Wizard,
    Dashboard,
    Health,
    About,
}

/// The page a new window opens on: the one the owner was on when it closed, or the health page
/// once a health notification went out since (they open the app to see what it said). Kept in
/// memory: a fresh start opens as usual.
#[derive(Default)]
pub struct OpenOn(Mutex<Option<WindowPage>>);

impl OpenOn {
    /// The page to open on; `None`: the window's usual start (welcome or wizard).
    pub fn page(&self) -> Option<WindowPage> {
        *self.lock()
    }

    /// The owner went to `page`.
    pub fn went_to(&self, page: WindowPage) {
        *self.lock() = Some(page);
    }

    /// A notification went out: one about a check sends the next window to the health page.
    pub fn notified(&self, notification: &Notification) {
        if matches!(notification.title, NotificationTitle::Check { .. }) {
            self.went_to(WindowPage::Health);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<WindowPage>> {
        // A panic while holding a `Copy` value leaves nothing half-written.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Ends WebKitGTK's helper processes — its web and network processes, children of this one — at
/// once, and returns when they can no longer write anything. For "Remover tudo": the network
/// process outlives the page and can still create its storage for the page's origin inside the
/// data folder after the folder was removed (seen in `e2e_about`: `storage/<hash>/<hash>/origin`
/// left behind). Only on Linux: on Windows and macOS the web view's processes belong to the
/// system's runtime, not to the app.
#[cfg(target_os = "linux")]
pub fn end_web_helpers() {
    use rustix::process::{kill_process, Pid, Signal};
    let me = std::process::id();
    let helpers: Vec<u32> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| {
            stat(pid).is_some_and(|(name, ppid, _)| ppid == me && name.starts_with("WebKit"))
        })
        .collect();
    for &pid in &helpers {
        let Some(raw) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
            continue;
        };
        if let Err(e) = kill_process(raw, Signal::KILL) {
            tracing::warn!(pid, error = %e, "a WebKit helper could not be ended");
        }
    }
    // Killed, a child is gone or a zombie (state Z) until it is reaped: either way it writes
    // nothing more. A second at most.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    while std::time::Instant::now() < deadline
        && helpers
            .iter()
            .any(|&pid| stat(pid).is_some_and(|(_, _, state)| state != 'Z'))
    {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A process's name, parent and state, from `/proc/<pid>/stat`.
#[cfg(target_os = "linux")]
fn stat(pid: u32) -> Option<(String, u32, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (name) state ppid ...`: the name may hold spaces, so read after the last ')'.
    let (head, rest) = stat.rsplit_once(") ")?;
    let name = head.split_once(" (")?.1.to_owned();
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((name, ppid, state))
}

/// Elsewhere the web view's processes are the system runtime's (WebView2, WKWebView).
#[cfg(not(target_os = "linux"))]
pub fn end_web_helpers() {}

#[cfg(test)]
mod tests {
    use super::*;
    use conector_core::MessageCode;

    #[test]
    fn a_new_window_opens_where_the_owner_was_or_on_health_after_a_check_notification() {
        let open_on = OpenOn::default();
        assert_eq!(open_on.page(), None, "a fresh start opens as usual");
        open_on.went_to(WindowPage::Dashboard);
        assert_eq!(open_on.page(), Some(WindowPage::Dashboard));

        // The first close's "still in the tray" notice is about the app, not a check.
        open_on.notified(&conector_app::health::kept_in_tray());
        assert_eq!(open_on.page(), Some(WindowPage::Dashboard));

        open_on.notified(&Notification {
            title: NotificationTitle::Check {
                code: MessageCode::HealthNotifyProblem,
                check: MessageCode::HealthCheckFeed,
            },
            body: Vec::new(),
        });
        assert_eq!(open_on.page(), Some(WindowPage::Health));

        open_on.went_to(WindowPage::About);
        assert_eq!(open_on.page(), Some(WindowPage::About));
    }
}
