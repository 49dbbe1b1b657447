//! The sync preview dashboard end to end: the real app, the demo store it runs in-process,
//! a preview sync, then a cancellation made in the store (through the demo's admin route)
//! reversed by the next sync.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;

use conector_core::Secret;
use conector_demo::DEMO_TOKEN;
use conector_setup::DEMO_STORE_ID;
use conector_simplo7::{ClientConfig, StoreAddress, StoreClient};
use support::E2e;

async fn wait_enabled(app: &mut E2e, css: &str) {
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    loop {
        let element = app.wait_for(css).await;
        if element.is_enabled().await.unwrap_or(false) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} stayed disabled"
        );
        tokio::task::yield_now().await;
    }
}

/// "48.213" → 48213.
fn points(text: &str) -> i64 {
    text.trim()
        .replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// The demo store's admin routes take plain JSON posts (no token: they are the demo's own).
fn demo_admin_post(api_base: &str, path: &str, body: &str) -> String {
    let host = api_base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = TcpStream::connect(&host).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

/// Brings `css` to the top of the window, so that the screenshot shows it.
async fn scroll_to(app: &mut E2e, css: &str) {
    app.wait_for(css).await;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![serde_json::Value::from(css)],
        )
        .await
        .expect("scroll");
}

/// Steps 1–4 with the demo store: the button, the confirmation, the empty token field.
async fn connect_demo_store(app: &mut E2e) {
    app.click("[data-testid=demo-start]").await;
    app.wait_for("[data-testid=demo-active]").await;
    wait_enabled(app, "[data-testid=next]").await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", "Abra a API Pública")
        .await;
    app.click("[data-testid=confirm-api-access]").await;
    wait_enabled(app, "[data-testid=next]").await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", "Crie o usuário de serviço")
        .await;
    app.click("[data-testid=next]").await;
    app.wait_for_text("[data-testid=step-title]", "Copie e teste o token")
        .await;
    app.click("[data-testid=test-connection]").await;
    app.wait_for("[data-testid=status-count]").await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn dashboard_previews_the_demo_store_and_a_cancellation_reverses_points() {
    let mut app = E2e::start().await;

    // Before any store: the dashboard says which step to finish.
    app.click("[data-testid=nav-dashboard]").await;
    let needs = app.text("[data-testid=dash-needs]").await;
    assert!(needs.contains("passo 1"), "{needs}");
    app.screenshot("dash-01-no-store").await;
    app.click("[data-testid=dash-go-wizard]").await;
    app.wait_for("[data-testid=step-title]").await;

    connect_demo_store(&mut app).await;

    // The dashboard asks for the final statuses, then the first preview runs.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for_text(
        "[data-testid=dash-title]",
        "Simulação com os pedidos da loja",
    )
    .await;
    let nothing_sent = app.text("[data-testid=nothing-sent]").await;
    assert!(nothing_sent.contains("Nada é enviado"), "{nothing_sent}");
    let needs = app.text("[data-testid=dash-needs]").await;
    assert!(needs.contains("dois status finais"), "{needs}");
    // The delivered status and the one the store uses after it, as the article asks.
    for status in ["21", "27"] {
        app.click(&format!("[data-testid=final-status-{status}]"))
            .await;
    }
    app.screenshot("dash-02-settings").await;
    app.click("[data-testid=sync-save]").await;
    app.wait_for("[data-testid=sync-finished]").await;
    app.wait_for_text("[data-testid=last-run-result]", "Concluída")
        .await;
    let before = points(&app.text("[data-testid=total-points]").await);
    assert!(before > 0, "the preview gives points");
    let customers = points(&app.text("[data-testid=total-customers]").await);
    assert!(customers > 50, "{customers} customers");
    app.wait_for("[data-testid=customer-row]").await;
    // A simulation, called one: since when, "had the program existed", and what is unknown.
    let title = app.text("[data-testid=totals-title]").await;
    assert!(
        title.starts_with("Simulação com os pedidos desde ")
            && title.ends_with("— se o programa existisse desde então"),
        "{title}"
    );
    let unknown = app.text("[data-testid=totals-unknown]").await;
    assert!(
        unknown.contains("confirme isso com o +fidelidade"),
        "{unknown}"
    );
    app.screenshot("dash-03-after-first-sync").await;
    scroll_to(&mut app, "[data-testid=sync-totals]").await;
    app.screenshot("dash-04-totals-and-customers").await;

    // The cost card: the same points, their worth at 20 points per R$ 1, labelled as estimates.
    let card = app.text("[data-testid=cost-card]").await;
    assert!(card.contains("estimativa"), "{card}");
    assert_eq!(points(&app.text("[data-testid=cost-points]").await), before);
    let cashback = app.text("[data-testid=cost-cashback]").await;
    assert!(cashback.ends_with('%'), "{cashback}");
    // The e-mails customers would get, before the previews, which say they are the app's own.
    let welcome = app.text("[data-testid=volume-welcome]").await;
    assert!(
        welcome.starts_with("Boas-vindas:") && welcome.contains("por semana"),
        "{welcome}"
    );
    let pace = app.text("[data-testid=volume-pace]").await;
    assert!(pace.contains("No ritmo atual da loja"), "{pace}");
    let illustration = app.text("[data-testid=emails-illustration]").await;
    assert!(
        illustration.contains("não os modelos do +fidelidade"),
        "{illustration}"
    );
    scroll_to(&mut app, "[data-testid=cost-card]").await;
    app.screenshot("dash-04b-cost-card").await;

    // Two points per R$ 1: the preview is recomputed at once (each order's points are floored,
    // so at least twice as many, less than one more per order), and back to one.
    app.type_into("[data-testid=rates-earn]", "2").await;
    app.click("[data-testid=rates-save]").await;
    app.wait_for("[data-testid=rates-saved]").await;
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    let doubled = loop {
        let now = points(&app.text("[data-testid=total-points]").await);
        if now != before {
            break now;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the points never changed"
        );
        tokio::task::yield_now().await;
    };
    let earning = points(&app.text("[data-testid=total-orders-earning]").await);
    assert!(
        doubled >= 2 * before && doubled < 2 * before + earning,
        "{before} → {doubled}"
    );
    assert_eq!(
        points(&app.text("[data-testid=cost-points]").await),
        doubled
    );
    app.type_into("[data-testid=rates-earn]", "1").await;
    app.click("[data-testid=rates-save]").await;
    app.wait_for_text("[data-testid=total-points]", &format_points(before))
        .await;

    // The demo store's address, as the dashboard shows it (its admin routes live there too).
    let store_line = app.text("[data-testid=dash-store]").await;
    let api_base = store_line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("the demo address in {store_line:?}"))
        .to_owned();

    // A slow store: the run shows its progress and can be cancelled from the dashboard.
    let reply = demo_admin_post(
        &api_base,
        "/_demo/faults",
        r#"{"slow":{"count":6,"delay_ms":1500}}"#,
    );
    assert!(reply.starts_with("HTTP/1.1 2"), "{reply}");
    app.click("[data-testid=sync-now]").await;
    app.wait_for("[data-testid=sync-progress]").await;
    // Until the first page lands the counters read 0; wait for it, for a telling picture.
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    while app.text("[data-testid=run-orders]").await.trim() == "0" {
        assert!(std::time::Instant::now() < deadline, "no page arrived");
        tokio::task::yield_now().await;
    }
    scroll_to(&mut app, "[data-testid=dash-title]").await;
    app.screenshot("dash-05-running").await;
    app.click("[data-testid=sync-cancel]").await;
    let finished = app.text("[data-testid=sync-finished]").await;
    assert!(finished.contains("cancelada"), "{finished}");
    app.wait_for_text("[data-testid=last-run-result]", "Cancelada")
        .await;
    app.screenshot("dash-06-cancelled").await;
    let reply = demo_admin_post(&api_base, "/_demo/faults/clear", "");
    assert!(reply.starts_with("HTTP/1.1 2"), "{reply}");

    // The newest order that earned points, as the "points earned" e-mail shows it.
    app.click("[data-testid=emails-points]").await;
    app.wait_for("[data-testid=email-preview]").await;
    let body = app.text("[data-testid=email-body]").await;
    let number: u64 = body
        .split("pedido nº ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("an order number in {body:?}"));
    let subject = app.text("[data-testid=email-subject]").await;
    let earned = points(
        subject
            .trim_start_matches("Você ganhou ")
            .split(" pontos")
            .next()
            .unwrap(),
    );
    assert!(earned > 0, "{subject}");
    scroll_to(&mut app, "[data-testid=emails]").await;
    app.screenshot("dash-07-emails").await;

    // The store cancels it (the demo's admin route).
    let client = StoreClient::new(
        StoreAddress::resolve(DEMO_STORE_ID, Some(&api_base)).unwrap(),
        &Secret::new(DEMO_TOKEN),
        ClientConfig::default(),
    )
    .unwrap();
    let order = client.order_by_number(number).await.unwrap();
    let reply = demo_admin_post(
        &api_base,
        &format!("/_demo/orders/{}/status", order.id),
        r#"{"status_id":"25"}"#,
    );
    assert!(reply.starts_with("HTTP/1.1 2"), "{reply}");

    // The next sync reverses exactly that order's points.
    app.click("[data-testid=sync-now]").await;
    app.wait_for_text(
        "[data-testid=total-points]",
        &format_points(before - earned),
    )
    .await;
    app.click("[data-testid=skipped-filter-cancelled]").await;
    let row = app
        .wait_for(&format!("[data-testid=skipped-row][data-order='{number}']"))
        .await;
    let text = row.text().await.unwrap();
    assert!(text.contains("Cancelado ou devolvido"), "{text}");
    assert!(text.contains("Cancelado"), "{text}");
    scroll_to(&mut app, "[data-testid=skipped]").await;
    app.screenshot("dash-08-after-cancellation").await;
    scroll_to(&mut app, "[data-testid=sync-totals]").await;
    app.screenshot("dash-09-totals-after-cancellation").await;
    app.stop().await;
}

/// 48213 → "48.213", as the dashboard shows it in pt-BR.
fn format_points(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}
