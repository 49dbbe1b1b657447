//! Steps 1–4 end to end: the real app, the demo store over 127.0.0.1, the real keychain.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fantoccini::Locator;
use support::E2e;

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn steps_one_to_four_against_the_demo_store() {
    let mut app = E2e::start().await;

    // Step 1: a store ID with letters is refused as typed, and Next stays disabled.
    app.type_into("[data-testid=store-id]", "12a4").await;
    let error = app.text("[data-testid=store-id-error]").await;
    assert!(error.contains("tem letras"), "{error}");
    assert!(!app
        .wait_for("[data-testid=next]")
        .await
        .is_enabled()
        .await
        .unwrap());
    app.screenshot("store-01-step1-invalid").await;

    // A valid ID shows the API address it will use.
    app.type_into("[data-testid=store-id]", "123456").await;
    app.wait_for_text(
        "[data-testid=api-address]",
        "O aplicativo vai buscar os dados da sua loja neste endereço: https://123456.simplo7.net/ws/",
    )
    .await;
    app.screenshot("store-02-step1-valid").await;

    // The demo store takes over step 1 and is labelled as such.
    app.click("[data-testid=demo-start]").await;
    app.wait_for_text("[data-testid=demo-badge]", "Loja de demonstração")
        .await;
    app.wait_for("[data-testid=demo-active]").await;
    app.screenshot("store-03-step1-demo").await;
    app.wait_enabled("[data-testid=next]").await;
    app.click("[data-testid=next]").await;

    // Step 2: Next waits for the confirmation.
    app.wait_for_text("[data-testid=step-title]", "Abra a API Pública")
        .await;
    assert!(!app
        .wait_for("[data-testid=next]")
        .await
        .is_enabled()
        .await
        .unwrap());
    app.click("[data-testid=confirm-api-access]").await;
    app.wait_enabled("[data-testid=next]").await;
    app.screenshot("store-04-step2").await;
    app.click("[data-testid=next]").await;

    // Step 3: the exact user name, with a copy button.
    app.wait_for_text("[data-testid=step-title]", "Crie o usuário de serviço")
        .await;
    assert_eq!(
        app.text("[data-testid=service-user-name]").await,
        "+Fidelidade"
    );
    app.screenshot("store-05-step3").await;
    app.click("[data-testid=next]").await;

    // Step 4: a wrong token is named as such and Next stays disabled.
    app.wait_for_text("[data-testid=step-title]", "Copie e teste o token")
        .await;
    app.type_into("[data-testid=token]", "token-errado-0000-0000")
        .await;
    app.click("[data-testid=test-connection]").await;
    let error = app.text("[data-testid=connection-error]").await;
    assert!(error.contains("Token recusado pela loja"), "{error}");
    let focused = app.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("data-testid").await.unwrap().as_deref(),
        Some("token"),
        "focus goes back to the field at fault"
    );
    assert!(!app
        .wait_for("[data-testid=next]")
        .await
        .is_enabled()
        .await
        .unwrap());
    app.screenshot("store-06-step4-wrong-token").await;

    // The right token (the demo store's public one) connects and lands in the keychain.
    app.type_into("[data-testid=token]", conector_demo::DEMO_TOKEN)
        .await;
    app.click("[data-testid=test-connection]").await;
    let ok = app.text("[data-testid=status-count]").await;
    assert!(ok.contains("status de pedido"), "{ok}");
    let mask = app.text("[data-testid=token-mask]").await;
    assert!(mask.contains("••••••••0001"), "{mask}");
    let field = app.wait_for("[data-testid=token]").await;
    assert_eq!(field.prop("value").await.unwrap().unwrap_or_default(), "");
    let page = app.client.source().await.unwrap();
    assert!(
        !page.contains(conector_demo::DEMO_TOKEN),
        "the page never holds the token"
    );
    app.screenshot("store-07-step4-connected").await;

    app.wait_enabled("[data-testid=next]").await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", "Encontre o XML de produtos")
        .await;
    app.screenshot("store-08-step5").await;

    // Resume: the app restarts on step 5, still on the demo store, token still in the keychain.
    let profile = app.stop().await;
    let mut app = E2e::start_with_profile(profile).await;
    app.wait_for_text("[data-testid=step-title]", "Encontre o XML de produtos")
        .await;
    app.wait_for("[data-testid=demo-badge]").await;
    app.click("[data-testid=back]").await;
    app.wait_for_text("[data-testid=step-title]", "Copie e teste o token")
        .await;
    let mask = app.text("[data-testid=token-mask]").await;
    assert!(mask.contains("••••••••0001"), "{mask}");
    let statuses = app
        .client
        .find_all(Locator::Css("[data-testid=connection-ok] li"))
        .await
        .unwrap();
    assert!(statuses.len() >= 5);

    // Back on step 2, the confirmation given before the restart is still ticked.
    app.click("[data-testid=back]").await;
    app.wait_for_text("[data-testid=step-title]", "Crie o usuário de serviço")
        .await;
    app.click("[data-testid=back]").await;
    app.wait_for_text("[data-testid=step-title]", "Abra a API Pública")
        .await;
    let confirmed = app.wait_for("[data-testid=confirm-api-access]").await;
    assert_eq!(
        confirmed.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    app.stop().await;
}

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn a_new_installation_opens_on_the_welcome_screen_with_the_demo_store() {
    let mut app = E2e::start_at_welcome().await;
    let welcome = app.text("[data-testid=welcome]").await;
    for needed in [
        "painel administrativo da sua loja",
        "painel do +fidelidade",
        "cerca de 15 minutos",
        "Nada é enviado aos seus clientes",
    ] {
        assert!(welcome.contains(needed), "{needed:?} in {welcome}");
    }
    assert!(app
        .client
        .find(Locator::Css("[data-testid=step-title]"))
        .await
        .is_err());
    app.screenshot("welcome-01").await;

    // The demo store from there: step 1, filled with it and labelled.
    app.click("[data-testid=welcome-demo]").await;
    app.wait_for_text("[data-testid=step-title]", "Copie o ID da loja")
        .await;
    app.wait_for("[data-testid=demo-active]").await;
    app.wait_for_text("[data-testid=demo-badge]", "Loja de demonstração")
        .await;

    // Left once, it does not come back after a restart.
    let profile = app.stop().await;
    let app = E2e::start_on(profile, "[data-testid=step-title]").await;
    assert!(app
        .client
        .find(Locator::Css("[data-testid=welcome]"))
        .await
        .is_err());
    app.stop().await;
}
