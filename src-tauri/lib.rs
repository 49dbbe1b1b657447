//! The desktop shell: opens the [`conector_app::App`] once, registers the commands and opens
//! the window. Every command is a short adapter over one `App` method (see `commands/`).

mod commands;
mod events;
mod logging;
mod startup;
mod state;
pub mod update;
mod watch;
mod window;

pub use commands::{bindings_builder, export_bindings, COMMAND_NAMES};
pub use conector_app::diagnostics::StartupProblem;
pub use events::{HealthRunEvent, SyncRunEvent};
pub use logging::init as init_logging;
pub use startup::Startup;
pub use state::{open_app, resolve_paths, window_setup, AppPaths, WindowEvents};
pub use update::{updates, UpdateFoundEvent, Updates};
pub use watch::{notification_text, on_tray_menu, Tray, HIDDEN_ARG};
pub use window::open as open_window;

use tauri::{Manager, Runtime, WindowEvent};

/// Registers the commands on a builder of any runtime, so the app and the `tauri::test` mock
/// runtime share exactly the same wiring.
pub fn register_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(bindings_builder::<R>().invoke_handler())
}

/// Starts the desktop app.
pub fn run() {
    // First, while this is the only thread: GTK reads it when it opens the display.
    let software = render_without_gpu();
    if let Some(problem) = display_problem() {
        eprintln!("{problem}");
        std::process::exit(2);
    }
    let mut context = tauri::generate_context!();
    // Only a build given an update address and key has the updater (docs/UPDATES.md).
    let updater = update::plugin(&mut context);
    let updater_on = updater.is_some();
    let mut builder = register_commands(tauri::Builder::<tauri::Wry>::new())
        // First plugin, as its docs require: a second launch focuses this window and exits.
        .plugin(single_instance());
    if let Some(updater) = updater {
        builder = builder.plugin(updater);
    }
    let app = builder
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Resized(_) | WindowEvent::Moved(_)) {
                save_window_state_soon(window.app_handle());
            }
            watch::on_window_event(window, event);
        })
        .setup(move |app| {
            if std::env::args_os().any(|a| a == QUIT_ARG) {
                app.handle().exit(0);
                return Ok(());
            }
            // Before anything opens them: an earlier identifier's folders move over, once.
            watch::move_old_identity_folders(app.handle());
            let paths = resolve_paths(app.handle())?;
            logging::init(&paths.log_dir);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "app starting");
            if software {
                tracing::info!(
                    "rendering without the GPU (GDK_GL=disable); start with GDK_GL set, even \
                     empty, to let GTK and WebKit use OpenGL"
                );
            }
            // Before the app opens: its background loop runs the update check.
            app.manage(update::updates(app.handle(), updater_on));
            // A database that cannot be opened is shown in the window, with a way out.
            Startup::boot(app.handle(), paths);
            app.manage(watch::Autostart);
            let handle = app.handle().clone();
            app.manage(commands::Quit::new(move || handle.exit(0)));
            let tray = watch::create_tray(app.handle());
            app.manage(tray);
            app.manage(window::OpenOn::default());
            window::open_at_start(app.handle());
            Ok(())
        })
        .build(context)
        .map(|app| {
            app.run(|app, event| {
                window::keep_running_without_window(app, &event);
                on_exit_clear_clipboard(app, event);
            })
        });
    if let Err(e) = app {
        if met_a_closing_instance(&e) && relaunch() {
            std::process::exit(0);
        }
        tracing::error!(error = %e, "the app stopped with an error");
        eprintln!("Conector +fidelidade não pôde abrir: {e}");
        std::process::exit(1);
    }
}

/// On Linux the app keeps GTK off OpenGL (`GDK_GL=disable`), unless the person starting it set
/// `GDK_GL` themselves. With OpenGL, GTK loads the system's GL driver when it opens the display,
/// even with no window (Mesa's software driver maps ~26 MB of LLVM); without it WebKit finds no
/// GL in GTK and paints the page without GPU compositing, in a web process half the size.
/// Measured in docs/BENCHMARKS.md ("Light in the tray"): ~100 → ~68 MB for the months the app
/// sits in the tray started hidden, ~325 → ~225 MB with the window open, and the window opens
/// faster. The window is a form: it paints as well without the GPU. It also sidesteps the blank
/// or flickering WebKit windows some GPU drivers give. The setting is inherited by what the app
/// starts (its web process; a file manager or browser it opens for the owner, whose own GTK
/// windows then do without OpenGL too).
fn render_without_gpu() -> bool {
    // Windows and macOS have no such switch: WebView2 and WKWebView choose for themselves.
    if !cfg!(target_os = "linux") || std::env::var_os("GDK_GL").is_some() {
        return false;
    }
    std::env::set_var("GDK_GL", "disable");
    true
}

/// Set in the environment of a relaunch, so that it happens once.
const RELAUNCHED: &str = "CONECTOR_RELAUNCHED";

/// Whether this launch met an earlier instance that was closing: it still held the
/// single-instance name but left the session bus without answering the hand-over. Launched again
/// a moment later, this one starts normally.
fn met_a_closing_instance(error: &tauri::Error) -> bool {
    let text = error.to_string();
    text.contains("single-instance") && text.contains("NoReply")
}

/// Starts this program again with the same arguments (once: not from a relaunch).
fn relaunch() -> bool {
    if std::env::var_os(RELAUNCHED).is_some() {
        return false;
    }
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(RELAUNCHED, "1")
        .spawn()
        .is_ok()
}

/// A token copied less than a minute ago does not outlive the app (on Windows and macOS the
/// clipboard would keep it; on X11 a clipboard manager could take it over at exit).
fn on_exit_clear_clipboard<R: Runtime>(app: &tauri::AppHandle<R>, event: tauri::RunEvent) {
    if let tauri::RunEvent::Exit = event {
        if let Some(app) = app.try_state::<conector_app::App>() {
            app.on_exit();
        }
    }
}

/// The window-state plugin writes its file only on a clean exit; a crash or a killed process
/// would forget the owner's window. Save it too once a move or resize has settled (a drag sends
/// many events: only the last one, 500 ms later, writes).
fn save_window_state_soon(app: &tauri::AppHandle) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};

    static LATEST: AtomicU64 = AtomicU64::new(0);
    let mine = LATEST.fetch_add(1, Ordering::SeqCst) + 1;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if LATEST.load(Ordering::SeqCst) == mine {
            if let Err(e) = app.save_window_state(StateFlags::all()) {
                tracing::warn!(error = %e, "the window size and position could not be saved");
            }
        }
    });
}

/// `conector-fidelidade --quit`: the running instance exits as from its tray's "Sair" (the
/// Windows installer's hand-over before it replaces the files); with none running, this launch
/// exits at once.
pub const QUIT_ARG: &str = "--quit";

/// One instance per data folder: a second launch opens the first one's window (created anew
/// when it runs in the tray) or brings it to the front, or
/// quits the first one when it carries [`QUIT_ARG`]. The D-Bus name (Linux) follows
/// `XDG_DATA_HOME`, so separate profiles (the tests') stay separate.
fn single_instance() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(|app, args, _cwd| {
        if args.iter().any(|a| a == QUIT_ARG) {
            tracing::info!("asked to quit by another launch (the installer)");
            app.exit(0);
            return;
        }
        window::open(app);
    });
    if let Some(profile) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        builder = builder.dbus_id(single_instance_id(&profile));
    }
    builder.build()
}

/// The single-instance D-Bus id of the instance whose `XDG_DATA_HOME` is `profile` (the plugin
/// owns `{id}.SingleInstance` while that instance runs). Public for the end-to-end tests, which
/// wait for the name to be released before they start the app again on the same profile.
pub fn single_instance_id(profile: &std::ffi::OsStr) -> String {
    // FNV-1a: stable across runs and Rust versions, unlike `DefaultHasher`.
    let hash = profile
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{}.p{hash:016x}", conector_app::context::APP_IDENTIFIER)
}

/// On Linux without a display, GTK aborts with a cryptic message; say what to do instead.
fn display_problem() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let has_display = std::env::var_os("DISPLAY").is_some_and(|v| !v.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty());
    if has_display {
        return None;
    }
    Some(
        "Conector +fidelidade precisa de uma tela (nenhum DISPLAY ou WAYLAND_DISPLAY definido).\n\
         Em um servidor sem tela, rode com uma tela virtual:\n  \
         dbus-run-session -- xvfb-run -a -s \"-screen 0 1280x800x24\" make run\n\
         (No display found. On a headless machine use xvfb-run as above.)"
            .to_owned(),
    )
}
