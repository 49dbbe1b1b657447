//! The health watch on the desktop (issue #16): each run reaches the window as an event and,
//! for what the throttle lets through, a desktop notification; a tray icon (open, check now,
//! quit) keeps the watch running with the window closed; a launch at login (`--hidden`) starts
//! in the tray.
//!
//! The decisions (what to check, when, what to notify) are `conector_app::health`'s; this file
//! only puts them on the desktop.

use conector_app::health::{Notification, NotificationTitle};
use conector_app::{App, OnClose};
use conector_core::{ErrorPayload, Locale, MessageCode, Params};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};
use tauri_plugin_notification::NotificationExt;

/// The argument the login item starts the app with: straight to the tray.
pub use conector_app::login_item::HIDDEN_ARG;

/// Whether the tray icon exists (without one, a second launch is the way back to the window).
pub struct Tray(pub bool);

/// A newer version was found while the window is closed: one notification (the banner waits
/// for the window).
pub fn notify_update<R: Runtime>(app: &AppHandle<R>, version: &str) {
    let lang = lang_of(app);
    let params = Params::new().text("version", version);
    let title = lang.text(MessageCode::UpdateNotifyTitle, &params);
    let body = lang.text(MessageCode::UpdateNotifyBody, &params);
    show(app, &title, &body);
}

/// Shows the app's notification, in the owner's language.
pub fn notify<R: Runtime>(app: &AppHandle<R>, notification: &Notification) {
    if let Some(open_on) = app.try_state::<crate::window::OpenOn>() {
        open_on.notified(notification);
    }
    let (title, body) = notification_text(notification, lang_of(app));
    show(app, &title, &body);
}

fn show<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(error = %e, "a desktop notification could not be shown");
    }
}

/// The owner's language for what the app says outside the window.
fn lang_of<R: Runtime>(app: &AppHandle<R>) -> Locale {
    app.try_state::<App>()
        .and_then(|app| app.get_locale().ok())
        .unwrap_or_default()
}

/// A notification's title ("Problema na integração: XML de produtos") and body, in `lang`.
pub fn notification_text(notification: &Notification, lang: Locale) -> (String, String) {
    let title = match notification.title {
        NotificationTitle::App => "Conector +fidelidade".to_owned(),
        NotificationTitle::Check { code, check } => {
            let name = lang.text(check, &Params::new());
            lang.text(code, &Params::new().text("check", name))
        }
    };
    let body = notification
        .body
        .iter()
        .map(|note| lang.text(note.code, &note.params))
        .collect::<Vec<_>>()
        .join(" ");
    (title, body)
}

/// Creates the tray icon. A desktop without a tray (no StatusNotifier host, as under Xvfb) is
/// not an error: it is logged, and a second launch then opens the window.
pub fn create_tray<R: Runtime>(app: &AppHandle<R>) -> Tray {
    match build_tray(app) {
        Ok(()) => Tray(true),
        Err(e) => {
            tracing::warn!(error = %e, "no tray icon: a second launch opens the window");
            Tray(false)
        }
    }
}

fn build_tray<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let lang = lang_of(app);
    let label = |code| lang.text(code, &Params::new());
    let open = MenuItem::with_id(
        app,
        "open",
        label(MessageCode::HealthTrayOpen),
        true,
        None::<&str>,
    )?;
    let check = MenuItem::with_id(
        app,
        "check",
        label(MessageCode::HealthTrayCheckNow),
        true,
        None::<&str>,
    )?;
    let quit = MenuItem::with_id(
        app,
        "quit",
        label(MessageCode::HealthTrayQuit),
        true,
        None::<&str>,
    )?;
    let menu = Menu::with_items(app, &[&open, &check, &quit])?;
    let mut tray = TrayIconBuilder::with_id("health")
        .tooltip("Conector +fidelidade")
        .menu(&menu)
        .on_menu_event(|app, event| on_tray_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// What the tray menu's items do (called directly by the tests: a tray cannot be clicked
/// under Xvfb).
pub fn on_tray_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id {
        "open" => crate::window::open(app),
        "check" => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let Some(state) = app.try_state::<App>() else {
                    return;
                };
                // The run reaches the window and the notifications as every run does.
                if let Err(e) = state.health_run_now().await {
                    conector_core::log_error("the health checks asked from the tray failed", &e);
                }
            });
        }
        "quit" => app.exit(0),
        _ => {}
    }
}

/// Closing the window destroys it and its web view (`crate::window`); the app keeps running.
/// The first time, with the watch on and a tray icon to come back through, the owner is told
/// the app is still in the tray.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { .. } = event else {
        return;
    };
    let handle = window.app_handle();
    let has_tray = handle.try_state::<Tray>().is_some_and(|t| t.0);
    let Some(app) = handle.try_state::<App>() else {
        return;
    };
    let OnClose::KeepInTray { tell } = app.on_close(has_tray) else {
        return;
    };
    if let Some(notification) = tell {
        notify(handle, &notification);
    }
}

/// The folders an earlier identifier used (data, logs, settings, cache) move to the current
/// identifier's, once (`conector_app::identity`).
pub fn move_old_identity_folders<R: Runtime>(app: &AppHandle<R>) {
    let path = app.path();
    let folders: Vec<std::path::PathBuf> = [
        path.app_data_dir(),
        path.app_local_data_dir(),
        path.app_config_dir(),
        path.app_log_dir(),
        path.app_cache_dir(),
    ]
    .into_iter()
    .flatten()
    .collect();
    conector_app::identity::move_old_folders(&folders);
}

/// "Iniciar com o computador": the app's login item ([`conector_app::login_item`]: a `.desktop`
/// file in `~/.config/autostart` on Linux, a quoted per-user `Run` value on Windows, a launch
/// agent on macOS).
pub struct Autostart;

impl Autostart {
    pub fn enabled(&self) -> Result<bool, ErrorPayload> {
        conector_app::login_item::this_app()
            .and_then(|item| item.is_enabled())
            .map_err(autostart_failed)
    }

    /// Creates or removes the login item; returns whether it exists now.
    pub fn set(&self, on: bool) -> Result<bool, ErrorPayload> {
        let item = conector_app::login_item::this_app().map_err(autostart_failed)?;
        let done = if on { item.enable() } else { item.disable() };
        done.map_err(autostart_failed)?;
        self.enabled()
    }
}

/// auto-launch's error is logged (it names the login item's file, never a secret); the window
/// gets the code.
fn autostart_failed(error: impl std::fmt::Display) -> ErrorPayload {
    tracing::warn!(
        error = %error,
        "the login item could not be read or changed"
    );
    ErrorPayload::new(MessageCode::HealthAutostartFailed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use conector_app::health::{notification, HealthRun};
    use conector_health::{Check, CheckResult, Note, Notice, Report, State};

    fn run(check: Check, state: State, found: Note) -> HealthRun {
        HealthRun {
            report: Report {
                checked_at: "2026-11-30T12:00:00Z".into(),
                results: vec![CheckResult {
                    check,
                    name: check.name(),
                    state,
                    found,
                    also: Vec::new(),
                    todo: None,
                }],
            },
            notices: Vec::new(),
        }
    }

    #[test]
    fn a_notification_names_the_check_and_says_what_was_found() {
        let revoked = run(
            Check::Token,
            State::Problem,
            Note::new(MessageCode::StoreTokenRejected),
        );
        let notice = Notice::TurnedBad {
            check: Check::Token,
            state: State::Problem,
        };
        let told = notification(&notice, &revoked);
        let (title, body) = notification_text(&told, Locale::PtBr);
        assert_eq!(title, "Problema na integração: Token da loja");
        assert!(body.starts_with("A loja recusou o token"), "{body}");
        let (title, _) = notification_text(&told, Locale::En);
        assert_eq!(title, "Integration problem: Store token");

        let back = run(
            Check::Feed,
            State::Ok,
            Note::with(
                MessageCode::HealthFeedOk,
                Params::new().number("count", 240),
            ),
        );
        let told = notification(&Notice::Recovered { check: Check::Feed }, &back);
        let (title, body) = notification_text(&told, Locale::PtBr);
        assert_eq!(title, "Voltou ao normal: XML de produtos");
        assert_eq!(body, "O XML de produtos foi baixado e lido: 240 produtos.");
    }
}
