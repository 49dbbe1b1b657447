//! In English, every kind of error the owner can meet on the way reads in English: a bad store
//! ID, a refused token, a failed feed download, an invalid form field and a startup problem.
//! The texts come from the message catalogue by code, so no Portuguese sentence can leak from
//! Rust into an English page.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::E2e;

/// Words that only Portuguese text has (the panel's own labels, quoted in English instructions,
/// use none of them).
const PORTUGUESE: &[&str] = &[
    "não",
    "Não",
    "você",
    "está",
    "Informe",
    "Confira",
    "Tente",
    "de novo",
    "pedido",
    "arquivo",
    "endereço",
    "números",
    "letras",
    "clique",
    "cofre",
    "ção",
    "ções",
    "ã",
    "õ",
    "é ",
];

fn assert_english(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what}: no text");
    let text = &without_the_panels_words(text);
    let found: Vec<&&str> = PORTUGUESE.iter().filter(|w| text.contains(**w)).collect();
    assert!(
        found.is_empty(),
        "{what} is not in English ({found:?}): {text}"
    );
}

/// What the store's and +fidelidade's panels call their menus and buttons: English
/// instructions name them as the owner will see them, in Portuguese.
const PANEL_WORDS: &[&str] = &[
    "Aplicativos > Integrações > Sistemas externos > API Pública",
    "Mais > Configurações > Integração > Simplo7",
    "Mais > Configurações",
    "Usuário(s) do grupo de Serviços",
    "Integração",
];

/// The text without what English pages quote verbatim from the Portuguese panels (labels in
/// quotes, menu paths), so that only the app's own words are judged.
fn without_the_panels_words(text: &str) -> String {
    let mut own = text.to_owned();
    for words in PANEL_WORDS {
        own = own.replace(words, "");
    }
    for (open, close) in [('“', '”'), ('"', '"')] {
        let mut kept = String::with_capacity(own.len());
        let mut rest = own.as_str();
        while let Some(start) = rest.find(open) {
            kept.push_str(&rest[..start]);
            let after = &rest[start + open.len_utf8()..];
            match after.find(close) {
                Some(end) => rest = &after[end + close.len_utf8()..],
                None => {
                    rest = after;
                    break;
                }
            }
        }
        kept.push_str(rest);
        own = kept;
    }
    own
}

async fn next(app: &mut E2e) {
    app.wait_enabled("[data-testid=next]").await;
    app.click("[data-testid=next]").await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn every_error_on_the_way_reads_in_english() {
    let mut app = E2e::start().await;
    app.click("[data-testid=lang-en]").await;
    app.wait_for_text("[data-testid=step-title]", "Copy the store ID")
        .await;

    // Step 1: a store ID with letters.
    app.type_into("[data-testid=store-id]", "12a4").await;
    let error = app.text("[data-testid=store-id-error]").await;
    assert!(error.contains("letters"), "{error}");
    assert_english("the store ID error", &error);
    app.screenshot("english-01-store-id").await;

    // Steps 2–4 on the demo store; step 4 with a wrong token first.
    app.click("[data-testid=demo-start]").await;
    app.wait_for("[data-testid=demo-badge]").await;
    next(&mut app).await;
    app.click("[data-testid=confirm-api-access]").await;
    next(&mut app).await;
    app.wait_for("[data-testid=service-user-name]").await;
    next(&mut app).await;
    app.type_into("[data-testid=token]", "wrong-token-0000-0000")
        .await;
    app.click("[data-testid=test-connection]").await;
    let error = app.text("[data-testid=connection-error]").await;
    assert!(error.contains("refused the token"), "{error}");
    assert_english("the refused token", &error);
    app.screenshot("english-02-token").await;
    app.type_into("[data-testid=token]", conector_demo::DEMO_TOKEN)
        .await;
    app.click("[data-testid=test-connection]").await;
    app.wait_for("[data-testid=connection-ok]").await;
    next(&mut app).await;
    app.click("[data-testid=confirm-feed-found]").await;
    next(&mut app).await;

    // Step 6: a download that fails.
    app.type_into("[data-testid=feed-url]", "http://127.0.0.1:9/none.xml")
        .await;
    app.click("[data-testid=feed-import]").await;
    let error = app.text("[data-testid=feed-error]").await;
    assert_english("the failed download", &error);
    app.screenshot("english-03-feed").await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=whole-catalog]").await;
    app.wait_for("[data-testid=product-row]").await;
    next(&mut app).await;
    app.click("[data-testid=confirm-panel-settings]").await;
    next(&mut app).await;
    app.click("[data-testid=platform-simplo7]").await;
    next(&mut app).await;

    // Step 9: a coupon validity that is not a number of days.
    app.type_into("[data-testid=form-coupon-days]", "abc").await;
    let note = app.text("[data-testid=note-coupon_days]").await;
    assert!(note.contains("3650"), "{note}");
    assert_english("the coupon field note", &note);
    app.screenshot("english-04-form").await;

    // A startup problem: the data file damaged between two launches.
    let profile = app.stop().await;
    let data = profile
        .path()
        .join("data/br.com.conectorfidelidade.conector");
    std::fs::write(
        data.join("conector.sqlite3"),
        b"not a database: garbage bytes left by a crash ".repeat(100),
    )
    .unwrap();
    for side in ["conector.sqlite3-wal", "conector.sqlite3-shm"] {
        let _ = std::fs::remove_file(data.join(side));
    }
    let mut app = E2e::start_on(profile, "[data-testid=startup-problem]").await;
    app.click("[data-testid=lang-en]").await;
    app.wait_for_text(
        "[data-testid=startup-title]",
        "The app’s data could not be opened",
    )
    .await;
    let message = app.text("[data-testid=startup-problem]").await;
    assert_english("the startup problem page", &message);
    app.screenshot("english-05-startup").await;
    app.stop().await;
}

/// The whole way in English, from the welcome screen to the health watch after go-live: every
/// step's title and instructions, the hand-over of step 10, the dashboard's cards (totals, cost,
/// the customers' data) and the health page read in English. Store data (status names,
/// products, customers) and the panel's own labels, which stay Portuguese by design, are left
/// out of what is judged.
#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn every_screen_on_the_way_to_go_live_reads_in_english() {
    let mut app = E2e::start_at_welcome().await;
    app.click("[data-testid=lang-en]").await;
    app.wait_for_text_containing("[data-testid=welcome-title]", "Welcome")
        .await;
    assert_english(
        "the welcome screen",
        &app.text("[data-testid=welcome]").await,
    );
    app.click("[data-testid=welcome-demo]").await;
    app.wait_for("[data-testid=demo-active]").await;

    let mut seen = Vec::new();
    for step in 1..=10 {
        let title = app.text("[data-testid=step-title]").await;
        let body = app.text("[data-testid=step-body]").await;
        assert_english(&format!("step {step}"), &format!("{title}\n{body}"));
        seen.push(title.clone());
        match step {
            2 => app.click("[data-testid=confirm-api-access]").await,
            3 => {
                app.wait_for("[data-testid=service-user-name]").await;
            }
            4 => {
                app.click("[data-testid=test-connection]").await;
                app.wait_for("[data-testid=connection-ok]").await;
            }
            5 => app.click("[data-testid=confirm-feed-found]").await,
            6 => {
                app.click("[data-testid=feed-use-demo]").await;
                app.click("[data-testid=feed-import]").await;
                app.wait_for_text("[data-testid=summary-items]", "240")
                    .await;
                app.click("[data-testid=whole-catalog]").await;
                app.wait_for("[data-testid=product-row]").await;
            }
            7 => app.click("[data-testid=confirm-panel-settings]").await,
            8 => app.click("[data-testid=platform-simplo7]").await,
            9 => {
                // The demo store's links, checked; the delivered status and the one after it.
                app.press("[data-testid=probe-site_url]").await;
                app.wait_for("[data-testid=ok-site_url]").await;
                app.press("[data-testid=probe-signup_url]").await;
                app.wait_for("[data-testid=ok-signup_url]").await;
                app.choose_delivered_and_after().await;
            }
            _ => {}
        }
        if step < 10 {
            next(&mut app).await;
            let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
            while app.text("[data-testid=step-title]").await == title {
                assert!(std::time::Instant::now() < deadline, "step {step} stayed");
                tokio::task::yield_now().await;
            }
        }
    }
    assert_eq!(seen.len(), 10);

    // The dashboard after a preview sync.
    app.preview_sync().await;
    for card in [
        "dash-title",
        "nothing-sent",
        "sync-totals",
        "cost-card",
        "return-window-help",
        "privacy-dashboard",
    ] {
        let text = app.text(&format!("[data-testid={card}]")).await;
        assert_english(&format!("the dashboard's {card}"), &text);
    }
    app.scroll_to("[data-testid=cost-card]").await;
    app.screenshot("english-06-dashboard").await;

    // Step 10: the checklist, the panel's switches in order, go-live recorded.
    app.click("[data-testid=nav-wizard]").await;
    app.wait_for("[data-testid=check-preview_run][data-done=true]")
        .await;
    assert_english(
        "step 10's checklist",
        &app.text("[data-testid=checklist-card]").await,
    );
    app.confirm_panel_steps().await;
    assert_english(
        "step 10's panel steps",
        &app.text("[data-testid=panel-steps]").await,
    );
    app.press("[data-testid=autostart-choice]").await;
    app.wait_for("[data-testid=autostart-choice]:not(:checked)")
        .await;
    app.press("[data-testid=activate]").await;
    assert_english(
        "the go-live confirmation",
        &app.text("[data-testid=confirm-dialog]").await,
    );
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=handed-over-since]").await;
    app.wait_gone("[data-testid=confirm-dialog]").await;
    for card in ["handed-over", "privacy-handover"] {
        let text = app.text(&format!("[data-testid={card}]")).await;
        assert_english(&format!("step 10's {card}"), &text);
    }
    app.scroll_to("[data-testid=privacy-handover]").await;
    app.screenshot("english-07-handed-over").await;

    // The health page: the watch and the token's line.
    app.click("[data-testid=nav-health]").await;
    app.wait_for("[data-testid=health-watching]").await;
    app.wait_for_text("[data-testid=health-state-token]", "OK")
        .await;
    assert_english(
        "the health page",
        &format!(
            "{}\n{}",
            app.text("[data-testid=health-watching]").await,
            app.text("[data-testid=health-check-token]").await
        ),
    );
    app.screenshot("english-08-health").await;
    app.stop().await;
}
