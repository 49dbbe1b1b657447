//! The Windows installer (scripts/windows/installer.nsi, as package.sh packed it) under Wine, in
//! a throwaway prefix per test: what an owner's double-click and the updater would do.
//!
//! Linux only: Wine and makensis run here; on Windows itself the release workflow installs the
//! same installer and checks what Wine cannot (the window, the shortcuts' AppUserModelID read
//! back, toasts). Built only with the `windows-build` feature, as it needs the Windows build
//! (docs/WINDOWS.md): CONECTOR_WINDOWS_INSTALLER names the installer of
//! `scripts/windows/package.sh --debug`.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod windows;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use windows::{installer, version, windows_bin_dir, Wine, UNINSTALL_KEY, UNINSTALL_ROOT};

const DATA_FOLDER: &str = "br.com.conectorfidelidade.conector";
const INSTALLED: [&str; 4] = [
    "WebView2Loader.dll",
    "conector-fidelidade.exe",
    "conector.exe",
    "uninstall.exe",
];

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn start_menu_shortcut(wine: &Wine) -> std::path::PathBuf {
    wine.user_dir()
        .join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Conector +fidelidade.lnk")
}

fn desktop_shortcut(wine: &Wine) -> std::path::PathBuf {
    wine.user_dir().join("Desktop/Conector +fidelidade.lnk")
}

/// Keys under Uninstall that name this product (an upgrade must leave exactly one).
fn product_entries(wine: &Wine) -> Vec<String> {
    wine.reg_subkeys(UNINSTALL_ROOT)
        .into_iter()
        .filter(|k| k.contains("Conector"))
        .collect()
}

/// Every DLL an executable imports (objdump's "DLL Name" lines), lower case.
fn imports(file: &Path) -> Vec<String> {
    let out = Command::new("x86_64-w64-mingw32-objdump")
        .arg("-p")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("DLL Name: "))
        .map(str::to_lowercase)
        .collect()
}

/// The owner's data as the app leaves it in the per-user local folder.
fn write_data(wine: &Wine) -> std::path::PathBuf {
    let dir = wine.local_app_data().join(DATA_FOLDER);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("conector.sqlite3");
    std::fs::write(&db, b"the owner's orders and settings").unwrap();
    db
}

#[test]
fn installs_for_the_user_with_shortcuts_and_one_entry_and_uninstalls_keeping_the_data() {
    let installer = installer();
    let wine = Wine::new();
    let dir = wine.install_dir();

    // Without the WebView2 runtime and with no way to fetch it, nothing is installed and the
    // exit code says why (the owner sees the sentence in a message box).
    let out = wine.run(&installer, &["/S"]);
    assert_eq!(out.status.code(), Some(5), "no WebView2, offline");
    assert!(!dir.exists(), "nothing installed");
    assert_eq!(wine.reg_value(UNINSTALL_KEY, "DisplayName"), None);

    wine.pretend_webview2();
    // Wine's shell links take the AppUserModelID through a stub that keeps nothing
    // ("fixme:shell:propertystore_SetValue ... stub"): the trace shows the installer setting it
    // on both shortcuts; its value is read back on real Windows by the release workflow.
    let out = wine
        .command(&installer)
        .arg("/S")
        .env("WINEDEBUG", "fixme+shell")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let trace = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        trace.matches("propertystore_SetValue").count(),
        2,
        "the AppUserModelID is set on the Start-menu and desktop shortcuts:\n{trace}"
    );

    // Per user, no administrator: under %LOCALAPPDATA%\Programs, exactly the shipped files.
    assert_eq!(
        files_in(&dir),
        INSTALLED
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>()
    );
    // The updater finds its manifest entry by the bundle type patched into the app.
    let app = std::fs::read(dir.join("conector-fidelidade.exe")).unwrap();
    let has = |needle: &[u8]| app.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"__TAURI_BUNDLE_TYPE_VAR_NSS") && !has(b"__TAURI_BUNDLE_TYPE_VAR_UNK"));

    // Every import of every shipped executable is shipped beside it or is a Windows DLL (the
    // prefix's system32; bcryptprimitives.dll there is the test stub of a DLL every Windows
    // 10/11 has), or an API set contract (`api-ms-win-…`, which the loader of Windows 8 and
    // later maps to a system DLL with no file of that name; Rust's standard library imports
    // WaitOnAddress this way, and Wine maps them too, or conector.exe would not run under it).
    let system32 = files_in(&wine.prefix().join("drive_c/windows/system32"))
        .into_iter()
        .map(|f| f.to_lowercase())
        .collect::<BTreeSet<_>>();
    let shipped = INSTALLED
        .iter()
        .map(|f| f.to_lowercase())
        .collect::<BTreeSet<_>>();
    for file in INSTALLED {
        for dll in imports(&dir.join(file)) {
            assert!(
                shipped.contains(&dll) || system32.contains(&dll) || dll.starts_with("api-ms-win-"),
                "{file} imports {dll}, which is neither shipped nor a Windows DLL"
            );
        }
    }
    assert!(
        imports(&dir.join("conector-fidelidade.exe")).contains(&"webview2loader.dll".to_owned()),
        "the GNU build loads WebView2Loader.dll, which is why it ships"
    );

    // Shortcuts to the app, and one entry in "Aplicativos instalados".
    for shortcut in [start_menu_shortcut(&wine), desktop_shortcut(&wine)] {
        let lnk = std::fs::read(&shortcut).unwrap_or_else(|_| panic!("{}", shortcut.display()));
        let target = b"conector-fidelidade.exe";
        assert!(lnk.windows(target.len()).any(|w| w == target));
    }
    assert_eq!(product_entries(&wine), ["Conector +fidelidade"]);
    assert_eq!(
        wine.reg_value(UNINSTALL_KEY, "DisplayVersion"),
        Some(version())
    );
    assert_eq!(
        wine.reg_value(UNINSTALL_KEY, "UninstallString"),
        Some(format!("\"{}\\uninstall.exe\"", wine.install_dir_windows()))
    );

    // Uninstalling (silently: the question's answer defaults to keeping the data) removes the
    // program, its shortcuts and its entry, and leaves the owner's data.
    let db = write_data(&wine);
    let out = wine.run(dir.join("uninstall.exe"), &["/S"]);
    assert!(out.status.success());
    // It hands over to a copy of itself in %TEMP% and returns at once; that copy removes the
    // uninstall entry last. (Waiting for the prefix to be idle once returned before the copy
    // had deleted the shortcuts.)
    wine.wait_idle();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !product_entries(&wine).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the uninstaller did not finish in 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    wine.wait_idle();
    assert!(!dir.exists(), "program removed: {:?}", files_in(&dir));
    assert!(!start_menu_shortcut(&wine).exists() && !desktop_shortcut(&wine).exists());
    assert!(product_entries(&wine).is_empty());
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"the owner's orders and settings"
    );
}

/// The stand-in for a running app (tests/windows/running_app.c), compiled for Windows.
fn build_running_app(dir: &Path) -> std::path::PathBuf {
    let exe = dir.join("conector-fidelidade.exe");
    let status = Command::new("x86_64-w64-mingw32-gcc")
        .args(["-O2", "-Wall", "-o"])
        .arg(&exe)
        .arg(windows::root().join("tests/windows/running_app.c"))
        .status()
        .unwrap();
    assert!(status.success());
    exe
}

/// An older version's installer, made by the same script, whose app is the stand-in.
fn older_installer(work: &Path) -> std::path::PathBuf {
    let src = work.join("older");
    std::fs::create_dir_all(&src).unwrap();
    build_running_app(&src);
    let bin = windows_bin_dir();
    for file in ["conector.exe", "WebView2Loader.dll"] {
        std::fs::copy(bin.join(file), src.join(file)).unwrap();
    }
    let out = work.join("older-setup.exe");
    // The welcome page's picture, made as scripts/windows/package.sh makes it.
    let side = work.join("side.bmp");
    let status = Command::new(windows::root().join("scripts/windows/side-picture.py"))
        .arg(windows::root().join("icons/128x128.png"))
        .arg(&side)
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new("makensis")
        .arg("-V1")
        .arg("-DVERSION=0.0.1")
        .arg("-DFAST_COMPRESSION")
        .arg(format!("-DSRCDIR={}", src.display()))
        .arg(format!("-DOUTFILE={}", out.display()))
        .arg(format!(
            "-DICON={}",
            windows::root().join("icons/icon.ico").display()
        ))
        .arg(format!("-DSIDEPICTURE={}", side.display()))
        .arg(windows::root().join("scripts/windows/installer.nsi"))
        .status()
        .unwrap();
    assert!(status.success());
    out
}

/// Issue #20 on Windows: the N+1 installer run over an installed, running N with exactly the
/// arguments tauri-plugin-updater 2.14 gives it in the app's passive mode (`updater_parameters`:
/// `/P`, `/UPDATE`, then `/R /ARGS` and the running app's own arguments, none here). The older
/// app is asked to quit and does, the files are the new ones, the data stays, one uninstall
/// entry remains, and the installer starts the new app (its log says it started at N+1).
#[test]
fn the_updaters_own_arguments_update_a_running_older_version_and_restart_it() {
    let installer = installer();
    let work = tempfile::tempdir().unwrap();
    let mut older = older_running(work.path());

    // Not `run`: the app the installer starts at the end inherits its output and keeps it open.
    let status = older
        .wine
        .command(&installer)
        .args(["/P", "/UPDATE", "/R", "/ARGS"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    older.assert_replaced();
    let wine = older.wine;

    // `/R`: the installer started the new app (Wine has no WebView2 to show its window, but
    // the app logs its start, with its version, before it opens one).
    let logs = wine.local_app_data().join(DATA_FOLDER).join("logs");
    let started = format!("app starting version=\"{}\"", version());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let said: String = std::fs::read_dir(&logs)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        if said.contains(&started) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new app did not start within 60 s: {logs:?} holds {said:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// An older version (0.0.1, the stand-in app) installed silently, the owner's data written,
/// and that version running (in the tray, say), as a new installer finds it.
struct OlderRunning {
    wine: Wine,
    dir: std::path::PathBuf,
    db: std::path::PathBuf,
    journal: std::path::PathBuf,
    running: std::process::Child,
    /// Its standard output, kept open while it runs (as before the helper).
    _said: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl OlderRunning {
    /// What a new installer leaves after it ran over the running older version: the running
    /// one was asked to quit (not ended by force) and did, one uninstall entry at the new
    /// version, the new app's files, the owner's data as it was.
    fn assert_replaced(&mut self) {
        assert!(self.running.wait().unwrap().success());
        assert_eq!(
            std::fs::read_to_string(&self.journal).unwrap(),
            "started\nquit on request\n"
        );
        assert_eq!(
            product_entries(&self.wine),
            ["Conector +fidelidade"],
            "one entry"
        );
        assert_eq!(
            self.wine.reg_value(UNINSTALL_KEY, "DisplayVersion"),
            Some(version())
        );
        let app = std::fs::read(self.dir.join("conector-fidelidade.exe")).unwrap();
        let marker = b"__TAURI_BUNDLE_TYPE_VAR_NSS";
        assert!(
            app.windows(marker.len()).any(|w| w == marker),
            "the new app replaced the old one"
        );
        assert_eq!(
            std::fs::read(&self.db).unwrap(),
            b"the owner's orders and settings"
        );
    }
}

fn older_running(work: &Path) -> OlderRunning {
    let older = older_installer(work);
    let wine = Wine::new();
    wine.pretend_webview2();
    let dir = wine.install_dir();
    assert!(wine.run(&older, &["/S"]).status.success());
    assert_eq!(
        wine.reg_value(UNINSTALL_KEY, "DisplayVersion").as_deref(),
        Some("0.0.1")
    );
    let db = write_data(&wine);
    let journal = work.join("journal.txt");
    let mut running = wine
        .command(dir.join("conector-fidelidade.exe"))
        .arg(format!("Z:{}", journal.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut said = BufReader::new(running.stdout.take().unwrap()).lines();
    assert_eq!(said.next().unwrap().unwrap(), "ready");
    OlderRunning {
        wine,
        dir,
        db,
        journal,
        running,
        _said: said,
    }
}

/// Whether this source's `conector` has the "remove everything" path the uninstaller calls.
fn cli_can_remove_everything() -> bool {
    Command::new(env!("CARGO_BIN_EXE_conector"))
        .args(["remove-everything", "--help"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[test]
fn an_upgrade_over_the_running_app_hands_over_and_keeps_one_entry_and_the_data() {
    let installer = installer();
    let work = tempfile::tempdir().unwrap();
    let mut older = older_running(work.path());

    let out = older.wine.run(&installer, &["/S"]);
    assert!(out.status.success(), "{out:?}");
    older.assert_replaced();
    let (wine, dir, db) = (older.wine, older.dir, older.db);

    // Uninstalling with the data: the uninstaller runs `conector remove-everything --yes`.
    // (`_?=` keeps the uninstaller in place, rather than handing over to a copy of itself,
    // so its exit code is the one seen here.)
    let installed = wine.install_dir_windows();
    let out = wine.run_command_line(&format!(
        r#""{installed}\uninstall.exe" /S /REMOVEDATA _?={installed}"#
    ));
    if cli_can_remove_everything() {
        assert!(out.status.success(), "{out:?}");
        assert!(!db.exists(), "the data was removed");
        assert!(product_entries(&wine).is_empty());
    } else {
        // Until the command exists, the hook refuses cleanly: nothing is removed, so the
        // owner can try again, and the exit code says the data was not removed.
        assert_eq!(out.status.code(), Some(6), "{out:?}");
        assert_eq!(
            std::fs::read(&db).unwrap(),
            b"the owner's orders and settings"
        );
        assert_eq!(
            files_in(&dir),
            INSTALLED
                .iter()
                .map(|s| s.to_string())
                .collect::<BTreeSet<_>>()
        );
        assert_eq!(product_entries(&wine), ["Conector +fidelidade"]);
    }
}
