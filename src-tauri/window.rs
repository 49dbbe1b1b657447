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
