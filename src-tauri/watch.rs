//! The health watch on the desktop (issue #16): each run reaches the window as an event and,
//! for what the throttle lets through, a desktop notification; a tray icon (open, check now,
//! quit) keeps the watch running with the window closed; a launch at login (`--hidden`) starts
//! in the tray.
//!
//! The decisions (what to check, when, what to notify) are `conector_app::health`'s; this file
//! only puts them on the desktop.

use conector_app::health::{self, HealthObserver, HealthRun};
use conector_app::preferences::Locale;
use conector_cli::lang::Lang;
use conector_core::{ErrorPayload, MessageCode, Params};
use conector_health::{Check, CheckResult, Notice, State};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};
use tauri_plugin_autostart::ManagerExt;
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::events::HealthRunEvent;
use crate::AppState;

/// The argument the login item starts the app with: straight to the tray.
pub const HIDDEN_ARG: &str = "--hidden";

/// Whether the tray icon exists: without one, closing the window quits as usual (the owner
/// would have no way back to a hidden window).
pub struct Tray(pub bool);

/// Every run: to the window as an event, and its notices as desktop notifications.
pub fn observer<R: Runtime>(app: AppHandle<R>) -> HealthObserver {
    Box::new(move |run: &HealthRun| {
        if let Err(e) = HealthRunEvent(run.clone()).emit(&app) {
            tracing::debug!(error = %e, "a health event could not reach the window");
        }
        let lang = lang_of(&app);
        for notice in &run.notices {
            let (title, body) = notice_text(notice, run, lang);
            notify(&app, &title, &body);
        }
    })
}

/// A newer version was found while the window is closed: one notification (the banner waits
/// for the window).
pub fn notify_update<R: Runtime>(app: &AppHandle<R>, version: &str) {
    let lang = lang_of(app);
    let params = Params::new().text("version", version);
    let title = lang.text(MessageCode::UpdateNotifyTitle, &params);
    let body = lang.text(MessageCode::UpdateNotifyBody, &params);
    notify(app, &title, &body);
}

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(error = %e, "a desktop notification could not be shown");
    }
}

/// The owner's language for what the app says outside the window.
fn lang_of<R: Runtime>(app: &AppHandle<R>) -> Lang {
    let locale = app
        .try_state::<AppState>()
        .and_then(|state| conector_app::preferences::locale(&state.ctx).ok());
    match locale {
        Some(Locale::En) => Lang::En,
        _ => Lang::PtBr,
    }
}

/// A notice's title ("Problema na integração: XML de produtos") and body (what the check
/// found, in the owner's words).
pub fn notice_text(notice: &Notice, run: &HealthRun, lang: Lang) -> (String, String) {
    let (check, code) = match notice {
        Notice::TurnedBad {
            check,
            state: State::Problem,
        } => (*check, MessageCode::HealthNotifyProblem),
        Notice::TurnedBad { check, .. } => (*check, MessageCode::HealthNotifyWarning),
        Notice::Recovered { check } => (*check, MessageCode::HealthNotifyRecovered),
    };
    let name = lang.text(check_name(check), &Params::new());
    let title = lang.text(code, &Params::new().text("check", name));
    let body = run
        .report
        .result(check)
        .map(|result| found_text(result, lang))
        .unwrap_or_default();
    (title, body)
}

fn found_text(result: &CheckResult, lang: Lang) -> String {
    std::iter::once(&result.found)
        .chain(&result.also)
        .map(|note| lang.text(note.code, &note.params))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn check_name(check: Check) -> MessageCode {
    match check {
        Check::Token => MessageCode::HealthCheckToken,
        Check::Statuses => MessageCode::HealthCheckStatuses,
        Check::Feed => MessageCode::HealthCheckFeed,
        Check::Rewards => MessageCode::HealthCheckRewards,
        Check::Links => MessageCode::HealthCheckLinks,
    }
}

/// Creates the tray icon. A desktop without a tray (no StatusNotifier host, as under Xvfb) is
/// not an error: it is logged, and closing the window then quits.
pub fn create_tray<R: Runtime>(app: &AppHandle<R>) -> Tray {
    match build_tray(app) {
        Ok(()) => Tray(true),
        Err(e) => {
            tracing::warn!(error = %e, "no tray icon: closing the window will quit the app");
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
        "open" => show_window(app),
        "check" => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let Some(state) = app.try_state::<AppState>() else {
                    return;
                };
                // The run reaches the window and the notifications through the observer.
                if let Err(e) = state.health.check_now().await {
                    conector_core::log_error("the health checks asked from the tray failed", &e);
                }
            });
        }
        "quit" => app.exit(0),
        _ => {}
    }
}

pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Closing the window while the watch is on keeps the app in the tray (said the first time);
/// otherwise the window closes and the app quits as usual.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let app = window.app_handle();
    let has_tray = app.try_state::<Tray>().is_some_and(|t| t.0);
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    if !has_tray || !health::watching(&state.ctx).unwrap_or(false) {
        return;
    }
    api.prevent_close();
    if let Err(e) = window.hide() {
        tracing::warn!(error = %e, "the window could not be hidden");
    }
    if health::first_close_to_tray(&state.ctx).unwrap_or(false) {
        let lang = lang_of(app);
        notify(
            app,
            "Conector +fidelidade",
            &lang.text(MessageCode::HealthTrayKept, &Params::new()),
        );
    }
}

/// A launch at login (`--hidden`) with the watch on starts in the tray, window hidden.
pub fn start_hidden<R: Runtime>(app: &AppHandle<R>) {
    let asked = std::env::args().any(|a| a == HIDDEN_ARG);
    let has_tray = app.try_state::<Tray>().is_some_and(|t| t.0);
    let watching = app
        .try_state::<AppState>()
        .is_some_and(|state| health::watching(&state.ctx).unwrap_or(false));
    if asked && has_tray && watching {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.hide();
        }
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

/// "Iniciar com o computador": the autostart plugin's login item (a `.desktop` file in
/// `~/.config/autostart` on Linux, a Run registry value on Windows, a launch agent on macOS).
/// Kept as closures so the commands need no runtime type parameter.
pub struct Autostart {
    enabled: Box<dyn Fn() -> Result<bool, ErrorPayload> + Send + Sync>,
    set: Box<dyn Fn(bool) -> Result<(), ErrorPayload> + Send + Sync>,
}

impl Autostart {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Autostart {
        let (for_enabled, for_set) = (app.clone(), app.clone());
        Autostart {
            enabled: Box::new(move || {
                for_enabled
                    .autolaunch()
                    .is_enabled()
                    .map_err(autostart_failed)
            }),
            set: Box::new(move |on| {
                let launcher = for_set.autolaunch();
                let done = if on {
                    launcher.enable()
                } else {
                    launcher.disable()
                };
                done.map_err(autostart_failed)
            }),
        }
    }

    pub fn enabled(&self) -> Result<bool, ErrorPayload> {
        (self.enabled)()
    }

    /// Creates or removes the login item; returns whether it exists now.
    pub fn set(&self, on: bool) -> Result<bool, ErrorPayload> {
        (self.set)(on)?;
        self.enabled()
    }
}

/// The plugin's error is logged (it names the login item's file, never a secret); the window
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
    use conector_core::MessageCode;
    use conector_health::{Note, Report};

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
        let (title, body) = notice_text(&notice, &revoked, Lang::PtBr);
        assert_eq!(title, "Problema na integração: Token da loja");
        assert!(body.starts_with("A loja recusou o token"), "{body}");
        let (title, _) = notice_text(&notice, &revoked, Lang::En);
        assert_eq!(title, "Integration problem: Store token");

        let back = run(
            Check::Feed,
            State::Ok,
            Note::with(
                MessageCode::HealthFeedOk,
                Params::new().number("count", 240),
            ),
        );
        let (title, body) =
            notice_text(&Notice::Recovered { check: Check::Feed }, &back, Lang::PtBr);
        assert_eq!(title, "Voltou ao normal: XML de produtos");
        assert_eq!(body, "O XML de produtos foi baixado e lido: 240 produtos.");
    }
}
