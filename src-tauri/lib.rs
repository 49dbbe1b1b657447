//! The desktop shell: builds the app state once, registers the commands and opens the window.
//! Every command is a short adapter over the domain crates (see `commands/`).

mod commands;
mod logging;
mod state;
mod sync;

pub use commands::{bindings_builder, export_bindings, COMMAND_NAMES};
pub use logging::init as init_logging;
pub use state::{AppPaths, AppState};

use tauri::{Manager, Runtime};

/// Registers the commands on a builder of any runtime, so the app and the `tauri::test` mock
/// runtime share exactly the same wiring.
pub fn register_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(bindings_builder::<R>().invoke_handler())
}

/// Starts the desktop app.
pub fn run() {
    if let Some(problem) = display_problem() {
        eprintln!("{problem}");
        std::process::exit(2);
    }
    let app = register_commands(tauri::Builder::<tauri::Wry>::new())
        .setup(|app| {
            let paths = AppPaths::resolve(app.handle())?;
            logging::init(&paths.log_dir);
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "app starting");
            let state = AppState::open(paths)?;
            if let Err(e) = tauri::async_runtime::block_on(commands::resume_demo(&state)) {
                tracing::warn!(code = %e.code, "the demo store could not be resumed");
            }
            state.sync.start();
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = app {
        tracing::error!(error = %e, "the app stopped with an error");
        eprintln!("Conector +fidelidade não pôde abrir: {e}");
        std::process::exit(1);
    }
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
