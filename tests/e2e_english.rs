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
    let found: Vec<&&str> = PORTUGUESE.iter().filter(|w| text.contains(**w)).collect();
    assert!(
        found.is_empty(),
        "{what} is not in English ({found:?}): {text}"
    );
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
