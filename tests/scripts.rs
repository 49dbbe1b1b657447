//! The run and setup scripts do what the README says: the no-screen message of `scripts/run.sh`
//! names the README's own command, and running installs only what running needs (the
//! WebDriver bridge, the virtual screen and the test keychain are for the tests).

// Unix only: the scripts are bash, for the Debian/Ubuntu build machines.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The README's command for a server without a screen (the line with `xvfb-run … run.sh`).
fn readme_headless_command() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    readme
        .split('`')
        .find(|part| part.contains("xvfb-run") && part.contains("scripts/run.sh"))
        .expect("the README gives a command for a server without a screen")
        .trim()
        .to_owned()
}

#[test]
fn without_a_screen_run_sh_names_the_readmes_command_and_installs_nothing() {
    let out = Command::new(root().join("scripts/run.sh"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8(out.stderr).unwrap();
    let command = readme_headless_command();
    assert!(
        message.contains(&command),
        "run.sh should say `{command}`; it says:\n{message}"
    );
    assert!(!message.contains("make run"), "{message}");
    assert!(out.stdout.is_empty(), "nothing was installed or built");
}

fn packages(profile: &str) -> Vec<String> {
    let out = Command::new(root().join("scripts/setup-system.sh"))
        .args([profile, "--print"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn running_installs_no_test_tools_and_testing_installs_everything() {
    let run = packages("run");
    let test = packages("test");
    for tool in [
        "webkit2gtk-driver",
        "xvfb",
        "gnome-keyring",
        "dunst",
        "imagemagick",
    ] {
        assert!(!run.contains(&tool.to_owned()), "{tool} is for the tests");
        assert!(test.contains(&tool.to_owned()), "the tests need {tool}");
    }
    assert!(run.contains(&"libwebkit2gtk-4.1-dev".to_owned()));
    assert!(run.iter().all(|p| test.contains(p)), "testing also builds");

    // run.sh asks for the run set; tauri-driver is installed for the tests only.
    let run_sh = std::fs::read_to_string(root().join("scripts/run.sh")).unwrap();
    assert!(run_sh.contains("scripts/setup-system.sh run"));
    assert!(run_sh.contains("scripts/setup-tools.sh run"));
    let tools = std::fs::read_to_string(root().join("scripts/setup-tools.sh")).unwrap();
    let guard = tools
        .find(r#"if [ "$profile" = test ] && ! tauri-driver --help"#)
        .expect("tauri-driver is installed only for the tests");
    let install = tools.find("cargo install tauri-driver").unwrap();
    assert!(guard < install);
}
