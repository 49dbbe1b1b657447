//! What the Windows tests share: the Windows build `package.sh --debug` made, and a throwaway Wine prefix
//! per test (with the test-only bcryptprimitives stub, scripts/windows/wine-prefix.sh).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The installer `scripts/windows/package.sh --debug` built (its last line of output).
pub fn installer() -> PathBuf {
    let path = std::env::var_os("CONECTOR_WINDOWS_INSTALLER")
        .map(PathBuf::from)
        .expect(
            "CONECTOR_WINDOWS_INSTALLER is not set: \
         `export CONECTOR_WINDOWS_INSTALLER=$(scripts/windows/package.sh --debug | tail -1)` first",
        );
    assert!(path.is_file(), "no installer at {}", path.display());
    path
}

/// The folder of the Windows executables the installer was made from
/// (`<target>/x86_64-pc-windows-gnu/<profile>/bundle/nsis/<installer>`).
pub fn windows_bin_dir() -> PathBuf {
    let dir = installer()
        .ancestors()
        .nth(3)
        .expect("the installer lies in <profile>/bundle/nsis")
        .to_path_buf();
    assert!(dir.join("conector.exe").is_file(), "{}", dir.display());
    dir
}

/// The app's version, as the installer registers it.
pub fn version() -> String {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap())
            .unwrap();
    conf["version"].as_str().unwrap().to_owned()
}

/// A Wine prefix of its own, ended (its wineserver stopped) when dropped.
pub struct Wine {
    prefix: tempfile::TempDir,
}

impl Wine {
    pub fn new() -> Self {
        let prefix = tempfile::tempdir().unwrap();
        let out = Command::new(root().join("scripts/windows/wine-prefix.sh"))
            .env("WINEPREFIX", prefix.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self { prefix }
    }

    pub fn prefix(&self) -> &Path {
        self.prefix.path()
    }

    /// `program` (a Windows path or a Linux path to an .exe) under this prefix's Wine.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(root().join("scripts/windows/wine.sh"));
        command
            .arg(program)
            .env("WINEPREFIX", self.prefix())
            .env("WINEDEBUG", "-all");
        command
    }

    pub fn run(&self, program: impl AsRef<OsStr>, args: &[&str]) -> Output {
        self.command(program).args(args).output().unwrap()
    }

    /// Runs `command_line` exactly as written, from a batch file (so cmd waits even for a
    /// window program), and returns cmd's exit code, which is the program's. NSIS's `_?=` must
    /// come last and unquoted even when the folder has a space, which no argument list gives.
    pub fn run_command_line(&self, command_line: &str) -> Output {
        std::fs::write(
            self.prefix().join("drive_c/conector-test.bat"),
            format!("@{command_line}\r\n@exit /b %ERRORLEVEL%\r\n"),
        )
        .unwrap();
        self.run("cmd", &["/c", r"C:\conector-test.bat"])
    }

    /// Waits until every program of this prefix has ended (an uninstaller hands over to a
    /// copy of itself in %TEMP% and returns at once).
    pub fn wait_idle(&self) {
        let status = Command::new(self.wineserver())
            .arg("-w")
            .env("WINEPREFIX", self.prefix())
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wineserver(&self) -> PathBuf {
        let out = Command::new(root().join("scripts/windows/wine.sh"))
            .arg("--path")
            .output()
            .unwrap();
        let wine = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
        wine.with_file_name("wineserver")
    }

    /// The prefix's user folder (`C:\users\<name>`).
    pub fn user_dir(&self) -> PathBuf {
        let users = self.prefix().join("drive_c/users");
        std::fs::read_dir(&users)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name() != Some(OsStr::new("Public")))
            .expect("the prefix has a user")
    }

    /// `%LOCALAPPDATA%` on the Linux side.
    pub fn local_app_data(&self) -> PathBuf {
        self.user_dir().join("AppData/Local")
    }

    /// Where the installer puts the program for this user.
    pub fn install_dir(&self) -> PathBuf {
        self.local_app_data().join("Programs/Conector +fidelidade")
    }

    /// The install folder as Windows programs see it.
    pub fn install_dir_windows(&self) -> String {
        let user = self.user_dir();
        let name = user.file_name().unwrap().to_string_lossy();
        format!(r"C:\users\{name}\AppData\Local\Programs\Conector +fidelidade")
    }

    /// `reg query KEY /v VALUE`: the value's data, or `None` when the key or value is absent.
    pub fn reg_value(&self, key: &str, value: &str) -> Option<String> {
        let out = self.run("reg", &["query", key, "/v", value]);
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines().find_map(|line| {
            let mut parts = line.trim().splitn(3, "    ");
            (parts.next() == Some(value)).then(|| parts.nth(1).unwrap_or("").trim().to_owned())
        })
    }

    /// The subkeys of a registry key (their last path component).
    pub fn reg_subkeys(&self, key: &str) -> Vec<String> {
        let out = self.run("reg", &["query", key]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("HKEY_") && l.len() > key.len() + 1)
            .filter_map(|l| l.rsplit('\\').next().map(str::to_owned))
            .collect()
    }

    /// Pretends the WebView2 runtime is installed, as on any Windows 10/11 (Wine has none).
    pub fn pretend_webview2(&self) {
        let out = self.run(
            "reg",
            &[
                "add",
                r"HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}",
                "/v",
                "pv",
                "/d",
                "120.0.2210.91",
                "/f",
            ],
        );
        assert!(out.status.success());
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        let _ = Command::new(self.wineserver())
            .arg("-k")
            .env("WINEPREFIX", self.prefix())
            .status();
    }
}

/// The uninstall key the installer writes (as the Tauri bundler's template does).
pub const UNINSTALL_KEY: &str =
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Conector +fidelidade";
pub const UNINSTALL_ROOT: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall";
