//! The whole wizard from a fresh profile against the demo store: all ten steps, a restart in
//! the middle, activation behind its confirmation. A screenshot of every step.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fantoccini::Locator;
use support::E2e;

async fn next(app: &mut E2e, title: &str) {
    app.wait_enabled("[data-testid=next]").await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", title).await;
}

async fn disabled(app: &mut E2e, css: &str) -> bool {
    !app.wait_for(css).await.is_enabled().await.unwrap()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn all_ten_steps_with_a_restart_and_activation() {
    let mut app = E2e::start().await;
    app.screenshot("wizard-01-store-id").await;
    app.connect_demo_store().await;
    app.screenshot("wizard-05-find-feed").await;

    // Step 6: the demo feed, whole catalogue as rewards.
    next(&mut app, "Cole o endereço do XML Google Shopping").await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=whole-catalog]").await;
    app.wait_for_text(
        "[data-testid=selection-summary]",
        "Catálogo inteiro como recompensas",
    )
    .await;
    app.screenshot("wizard-06-feed").await;

    // Restart in the middle: the owner is back on step 6 with everything kept.
    let profile = app.stop().await;
    let mut app = E2e::start_with_profile(profile).await;
    app.wait_for_text(
        "[data-testid=step-title]",
        "Cole o endereço do XML Google Shopping",
    )
    .await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.wait_for("[data-testid=demo-badge]").await;

    // Step 7: instructions and a confirmation.
    next(&mut app, "Abra as configurações do +fidelidade").await;
    assert!(disabled(&mut app, "[data-testid=next]").await);
    app.click("[data-testid=confirm-panel-settings]").await;
    app.screenshot("wizard-07-panel").await;

    // Step 8: the platform.
    next(&mut app, "Escolha a plataforma").await;
    assert!(disabled(&mut app, "[data-testid=next]").await);
    app.click("[data-testid=platform-simplo7]").await;
    app.screenshot("wizard-08-platform").await;

    // Step 9: pre-filled from the demo store; checked as typed.
    next(&mut app, "Preencha o formulário de integração").await;
    let site = app.wait_for("[data-testid=form-site_url]").await;
    let site_url = site.prop("value").await.unwrap().unwrap_or_default();
    assert!(site_url.starts_with("http://127.0.0.1:"), "{site_url}");
    app.type_into("[data-testid=form-coupon-days]", "0").await;
    let note = app.text("[data-testid=note-coupon_days]").await;
    assert!(note.contains("entre 1 e 3650"), "{note}");
    app.type_into("[data-testid=form-coupon-days]", "180").await;
    app.click("[data-testid=probe-site_url]").await;
    app.wait_for("[data-testid=ok-site_url]").await;
    app.wait_enabled("[data-testid=probe-signup_url]").await;
    app.click("[data-testid=probe-signup_url]").await;
    app.wait_for("[data-testid=ok-signup_url]").await;
    // Final statuses: fewer than two is refused; three follow the vendor's advice.
    let statuses = app
        .client
        .find_all(Locator::Css("[data-testid^=status-]"))
        .await
        .unwrap();
    assert!(statuses.len() >= 5);
    statuses[2].click().await.unwrap();
    let note = app.text("[data-testid=note-final_statuses]").await;
    assert!(note.contains("pelo menos 2 status"), "{note}");
    assert!(disabled(&mut app, "[data-testid=next]").await);
    statuses[3].click().await.unwrap();
    statuses[4].click().await.unwrap();
    app.wait_enabled("[data-testid=next]").await;
    app.wait_for_text("[data-testid=review-coupon_days] .value", "180")
        .await;
    let review = app.text("[data-testid=review-card]").await;
    assert!(
        review.contains("900000001"),
        "store code in the review: {review}"
    );
    assert!(
        review.contains("••••••••0001"),
        "token only as a mask: {review}"
    );
    assert!(!review.contains(conector_demo::DEMO_TOKEN));
    app.click("[data-testid=copy-all]").await;
    app.wait_for_text("[data-testid=copy-all]", "Copiado!")
        .await;
    app.screenshot("wizard-09-form").await;

    // Step 10: the checklist waits for a preview sync.
    next(&mut app, "Ative a integração").await;
    app.wait_for("[data-testid=checklist]").await;
    let preview = app.wait_for("[data-testid=check-preview_run]").await;
    assert_eq!(
        preview.attr("data-done").await.unwrap().as_deref(),
        Some("false")
    );
    assert!(disabled(&mut app, "[data-testid=activate]").await);
    app.screenshot("wizard-10-checklist").await;

    // A preview sync on the dashboard (same final statuses as step 9) completes the list.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_enabled("[data-testid=sync-now]").await;
    app.click("[data-testid=sync-now]").await;
    app.wait_for("[data-testid=sync-finished]").await;
    app.wait_for("[data-testid=total-customers]").await;
    app.click("[data-testid=nav-wizard]").await;
    app.wait_for_text("[data-testid=step-title]", "Ative a integração")
        .await;
    let preview = app.wait_for("[data-testid=check-preview_run]").await;
    assert_eq!(
        preview.attr("data-done").await.unwrap().as_deref(),
        Some("true")
    );

    // "Cadastrar vendas" asks about an ERP first; answering "I have one" leaves it off.
    app.click("[data-testid=switch-register_sales]").await;
    app.wait_for("[data-testid=confirm-dialog]").await;
    app.screenshot("wizard-10-erp-question").await;
    app.click("[data-testid=confirm-no]").await;
    let sales = app.wait_for("[data-testid=switch-register_sales]").await;
    assert_eq!(
        sales.prop("checked").await.unwrap().as_deref(),
        Some("false")
    );

    // Activation behind its confirmation; then the hand-over card, then back to preview.
    app.wait_enabled("[data-testid=activate]").await;
    app.click("[data-testid=activate]").await;
    let dialog = app.text("[data-testid=confirm-dialog]").await;
    assert!(dialog.contains("e-mails"), "{dialog}");
    app.screenshot("wizard-10-confirm").await;
    app.click("[data-testid=confirm-yes]").await;
    let since = app.text("[data-testid=handed-over-since]").await;
    assert!(since.contains("assumiu em"), "{since}");
    assert!(app
        .text("[data-testid=handed-over]")
        .await
        .contains("72 horas"));
    app.screenshot("wizard-10-active").await;
    app.click("[data-testid=deactivate]").await;
    app.wait_for("[data-testid=checklist]").await;
    app.stop().await;
}
