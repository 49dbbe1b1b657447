//! The whole wizard from a fresh profile against the demo store: all ten steps, a restart in
//! the middle, step 9's status advice and coupon sample, the review card in the panel's words,
//! and step 10's hand-over (the owner's confirmations, the panel's switches in order, the
//! owner's record of go-live and the way back). A screenshot of every step.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::E2e;

async fn disabled(app: &mut E2e, css: &str) -> bool {
    !app.wait_for(css).await.is_enabled().await.unwrap()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn all_ten_steps_with_a_restart_and_activation() {
    // A new installation: the welcome screen, then step 1.
    // HOME inside the profile: go-live switches on the login item under ~/.config/autostart.
    let mut app = E2e::start_at_welcome_with_home().await;
    app.screenshot("wizard-00-welcome").await;
    app.click("[data-testid=welcome-start]").await;
    app.wait_for_text("[data-testid=step-title]", "Copie o ID da loja")
        .await;

    // Steps 1–4 on the demo store.
    app.click("[data-testid=demo-start]").await;
    app.wait_for("[data-testid=demo-active]").await;
    app.screenshot("wizard-01-store-id").await;
    app.next_to("Abra a API Pública").await;
    app.click("[data-testid=confirm-api-access]").await;
    app.wait_for("[data-testid=confirm-api-access]:checked")
        .await;
    app.wait_enabled("[data-testid=next]").await;
    app.screenshot("wizard-02-api-access").await;
    app.next_to("Crie o usuário de serviço").await;
    app.wait_for("[data-testid=service-user-name]").await;
    app.screenshot("wizard-03-service-user").await;
    app.next_to("Copie e teste o token").await;
    app.click("[data-testid=test-connection]").await;
    app.wait_for("[data-testid=connection-ok]").await;
    app.screenshot("wizard-04-token").await;
    app.next_to("Encontre o XML de produtos").await;
    // Step 5 asks for the owner's word, and says what to do without a Google Shopping XML.
    assert!(disabled(&mut app, "[data-testid=next]").await);
    let none = app.text("[data-testid=find-feed-none]").await;
    assert!(
        none.contains("Não apareceu nenhum XML Google Shopping?"),
        "{none}"
    );
    app.click("[data-testid=confirm-feed-found]").await;
    app.wait_enabled("[data-testid=next]").await;
    app.screenshot("wizard-05-find-feed").await;

    // Step 6: the demo feed, whole catalogue as rewards.
    app.next_to("Cole o endereço do XML Google Shopping").await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=whole-catalog]").await;
    app.wait_for_text(
        "[data-testid=selection-summary]",
        "O catálogo inteiro pode ser prêmio",
    )
    .await;
    // The demo store's product pictures are its own (drawn), and they load (the CSP lets
    // them in): the list shows a picture, not a blank box.
    let picture = "[data-testid=reward-list] [data-testid=product-row] img";
    let src = app
        .wait_for(picture)
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        src.starts_with("http://127.0.0.1:") && src.contains("/img/"),
        "{src}"
    );
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    while loaded_width(&mut app, picture).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the picture {src} never loaded"
        );
        tokio::task::yield_now().await;
    }

    // The preview rates, typed here: 2 points per R$ 1 spent, a reward costs 50 points per
    // R$ 1. Every card is costed again at once; the dashboard will show the same rates.
    let first_cost = "[data-testid=reward-list] [data-testid=reward-cost]";
    let before = text_content(&mut app, first_cost).await;
    assert!(before.contains("pontos"), "{before}");
    app.type_into("[data-testid=rates-earn]", "2").await;
    app.type_into("[data-testid=rates-cost]", "50").await;
    app.click("[data-testid=rates-save]").await;
    app.wait_for("[data-testid=rates-saved]").await;
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    while text_content(&mut app, first_cost).await == before {
        assert!(
            std::time::Instant::now() < deadline,
            "the reward cards kept the old rates: {before}"
        );
        tokio::task::yield_now().await;
    }
    app.screenshot("wizard-06-feed").await;
    app.scroll_to("[data-testid=rates]").await;
    app.screenshot("wizard-06-rewards").await;

    // Restart in the middle: the owner is back on step 6 with everything kept.
    let profile = app.stop().await;
    let mut app = E2e::start_with_home(profile).await;
    app.wait_for_text(
        "[data-testid=step-title]",
        "Cole o endereço do XML Google Shopping",
    )
    .await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.wait_for("[data-testid=demo-badge]").await;
    assert_eq!(rate(&mut app, "rates-earn").await, "2");
    assert_eq!(rate(&mut app, "rates-cost").await, "50");

    // Step 7: instructions and a confirmation.
    app.next_to("Abra as configurações do +fidelidade").await;
    assert!(disabled(&mut app, "[data-testid=next]").await);
    app.click("[data-testid=confirm-panel-settings]").await;
    app.screenshot("wizard-07-panel").await;

    // Step 8: the platform.
    app.next_to("Escolha a plataforma").await;
    assert!(disabled(&mut app, "[data-testid=next]").await);
    app.click("[data-testid=platform-simplo7]").await;
    app.wait_enabled("[data-testid=next]").await;
    app.screenshot("wizard-08-platform").await;

    // Step 9: pre-filled from the demo store; checked as typed.
    app.next_to("Preencha o formulário de integração").await;
    let site = app.wait_for("[data-testid=form-site_url]").await;
    let site_url = site.prop("value").await.unwrap().unwrap_or_default();
    assert!(site_url.starts_with("http://127.0.0.1:"), "{site_url}");
    app.type_into("[data-testid=form-coupon-days]", "0").await;
    let note = app.text("[data-testid=note-coupon_days]").await;
    assert!(note.contains("entre 1 e 3650"), "{note}");
    // The coupon sample: a reward's value, valid until today (in the store's time) + 180 days.
    let today = support::store_today();
    app.type_into("[data-testid=form-coupon-days]", "180").await;
    let sample = app
        .wait_for_text_containing("[data-testid=coupon-sample]", "(180 dias).")
        .await;
    assert!(
        sample.starts_with("Exemplo: quem resgatar hoje o prêmio “") && sample.contains("R$"),
        "{sample}"
    );
    let until = support::days_after(today, 180);
    assert!(
        until
            .iter()
            .any(|until| sample.ends_with(&format!("válido até {until} (180 dias)."))),
        "{sample} (expected one of {until:?})"
    );
    assert!(!app.text("[data-testid=step-body]").await.contains("Jet"));
    app.click("[data-testid=probe-site_url]").await;
    app.wait_for("[data-testid=ok-site_url]").await;
    app.wait_enabled("[data-testid=probe-signup_url]").await;
    app.click("[data-testid=probe-signup_url]").await;
    app.wait_for("[data-testid=ok-signup_url]").await;
    assert!(app
        .text("[data-testid=step-body]")
        .await
        .contains("Preenchemos"));
    let help = app.text("fieldset.field").await;
    assert!(
        help.contains("Qual é o último status do pedido após ser entregue ao cliente?")
            && help.contains("mais de um"),
        "{help}"
    );

    // Final statuses: fewer than two is refused, and "mais de um" is all the article asks.
    app.click("[data-testid=status-12]").await; // Pago
    let note = app
        .wait_for_text_containing("[data-testid=note-final_statuses]", "pelo menos 2 status")
        .await;
    assert!(
        note.starts_with("Escolha") && note.contains("mais de um"),
        "{note}"
    );
    app.wait_disabled("[data-testid=next]").await;
    // Paid and shipped, nothing delivered: each status before delivery is named (advice, not a
    // block), and a warning names the store's delivered status.
    app.click("[data-testid=status-18]").await; // Enviado
    let early = app
        .wait_for_text_containing("[data-code='form.before_delivery_status']", "Pago")
        .await;
    assert!(
        early.starts_with("Pedidos em “Pago” ganham pontos antes de chegar ao cliente."),
        "{early}"
    );
    let warning = app
        .wait_for_text_containing("[data-code='form.no_delivered_status']", "Entregue")
        .await;
    assert!(
        warning.contains("Nenhum dos status escolhidos diz que o pedido foi entregue"),
        "{warning}"
    );
    app.wait_enabled("[data-testid=next]").await;
    // A cancelled status as final: a question that blocks Next until it is answered.
    app.click("[data-testid=status-25]").await; // Cancelado
    let question = app
        .wait_for_text_containing("[data-code='form.reversal_status']", "Cancelado")
        .await;
    assert!(
        question.contains("parece um status de pedido cancelado ou devolvido"),
        "{question}"
    );
    app.wait_disabled("[data-testid=next]").await;
    app.scroll_to("[data-code='form.reversal_status']").await;
    app.screenshot("wizard-09-status-question").await;
    app.wait_for_text("[data-testid=confirm-status-25]", "Sim, é isso mesmo")
        .await;
    app.click("[data-testid=confirm-status-25]").await;
    app.wait_for("[data-code='form.reversal_status_confirmed']")
        .await;
    app.wait_enabled("[data-testid=next]").await;
    // The owner thinks again, as the article asks: the delivered status and the one after it.
    for id in ["12", "18", "25"] {
        app.click(&format!("[data-testid=status-{id}]")).await;
    }
    app.choose_delivered_and_after().await;
    app.wait_gone("[data-testid=note-final_statuses]").await;
    app.wait_enabled("[data-testid=next]").await;
    app.scroll_to("fieldset.field").await;
    app.screenshot("wizard-09-statuses").await;

    // The review card: the panel's labels in the panel's order, the token only as a mask; the
    // statuses are named to tick (no ids, no copy), the empty SKU field is left blank.
    app.wait_for_text("[data-testid=review-coupon_days] .value", "180")
        .await;
    app.wait_for_text(
        "[data-testid=review-select-final_statuses]",
        "Marque no painel: Entregue, Concluído",
    )
    .await;
    app.wait_for_text("[data-testid=review-blank-reward_skus]", "Deixe em branco")
        .await;
    app.wait_gone("[data-testid=copy-final_statuses]").await;
    app.click("[data-testid=pasted-store_code]").await;
    app.wait_for("[data-testid=pasted-store_code]:checked")
        .await;
    app.wait_for_text(
        "[data-testid=review-label-final_statuses]",
        "Qual é o último status do pedido após ser entregue ao cliente?",
    )
    .await;
    app.wait_for_text(
        "[data-testid=review-label-app_key]",
        "Informe sua chave de API (AppKey)",
    )
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
    assert!(app
        .text("[data-testid=review-delay]")
        .await
        .contains("em até 72 horas após ser cadastrado na loja"),);
    app.wait_for_text("[data-testid=copy-all]", "Copiar resumo para o suporte")
        .await;
    app.click("[data-testid=copy-all]").await;
    app.wait_for_text("[data-testid=copy-all]", "Copiado!")
        .await;
    app.scroll_to("[data-testid=coupon-sample]").await;
    app.screenshot("wizard-09-form").await;
    app.scroll_to("[data-testid=review-card]").await;
    app.screenshot("wizard-09-review").await;

    // Step 10: where the switches are; the checklist waits for a preview sync and the owner.
    app.next_to("Ligue a integração no painel do +fidelidade")
        .await;
    app.wait_for("[data-testid=checklist]").await;
    app.wait_for_text(
        "[data-testid=panel-where]",
        "No painel do +fidelidade: Mais > Configurações > Integração > Simplo7",
    )
    .await;
    assert!(!done(&mut app, "check-preview_run").await);
    assert!(!done(&mut app, "check-form_saved_in_panel").await);
    assert!(disabled(&mut app, "[data-testid=activate]").await);
    // The last step has no "Avançar": it ends on its own "Concluído" after go-live.
    app.wait_gone("[data-testid=next]").await;
    app.screenshot("wizard-10-checklist").await;

    // The simulation, run from its checklist item (same final statuses as step 9); its totals
    // show in place and complete the app's part.
    app.wait_for_text("[data-testid=simulate-now]", "Fazer a simulação agora")
        .await;
    app.click("[data-testid=simulate-now]").await;
    let totals = app
        .wait_for_text_containing("[data-testid=simulation-totals]", "teriam sido cadastrados")
        .await;
    assert!(
        totals.contains("(simulação com os pedidos desde "),
        "{totals}"
    );
    app.wait_for("[data-testid=check-preview_run][data-done=true]")
        .await;
    app.scroll_to("[data-testid=check-preview_run]").await;
    app.screenshot("wizard-10-simulation").await;

    // The dashboard shows the same simulation.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for("[data-testid=total-customers]").await;
    // The rates typed at step 6 are the dashboard's: the same editor shows them, and the cost
    // card works at them (its points are the totals').
    assert_eq!(rate(&mut app, "rates-earn").await, "2");
    assert_eq!(rate(&mut app, "rates-cost").await, "50");
    let points = app.text("[data-testid=total-points]").await;
    assert_eq!(app.text("[data-testid=cost-points]").await, points);
    app.wait_for("[data-testid=customer-row]").await;
    app.screenshot("wizard-dash-01-top").await;
    app.scroll_to("[data-testid=sync-totals]").await;
    app.screenshot("wizard-dash-02-totals").await;
    app.scroll_to("[data-testid=cost-card]").await;
    app.screenshot("wizard-dash-03-cost").await;
    app.scroll_to("[data-testid=email-volume]").await;
    app.wait_for("[data-testid=email-preview]").await;
    app.screenshot("wizard-dash-04-emails").await;
    app.click("[data-testid=nav-wizard]").await;
    app.wait_for_text(
        "[data-testid=step-title]",
        "Ligue a integração no painel do +fidelidade",
    )
    .await;
    app.wait_for("[data-testid=check-preview_run][data-done=true]")
        .await;
    assert!(disabled(&mut app, "[data-testid=activate]").await);

    // The owner's two confirmations about the panel, which the app cannot check.
    let saved = app.text("[data-testid=check-form_saved_in_panel]").await;
    assert_eq!(
        saved.trim(),
        "Colei os valores do resumo no formulário do +fidelidade e salvei"
    );
    let configured = app.text("[data-testid=check-program_configured]").await;
    assert_eq!(
        configured.trim(),
        "Terminei as configurações do programa no painel (regras de pontos e prêmios)"
    );
    app.press("[data-testid=confirm-form_saved_in_panel]").await;
    app.wait_for("[data-testid=check-form_saved_in_panel][data-done=true]")
        .await;
    app.press("[data-testid=confirm-program_configured]").await;
    app.wait_for("[data-testid=check-program_configured][data-done=true]")
        .await;

    // Then the panel's switches, in order: "Cadastrar clientes", the ERP question.
    assert!(disabled(&mut app, "[data-testid=activate]").await);
    app.press("[data-testid=switch-register_customers]").await;
    app.wait_for_text(
        "[data-testid=erp-question]",
        "Um ERP integrado ao +fidelidade já envia as vendas da sua loja?",
    )
    .await;
    let sales = app.text("[data-testid=panel-register_sales]").await;
    assert!(
        sales.contains(
            "Ligue “Cadastrar vendas”, a menos que um ERP integrado ao +fidelidade já envie as vendas"
        ),
        "{sales}"
    );
    app.press("[data-testid=erp-yes]").await;
    let keep_off = app.text("[data-testid=erp-keep-off]").await;
    assert!(
        keep_off.contains("Deixe “Cadastrar vendas” desligado") && !keep_off.contains("dobro"),
        "{keep_off}"
    );
    app.scroll_to("[data-testid=panel-register_sales]").await;
    app.screenshot("wizard-10-erp-question").await;
    app.press("[data-testid=erp-change]").await;
    app.press("[data-testid=switch-register_sales]").await;
    app.wait_for("[data-testid=switch-register_sales]:checked")
        .await;

    // "Ativar integração" last, with the warning; the app's control is the owner's record.
    app.wait_enabled("[data-testid=activate]").await;
    let warning = app.text("[data-testid=emails-warning]").await;
    assert!(
        warning.contains(
            "no momento em que “Ativar integração” for ligado no painel, o +fidelidade começa a mandar e-mails"
        ),
        "{warning}"
    );
    app.wait_for_text("[data-testid=activate]", "Liguei a integração no painel")
        .await;
    // "Monitorar e avisar: iniciar com o computador", ticked, and plain about when it runs.
    app.wait_for("[data-testid=autostart-choice]:checked").await;
    let monitoring = app.text("[data-testid=panel-activate]").await;
    assert!(
        monitoring.contains("Monitorar e avisar: iniciar com o computador")
            && monitoring.contains("só roda enquanto o computador está ligado"),
        "{monitoring}"
    );
    app.scroll_to("[data-testid=panel-activate]").await;
    app.screenshot("wizard-10-panel-steps").await;
    let recorded = support::store_today();
    app.click("[data-testid=activate]").await;
    let dialog = app.text("[data-testid=confirm-dialog]").await;
    assert!(
        dialog.contains("Você já ligou “Ativar integração” no painel do +fidelidade?"),
        "{dialog}"
    );
    app.screenshot("wizard-10-confirm").await;
    app.click("[data-testid=confirm-yes]").await;
    let since = app.text("[data-testid=handed-over-since]").await;
    assert!(
        since.starts_with("Registrado em") && since.contains("A simulação local está parada"),
        "{since}"
    );
    // The start with the computer was switched on with go-live: the login item exists.
    let state = app
        .wait_for_text_containing("[data-testid=autostart-state]", "inicia com o computador")
        .await;
    assert!(
        state.contains("enquanto o computador está ligado"),
        "{state}"
    );
    let entry = app.profile_path().join(format!(
        "home/.config/autostart/{}.desktop",
        conector_app::context::APP_IDENTIFIER
    ));
    assert!(entry.exists(), "the login item {}", entry.display());
    assert!(app
        .text("[data-testid=handed-over-delay]")
        .await
        .contains("em até 72 horas após ser cadastrado na loja"));
    app.screenshot("wizard-10-active").await;
    // "Concluído" ends the wizard on the monitoring page.
    app.wait_for_text("[data-testid=wizard-done]", "Concluído")
        .await;

    // The customers' data the preview read: an offer to erase it now, the day it goes by
    // itself (30 days after the record), or keeping it.
    let offer = app
        .wait_for_text_containing("[data-testid=privacy-handover]", "não precisa mais deles")
        .await;
    assert!(offer.contains("clientes"), "{offer}");
    let how_long = app.text("[data-testid=privacy-how-long]").await;
    // 30 days after the record, in the local day (the app runs in the store's zone).
    let erase_day = support::days_after(recorded, 30);
    assert!(
        erase_day
            .iter()
            .any(|day| how_long.contains(&format!("apaga sozinho em {day}"))),
        "{how_long} (expected one of {erase_day:?})"
    );
    app.scroll_to("[data-testid=privacy-handover]").await;
    app.screenshot("wizard-10-privacy-offer").await;
    app.press("[data-testid=privacy-keep]").await;
    app.wait_for_text_containing("[data-testid=privacy-how-long]", "escolheu manter")
        .await;

    app.click("[data-testid=wizard-done]").await;
    app.wait_for("[data-testid=health-watching]").await;
    app.click("[data-testid=nav-wizard]").await;
    app.wait_for("[data-testid=deactivate]").await;

    // Back to the simulation: first how to stop the e-mails in the panel.
    app.click("[data-testid=deactivate]").await;
    let dialog = app.text("[data-testid=confirm-dialog]").await;
    assert!(
        dialog.contains("só param quando “Ativar integração” é desligado no painel do +fidelidade"),
        "{dialog}"
    );
    app.screenshot("wizard-10-switch-back").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=checklist]").await;
    app.wait_gone("[data-testid=confirm-dialog]").await;

    // Back in preview, the dashboard says where the customers' data lives and for how long,
    // and "Apagar dados da simulação" takes it out; reading waits for "Ler pedidos da loja
    // agora". The card offers "Abrir pasta" rather than a raw path.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for("[data-testid=total-customers]").await;
    let held = app.text("[data-testid=privacy-held]").await;
    assert!(
        held.contains("(nome, CPF/CNPJ, e-mail e telefone, quando o pedido os traz)"),
        "{held}"
    );
    app.wait_for_text("[data-testid=privacy-open-folder]", "Abrir pasta")
        .await;
    assert!(!held.contains("conector.sqlite3"), "{held}");
    assert!(app
        .text("[data-testid=privacy-how-long]")
        .await
        .contains("apaga sozinho 30 dias depois"));
    app.scroll_to("[data-testid=privacy-dashboard]").await;
    app.screenshot("dashboard-privacy").await;
    app.press("[data-testid=privacy-erase]").await;
    let dialog = app.text("[data-testid=privacy-confirm]").await;
    assert!(
        dialog.contains("As configurações e o catálogo de produtos ficam"),
        "{dialog}"
    );
    app.screenshot("dashboard-privacy-confirm").await;
    app.click("[data-testid=privacy-confirm-yes]").await;
    app.wait_for("[data-testid=privacy-none]").await;
    app.wait_for_text_containing("[data-testid=privacy-erased]", "apagados por você em")
        .await;
    app.wait_for("[data-testid=privacy-paused]").await;
    app.wait_gone("[data-testid=total-customers]").await;
    app.scroll_to("[data-testid=privacy-dashboard]").await;
    app.screenshot("dashboard-privacy-erased").await;
    app.press("[data-testid=sync-now]").await;
    app.wait_for("[data-testid=total-customers]").await;
    app.wait_gone("[data-testid=privacy-paused]").await;
    app.stop().await;
}

/// An element's text even where the window does not show it (below the fold of its list).
async fn text_content(app: &mut E2e, css: &str) -> String {
    app.wait_for(css)
        .await
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The width of the picture `css` finds, once loaded (0 while it is not, or when it failed).
async fn loaded_width(app: &mut E2e, css: &str) -> u64 {
    app.wait_for(css).await;
    app.client
        .execute(
            "const img = document.querySelector(arguments[0]); \
             return img && img.complete ? img.naturalWidth : 0;",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(0)
}

/// A preview rate as its field shows it (the field is filled once the saved rates arrive).
async fn rate(app: &mut E2e, id: &str) -> String {
    let css = format!("[data-testid={id}]");
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    loop {
        let value = app
            .wait_for(&css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if !value.is_empty() || std::time::Instant::now() > deadline {
            return value;
        }
        tokio::task::yield_now().await;
    }
}

async fn done(app: &mut E2e, id: &str) -> bool {
    let item = app.wait_for(&format!("[data-testid={id}]")).await;
    item.attr("data-done").await.unwrap().as_deref() == Some("true")
}
