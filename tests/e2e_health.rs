//! The health watch end to end (issue #16): the real app on the demo store, walked through the
//! wizard to go-live. The demo store's fault switches then revoke the token, break the feed and
//! remove a reward SKU, one after the other: each shows on "Saúde da integração" and raises a
//! desktop notification — observed on the session bus with `dbus-monitor`, a real notification
//! server (`dunst`) answering — and each recovers, with its "voltou ao normal" notification,
//! when the fault is cleared.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use fantoccini::Locator;
use serde_json::json;
use support::bus::Bus;
use support::E2e;

/// A demo store fault switch, over its admin route.
async fn faults(origin: &str, body: serde_json::Value) {
    let status = post(&format!("{origin}_demo/faults"), &body.to_string()).await;
    assert_eq!(status, 200);
}

async fn post(url: &str, body: &str) -> u16 {
    // A raw HTTP/1.1 POST: the test needs nothing more.
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

/// "Verificar agora", then waits until `check` shows `state`.
async fn check_now_until(app: &mut E2e, check: &str, state: &str) {
    app.wait_enabled("[data-testid=health-check-now]").await;
    app.click("[data-testid=health-check-now]").await;
    app.wait_for_text(&format!("[data-testid=health-state-{check}]"), state)
        .await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver, dunst and a Secret Service session: run `make test`"]
async fn after_go_live_each_fault_shows_notifies_and_recovers() {
    // The app first (it waits its turn among this file's tests), then the bus: nothing is
    // notified before go-live.
    let mut app = E2e::start().await;
    let bus = Bus::watch();
    app.connect_demo_store().await;

    // Step 6: the demo feed; two rewards chosen by SKU.
    app.find_feed().await;
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.click("[data-testid=select-SKU-0000001]").await;
    app.click("[data-testid=select-SKU-0000002]").await;
    app.next_to("Abra as configurações do +fidelidade").await;
    app.click("[data-testid=confirm-panel-settings]").await;
    app.next_to("Escolha a plataforma").await;
    app.click("[data-testid=platform-simplo7]").await;

    // Step 9: the demo store's links, checked; the delivered status and the one after it.
    app.next_to("Preencha o formulário de integração").await;
    let site = app.wait_for("[data-testid=form-site_url]").await;
    let origin = site.prop("value").await.unwrap().unwrap_or_default();
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
    app.links_statuses_preview_and_go_live().await;

    // The watch runs by itself at go-live: every check ok, nothing to notify.
    app.click("[data-testid=nav-health]").await;
    app.wait_for("[data-testid=health-watching]").await;
    for check in ["token", "statuses", "feed", "rewards", "links"] {
        app.wait_for_text(&format!("[data-testid=health-state-{check}]"), "OK")
            .await;
    }
    let card = app.text("[data-testid=first-hours]").await;
    assert!(card.contains("72 horas"), "{card}");
    // No sale since go-live yet: the go-live check says so.
    app.wait_for("[data-testid=first-hours-none]").await;
    app.screenshot("health-01-ok").await;
    assert_eq!(bus.count("Problema na integração: Token da loja"), 0);

    // 1. The owner revokes the token in the store's panel.
    faults(&origin, json!({"wrong_token": true})).await;
    check_now_until(&mut app, "token", "Problema").await;
    let todo = app.text("[data-testid=health-todo-token]").await;
    assert!(
        todo.contains("\"+Fidelidade\"") && todo.contains("passo 4"),
        "{todo}"
    );
    let told = bus.expect("Problema na integração: Token da loja", 1);
    assert!(told.contains("A loja recusou o token"), "{told}");
    app.screenshot("health-02-token-revoked").await;
    // Still revoked an hour later (here: at once): not told twice.
    check_now_until(&mut app, "token", "Problema").await;
    faults(&origin, json!({})).await;
    check_now_until(&mut app, "token", "OK").await;
    bus.expect("Voltou ao normal: Token da loja", 1);
    assert_eq!(bus.count("Problema na integração: Token da loja"), 1);

    // 2. The store stops generating the feed.
    faults(&origin, json!({"feed_broken": true})).await;
    check_now_until(&mut app, "feed", "Problema").await;
    let found = app.text("[data-testid=health-found-feed]").await;
    assert!(found.contains("404"), "{found}");
    let told = bus.expect("Problema na integração: XML de produtos", 1);
    assert!(told.contains("404"), "{told}");
    app.screenshot("health-03-feed-broken").await;
    faults(&origin, json!({})).await;
    check_now_until(&mut app, "feed", "OK").await;
    bus.expect("Voltou ao normal: XML de produtos", 1);

    // 3. A reward product leaves the catalogue.
    faults(&origin, json!({"feed_without": ["SKU-0000002"]})).await;
    check_now_until(&mut app, "rewards", "Atenção").await;
    let found = app.text("[data-testid=health-found-rewards]").await;
    assert!(found.contains("SKU-0000002"), "{found}");
    let told = bus.expect("Atenção na integração: Prêmios", 1);
    assert!(told.contains("SKU-0000002"), "{told}");
    app.screenshot("health-04-reward-removed").await;
    faults(&origin, json!({})).await;
    check_now_until(&mut app, "rewards", "OK").await;
    bus.expect("Voltou ao normal: Prêmios", 1);

    // The day's history shows the problems.
    let history = app.wait_for("[data-testid=health-history]").await;
    let cells = history
        .find_all(Locator::Css("td[data-state=problem]"))
        .await
        .unwrap();
    assert!(cells.len() >= 2, "token and feed had a problem today");
    app.screenshot("health-05-recovered").await;
    app.stop().await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn an_earlier_identifiers_data_folder_is_moved_over_on_the_first_start() {
    let profile = tempfile::tempdir().unwrap();
    let old = profile
        .path()
        .join("data")
        .join(conector_app::identity::OLD_IDENTIFIER);
    {
        // What a build before the identifier change left: the owner had chosen English.
        let ctx = conector_app::Context::open(conector_app::Paths::for_database(
            &old.join("conector.sqlite3"),
        ))
        .unwrap();
        conector_app::preferences::set_locale(&ctx, conector_app::preferences::Locale::En).unwrap();
    }
    let mut app = E2e::start_with_profile(profile).await;
    app.wait_for_text("[data-testid=nav-health]", "Integration health")
        .await;
    let data = app
        .profile_path()
        .join("data")
        .join(conector_app::context::APP_IDENTIFIER);
    assert!(data.join("conector.sqlite3").exists(), "moved to {data:?}");
    assert!(!old.exists(), "nothing left under the old name");
    app.stop().await;
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn starting_with_the_computer_adds_and_removes_the_login_item() {
    let profile = tempfile::tempdir().unwrap();
    let mut app = E2e::start_with_home(profile).await;
    let entry = app.profile_path().join(format!(
        "home/.config/autostart/{}.desktop",
        conector_app::context::APP_IDENTIFIER
    ));
    app.click("[data-testid=nav-health]").await;
    let box_ = app.wait_for("[data-testid=health-autostart]").await;
    assert_eq!(
        box_.prop("checked").await.unwrap().as_deref(),
        Some("false")
    );
    box_.click().await.unwrap();
    app.wait_for("[data-testid=health-autostart]:checked").await;
    let text = std::fs::read_to_string(&entry).expect("the login item");
    assert!(
        text.contains(&format!("{} --hidden", support::APP)),
        "starts the app straight to the tray: {text}"
    );
    app.click("[data-testid=health-autostart]").await;
    app.wait_for("[data-testid=health-autostart]:not(:checked)")
        .await;
    assert!(!entry.exists(), "removed");
    app.stop().await;
}
