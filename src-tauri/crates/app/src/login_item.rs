//! "Iniciar com o computador": the login item that starts the app in the tray when the owner
//! signs in — a `.desktop` file in `~/.config/autostart` on Linux, a value under a `Run` key on
//! Windows, a launch agent on macOS — made with `auto-launch` (the library
//! `tauri-plugin-autostart` wraps), named after the app's identifier, with [`HIDDEN_ARG`].
//!
//! Not the plugin's own, because of Windows: the plugin hands auto-launch the program's path as
//! it is, and auto-launch writes it unquoted (`…\Programs\Conector +fidelidade\
//! conector-fidelidade.exe --hidden`). A `Run` value with a space in the path and an argument
//! after it does not start the program at sign-in (auto-launch issue #32, seen by other Tauri
//! apps), and the install folder's name has a space. Here the path is quoted on Windows.

use crate::context::APP_IDENTIFIER;

/// The argument the login item starts the app with: straight to the tray, no window.
pub const HIDDEN_ARG: &str = "--hidden";

pub use auto_launch::AutoLaunch as LoginItem;

/// This app's login item, for this program (`enable`, `disable`, `is_enabled`).
pub fn this_app() -> Result<LoginItem, auto_launch::Error> {
    named(APP_IDENTIFIER)
}

/// The login item called `name` (an earlier identifier's, for "Remover tudo"). Only the name
/// finds an entry; the path written is this program's.
pub(crate) fn named(name: &str) -> Result<LoginItem, auto_launch::Error> {
    let exe = program();
    let mut builder = auto_launch::AutoLaunchBuilder::new();
    builder
        .set_app_name(name)
        .set_app_path(&command_path(&exe))
        .set_args(&[HIDDEN_ARG]);
    // Per user, as the app is installed: HKCU's Run key. (auto-launch's default first tries
    // the machine's, which an elevated process, or Wine, may write: every user would get it.)
    #[cfg(windows)]
    builder.set_windows_enable_mode(auto_launch::WindowsEnableMode::CurrentUser);
    #[cfg(target_os = "macos")]
    builder.set_macos_launch_mode(auto_launch::MacOSLaunchMode::LaunchAgent);
    builder.build()
}

/// The program the login item starts: the AppImage when the app runs from one (Linux), else
/// this executable.
fn program() -> String {
    #[cfg(target_os = "linux")]
    if let Some(appimage) = std::env::var_os("APPIMAGE") {
        return appimage.to_string_lossy().into_owned();
    }
    std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// The path as the login item's command line needs it: quoted on Windows, where the line is
/// split at spaces; as it is elsewhere (the `.desktop` file's `Exec` and the launch agent's
/// arguments take it whole; the installed program has no space in its path there).
fn command_path(exe: &str) -> String {
    if cfg!(windows) {
        format!("\"{exe}\"")
    } else {
        exe.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_path_is_quoted_only_on_windows() {
        let exe = r"C:\Users\Ana Lima\AppData\Local\Programs\Conector +fidelidade\app.exe";
        if cfg!(windows) {
            assert_eq!(command_path(exe), format!("\"{exe}\""));
        } else {
            assert_eq!(
                command_path("/usr/bin/conector-fidelidade"),
                "/usr/bin/conector-fidelidade"
            );
        }
    }
}
