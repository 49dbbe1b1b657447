//! The app opens on the wizard, switches language and remembers it (real binary, WebDriver).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::E2e;

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn opens_on_step_one_and_switches_language() {
    let mut app = E2e::start().await;
    app.wait_for_text("[data-testid=step-title]", "Copie o ID da loja")
        .await;
    assert_eq!(app.text("[data-testid=step-of]").await, "PASSO 1 DE 10");
    let rail = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=rail-step]"))
        .await
        .expect("rail");
    assert_eq!(rail.len(), 10, "the rail shows all ten steps");
    app.screenshot("shell-01-step1-pt-BR").await;

    app.click("[data-testid=lang-en]").await;
    app.wait_for_text("[data-testid=step-title]", "Copy the store ID")
        .await;
    app.wait_for_text("[data-testid=next]", "Next").await;
    app.screenshot("shell-02-step1-en").await;

    // Restart on the same profile: the language and the step survive.
    app.type_into("[data-testid=store-id]", "123456").await;
    app.wait_enabled("[data-testid=next]").await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", "Open the Public API")
        .await;
    let profile = app.stop().await;
    let mut app = E2e::start_with_profile(profile).await;
    app.wait_for_text("[data-testid=step-title]", "Open the Public API")
        .await;
    app.screenshot("shell-03-resumed-en").await;

    // When the system reports the network gone, the app says so and keeps the page usable.
    app.client
        .execute("window.dispatchEvent(new Event('offline'))", vec![])
        .await
        .unwrap();
    let banner = app.text("[data-testid=offline-banner]").await;
    assert!(banner.contains("No internet"), "{banner}");
    app.screenshot("shell-04-offline").await;
    app.client
        .execute("window.dispatchEvent(new Event('online'))", vec![])
        .await
        .unwrap();
    app.stop().await;
}
