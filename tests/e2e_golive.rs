//! The go-live check end to end (issue #21 item 2): the real app on the demo store, walked to
//! go-live. The card first says there is no sale yet. Then go-live is dated four days back (as
//! if recorded then: the app's clock cannot be moved, the database's record can) and the demo
//! store takes new orders: "Verificar agora" lists the orders placed since, with their statuses;
//! an order becomes answerable only once it is final **and** its 72 hours have passed; "Não
//! bateu" produces the support text and the diagnostic zip; the ledger gets no entry.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use fantoccini::Locator;
use serde_json::json;
use support::E2e;

async fn post(url: &str, body: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!(
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// One of the demo store's admin routes (`/_demo/…`, the `faults` feature the tests turn on).
async fn admin(origin: &str, path: &str, body: serde_json::Value) {
    let status = post(&format!("{origin}_demo/{path}"), &body.to_string()).await;
    assert_eq!(status, 200, "{path}");
}

fn database(app: &E2e) -> PathBuf {
    app.profile_path()
        .join("data")
        .join(conector_app::context::APP_IDENTIFIER)
        .join("conector.sqlite3")
}

fn open(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn
}

fn ledger_entries(db: &Path) -> i64 {
    open(db)
        .query_row("SELECT COUNT(*) FROM ledger_entries", [], |r| r.get(0))
        .unwrap()
}

/// The owner's record of go-live, dated `days` earlier.
fn date_go_live_back(db: &Path, days: i64) {
    let conn = open(db);
    let since: String = conn
        .query_row(
            "SELECT changed_at FROM activation_events ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let earlier = conector_core::timestamp::parse(&since).unwrap() - time::Duration::days(days);
    conn.execute(
        "UPDATE activation_events SET changed_at = ?1
         WHERE id = (SELECT MAX(id) FROM activation_events)",
        [conector_core::timestamp::format(earlier)],
    )
    .unwrap();
}

/// "Verificar agora", then waits until the row of `order_id` holds `text` in its "no painel"
/// cell.
async fn check_until(app: &mut E2e, order_id: &str, text: &str) {
    app.wait_enabled("[data-testid=health-check-now]").await;
    app.click("[data-testid=health-check-now]").await;
    app.wait_for_text_containing(
        &format!("[data-order-id='{order_id}'] [data-testid=first-hours-expected]"),
        text,
    )
    .await;
}

async fn has(app: &mut E2e, css: &str) -> bool {
    !app.client
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .is_empty()
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn the_first_orders_after_go_live_are_listed_checked_and_reported() {
    let mut app = E2e::start().await;
    app.connect_demo_store().await;
    app.find_feed().await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=select-SKU-0000001]").await;
    app.next_to("Abra as configurações do +fidelidade").await;
    app.click("[data-testid=confirm-panel-settings]").await;
    app.next_to("Escolha a plataforma").await;
    app.click("[data-testid=platform-simplo7]").await;
    app.next_to("Preencha o formulário de integração").await;
    let site = app.wait_for("[data-testid=form-site_url]").await;
    let origin = site.prop("value").await.unwrap().unwrap_or_default();
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
    app.links_statuses_preview_and_go_live().await;

    // Right after go-live: no sale yet, and the card says so.
    app.click("[data-testid=nav-health]").await;
    app.wait_for("[data-testid=health-watching]").await;
    app.wait_for("[data-testid=first-hours-none]").await;
    let db = database(&app);
    let entries = ledger_entries(&db);
    assert!(entries > 0, "the simulation gave points before go-live");

    // Go-live four days ago, and half a day of new orders in the store.
    date_go_live_back(&db, 4);
    admin(&origin, "advance", json!({"hours": 12})).await;
    app.wait_enabled("[data-testid=health-check-now]").await;
    app.click("[data-testid=health-check-now]").await;
    app.wait_for("[data-testid=first-hours-order]").await;
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=first-hours-order]"))
        .await
        .unwrap();
    assert!(rows.len() >= 3, "the orders of four days are listed");
    let oldest = rows[0].attr("data-order-id").await.unwrap().unwrap();
    let newest = rows[rows.len() - 1]
        .attr("data-order-id")
        .await
        .unwrap()
        .unwrap();
    let oldest_number = rows[0].attr("data-order").await.unwrap().unwrap();
    for row in &rows {
        let status = row
            .find(Locator::Css("[data-testid=first-hours-status]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!status.is_empty(), "each order shows its status");
    }

    // The oldest order (placed over 72 hours ago) while it is not final: awaiting, no answer.
    admin(
        &origin,
        &format!("orders/{oldest}/status"),
        json!({"status_id": "15"}),
    )
    .await;
    check_until(&mut app, &oldest, "Aguardando status final").await;
    assert!(
        !has(
            &mut app,
            &format!("[data-order-id='{oldest}'] [data-testid=first-hours-matched]")
        )
        .await
    );

    // The newest one delivered: points and when to look, but its 72 hours have not passed.
    admin(
        &origin,
        &format!("orders/{newest}/status"),
        json!({"status_id": "21"}),
    )
    .await;
    check_until(&mut app, &newest, "pontos pela sua regra").await;
    let expected = app
        .text(&format!(
            "[data-order-id='{newest}'] [data-testid=first-hours-expected]"
        ))
        .await;
    assert!(
        expected.contains("deve aparecer no painel até"),
        "{expected}"
    );
    app.wait_for(&format!(
        "[data-order-id='{newest}'] [data-testid=first-hours-later]"
    ))
    .await;
    assert!(
        !has(
            &mut app,
            &format!("[data-order-id='{newest}'] [data-testid=first-hours-matched]")
        )
        .await
    );

    // The oldest delivered: final and due, so "Bateu" / "Não bateu".
    admin(
        &origin,
        &format!("orders/{oldest}/status"),
        json!({"status_id": "21"}),
    )
    .await;
    check_until(&mut app, &oldest, "pontos pela sua regra").await;
    app.wait_for(&format!(
        "[data-order-id='{oldest}'] [data-testid=first-hours-matched]"
    ))
    .await;
    // The card's top: its words, the rule, and the first orders.
    app.scroll_to("[data-testid=first-hours-order]").await;
    app.screenshot("health-06-first-hours").await;

    // "Não bateu": the support text and the diagnostic zip.
    app.click(&format!(
        "[data-order-id='{oldest}'] [data-testid=first-hours-mismatched]"
    ))
    .await;
    let text = app
        .wait_for("[data-testid=first-hours-support-text]")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    for part in [
        "ID da loja:",
        &format!("Pedido {oldest_number}"),
        "“Entregue”",
        "pontos esperados pela minha regra",
        "Status finais escolhidos: Entregue, Concluído",
        "Conector +fidelidade, versão",
    ] {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
    let zip = app.text("[data-testid=first-hours-support-zip]").await;
    let zip = zip
        .split_once(": ")
        .map(|(_, path)| PathBuf::from(path.trim()))
        .unwrap();
    assert!(zip.exists(), "{zip:?}");
    app.scroll_to("[data-testid=first-hours-support]").await;
    app.screenshot("health-07-first-hours-support").await;
    let _ = std::fs::remove_file(&zip);

    assert_eq!(
        ledger_entries(&db),
        entries,
        "no ledger entry after go-live"
    );
    app.stop().await;
}
