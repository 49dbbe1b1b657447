//! The about page and the way out of a damaged database, in the real app (WebDriver, Xvfb).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::E2e;

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn the_about_page_shows_the_folders_and_exports_a_diagnostic() {
    let profile = tempfile::tempdir().expect("profile");
    let exports = profile.path().join("exports");
    // The app places the zip here instead of the user's Downloads (inherited by the app).
    std::env::set_var("CONECTOR_EXPORT_DIR", &exports);
    let data_home = profile.path().join("data");
    let mut app = E2e::start_with_profile(profile).await;

    // A second launch on the same data folder hands over to the open window and exits.
    let mut second = std::process::Command::new(support::APP)
        .env("XDG_DATA_HOME", &data_home)
        .spawn()
        .expect("second launch");
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    let status = loop {
        if let Some(status) = second.try_wait().expect("second status") {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = second.kill();
            break None;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(
        status.is_some_and(|s| s.success()),
        "the second instance should exit at once, leaving the first window: {status:?}"
    );
    app.wait_for("[data-testid=step-title]").await;

    app.click("[data-testid=nav-about]").await;
    app.wait_for_text("[data-testid=about-version]", env!("CARGO_PKG_VERSION"))
        .await;
    let log_dir = app.text("[data-testid=about-log-dir]").await;
    assert!(
        log_dir.contains("br.com.conectorfidelidade.conector"),
        "{log_dir}"
    );
    app.screenshot("about-01-page").await;

    app.click("[data-testid=export-diagnostics]").await;
    let saved = app.wait_for("[data-testid=diagnostics-saved]").await;
    let text = saved.text().await.expect("text");
    assert!(text.contains("conector-diagnostico-"), "{text}");
    let zips: Vec<_> = std::fs::read_dir(&exports)
        .expect("exports folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".zip"))
        .collect();
    assert_eq!(zips.len(), 1, "one zip written");
    app.screenshot("about-02-exported").await;
    app.stop().await;
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn a_damaged_database_opens_on_the_problem_page_and_starts_fresh() {
    let profile = tempfile::tempdir().expect("profile");
    let data = profile
        .path()
        .join("data/br.com.conectorfidelidade.conector");
    std::fs::create_dir_all(&data).expect("data dir");
    std::fs::write(
        data.join("conector.sqlite3"),
        b"not a database: garbage bytes left by a crash ".repeat(100),
    )
    .expect("garbage");

    let mut app = E2e::start_on(profile, "[data-testid=startup-problem]").await;
    let message = app.text("[data-testid=startup-message]").await;
    assert!(message.contains("danificado"), "{message}");
    app.screenshot("startup-01-damaged-database").await;

    app.click("[data-testid=start-fresh]").await;
    app.wait_for("[data-testid=start-fresh-confirm]").await;
    app.click("[data-testid=start-fresh]").await;
    // Fresh data: the app opens as a new installation, on the welcome screen.
    app.wait_for("[data-testid=welcome]").await;
    app.pass_welcome().await;
    app.wait_for_text("[data-testid=step-title]", "Copie o ID da loja")
        .await;
    app.screenshot("startup-02-fresh-start").await;
    let profile = app.stop().await;
    let kept: Vec<_> = std::fs::read_dir(
        profile
            .path()
            .join("data/br.com.conectorfidelidade.conector"),
    )
    .expect("data dir")
    .filter_map(Result::ok)
    .map(|e| e.file_name().to_string_lossy().into_owned())
    .filter(|n| n.starts_with("conector.sqlite3.bad-"))
    .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside: {kept:?}");
}

/// "Sair do aplicativo" on the about page: closing the window leaves the app running, so the
/// window offers a way out for a desktop without a tray icon (as here, under Xvfb). The app
/// exits through Tauri's loop and keeps its data.
#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn quitting_from_the_about_page_ends_the_app_and_keeps_its_data() {
    let profile = tempfile::tempdir().expect("profile");
    let root = profile.path().to_path_buf();
    let mut app = E2e::start_with_profile(profile).await;
    app.click("[data-testid=nav-about]").await;
    let body = app.text("[data-testid=about]").await;
    assert!(
        body.contains("Fechar a janela não fecha o aplicativo"),
        "{body}"
    );
    app.scroll_to("[data-testid=quit-app]").await;
    app.screenshot("about-04-quit").await;
    app.click_to_exit("[data-testid=quit-app]").await;
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    while !support::app_pids(&root).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the app did not exit after \"Sair do aplicativo\""
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let profile = app.stop().await;
    let data = profile
        .path()
        .join("data/br.com.conectorfidelidade.conector");
    assert!(data.join("conector.sqlite3").exists(), "the data is kept");
    let logs = support::tray::logs(profile.path());
    assert!(logs.contains("the owner quit from the window"), "{logs}");
}

/// "Remover tudo deste computador" on the about page: the confirmation lists what goes (the data
/// folder, a copy set aside, the login item), and once confirmed the app removes it all and
/// closes by itself; afterwards nothing of the app is left in the profile's folders.
#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn remove_everything_from_the_about_page_leaves_nothing_and_closes_the_app() {
    const ID: &str = "br.com.conectorfidelidade.conector";
    let profile = tempfile::tempdir().expect("profile");
    let data = profile.path().join("data").join(ID);
    std::fs::create_dir_all(&data).expect("data dir");
    let copy = data.join("conector.sqlite3.bad-20261201T120000Z");
    std::fs::write(&copy, b"a damaged database set aside by the owner").expect("copy");
    // "Iniciar com o computador" on, as the app leaves it: auto-launch writes
    // `$HOME/.config/autostart`, whatever XDG_CONFIG_HOME says.
    let login_item = profile
        .path()
        .join("home/.config/autostart")
        .join(format!("{ID}.desktop"));
    std::fs::create_dir_all(login_item.parent().expect("parent")).expect("autostart dir");
    std::fs::write(
        &login_item,
        format!(
            "[Desktop Entry]\nType=Application\nName={ID}\nExec=conector-fidelidade --hidden\n"
        ),
    )
    .expect("login item");
    let root = profile.path().to_path_buf();
    let mut app = E2e::start_with_home(profile).await;

    app.click("[data-testid=nav-about]").await;
    app.click("[data-testid=remove-everything]").await;
    let list = app.text("[data-testid=remove-list]").await;
    for line in [
        format!("a pasta {}", data.display()),
        format!("a cópia dos dados de clientes {}", copy.display()),
        "o início automático com o computador".to_owned(),
    ] {
        assert!(list.contains(&line), "{line:?} not in {list}");
    }
    app.screenshot("about-03-remove-everything").await;
    app.click("[data-testid=remove-confirm-yes]").await;

    // The app closes by itself.
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    while !support::app_pids(&root).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the app did not close after removing everything"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let profile = app.stop().await;
    assert!(!login_item.exists(), "the login item is still there");
    for base in ["data", "config", "cache"] {
        let left: Vec<_> = std::fs::read_dir(profile.path().join(base))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("conectorfidelidade"))
            .collect();
        let files = conector_app::fixture::files_under(&profile.path().join(base));
        assert!(left.is_empty(), "left in {base}: {left:?} ({files:?})");
    }
}
