//! The token never leaves the keychain (issue #13), end to end: the real app under Xvfb, a
//! store that is not the demo (a local demo store answering to a fresh, secret token), the token
//! pasted into every text field of the wizard and the dashboard, steps 1–9 (step 9's links
//! cannot be checked: a real store's may not lead to this computer), a preview sync, a diagnostic export, "Copiar tudo", and a copy of the AppKey followed by the clipboard
//! after its clear (waited for on the page, shortened to 2 s for the test). The page (DOM),
//! every file the app writes under its profile, the zip's content and the app's stderr are
//! scanned for the token.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::Read;
use std::path::PathBuf;

use support::E2e;

fn fresh_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("c3{:030x}", nanos ^ (u128::from(std::process::id()) << 64))
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// What another application reads from the clipboard (`None`: nothing there).
fn clipboard_text() -> Option<String> {
    arboard::Clipboard::new()
        .unwrap()
        .get_text()
        .ok()
        .filter(|t| !t.is_empty())
}

/// The page as it is now: its markup and its visible text.
async fn page(app: &mut E2e) -> String {
    let source = app.client.source().await.unwrap();
    let text = app
        .client
        .execute("return document.body.innerText", vec![])
        .await
        .unwrap();
    format!("{source}\n{text}")
}

/// Waits until the element's text contains `part` (the page updates after a debounced save).
async fn wait_for_part(app: &mut E2e, css: &str, part: &str) -> String {
    let deadline = std::time::Instant::now() + support::UI_TIMEOUT;
    loop {
        let text = app.text(css).await;
        if text.contains(part) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} should contain {part:?}, reads {text:?}"
        );
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn the_token_pasted_everywhere_copied_and_synced_never_leaks() {
    let token = fresh_token();
    let wrong = "token-errado-0000-0000-7f3e";
    let demo = conector_demo::DemoStore::start(conector_demo::DemoConfig {
        token: token.clone(),
        ..conector_demo::DemoConfig::default()
    })
    .await
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let exports = profile.path().join("exports");
    // Inherited by tauri-driver and the app it starts.
    std::env::set_var("CONECTOR_EXPORT_DIR", &exports);
    // Long enough for the page's "will be cleared" to be seen on a loaded machine (a 2 s wait
    // was over before WebDriver looked, once, beside a Wine test run), short for the test.
    std::env::set_var("CONECTOR_CLIPBOARD_CLEAR_MS", "8000");
    std::env::set_var("CONECTOR_LOG", "trace");
    let mut app = E2e::start_with_profile(profile).await;
    let mut pages = Vec::new();

    // The app's own demo store runs (its feed is the one plain-http address on this computer
    // the download policy allows, issue #23), but the store set up next is not it.
    app.click("[data-testid=demo-start]").await;
    app.wait_for("[data-testid=demo-active]").await;

    // Step 1: the token as the store ID, then as the domain.
    app.type_into("[data-testid=store-id]", &token).await;
    wait_for_part(&mut app, "[data-testid=store-id-error]", "parece um token").await;
    pages.push(page(&mut app).await);
    app.type_into("[data-testid=store-id]", "900000001").await;
    app.click("[data-testid=has-domain]").await;
    app.type_into("[data-testid=custom-domain]", &token).await;
    wait_for_part(&mut app, "[data-testid=store-id-error]", "parece um token").await;
    pages.push(page(&mut app).await);
    app.type_into("[data-testid=custom-domain]", &demo.base_url())
        .await;
    // The address shown is the one just typed (the store ID alone showed Simplo7's own).
    let typed_host = demo
        .base_url()
        .trim_start_matches("http://")
        .trim_end_matches("/ws/")
        .to_owned();
    wait_for_part(&mut app, "[data-testid=api-address]", &typed_host).await;
    app.next_to("Abra a API Pública").await;
    app.click("[data-testid=confirm-api-access]").await;
    app.next_to("Crie o usuário de serviço").await;
    app.next_to("Copie e teste o token").await;

    // Step 4: a wrong token, then the right one.
    app.type_into("[data-testid=token]", wrong).await;
    app.click("[data-testid=test-connection]").await;
    app.wait_for("[data-testid=connection-error]").await;
    pages.push(page(&mut app).await);
    app.type_into("[data-testid=token]", &token).await;
    app.click("[data-testid=test-connection]").await;
    app.wait_for("[data-testid=connection-ok]").await;
    pages.push(page(&mut app).await);
    app.next_to("Encontre o XML de produtos").await;
    app.find_feed().await;

    // Step 6: the token as the feed address; the real feed; the reward picker's boxes.
    app.type_into("[data-testid=feed-url]", &token).await;
    app.click("[data-testid=feed-import]").await;
    wait_for_part(&mut app, "[data-testid=feed-error]", "parece o token").await;
    pages.push(page(&mut app).await);
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    app.type_into("[data-testid=reward-search]", &token).await;
    app.click("details.paste > summary").await;
    app.type_into("[data-testid=paste-skus]", &token).await;
    app.click("[data-testid=paste-check]").await;
    wait_for_part(&mut app, "[data-testid=paste-unknown]", "••••••••").await;
    pages.push(page(&mut app).await);
    app.type_into("[data-testid=reward-search]", "").await;
    app.click("[data-testid=whole-catalog]").await;
    app.wait_for_text(
        "[data-testid=selection-summary]",
        "O catálogo inteiro pode ser prêmio",
    )
    .await;

    // Steps 7 and 8.
    app.next_to("Abra as configurações do +fidelidade").await;
    app.click("[data-testid=confirm-panel-settings]").await;
    app.next_to("Escolha a plataforma").await;
    app.click("[data-testid=platform-simplo7]").await;
    app.next_to("Preencha o formulário de integração").await;

    // Step 9: the token in the links and the coupon days, then the real values.
    for (field, note) in [
        ("form-site_url", "note-site_url"),
        ("form-signup_url", "note-signup_url"),
        ("form-coupon-days", "note-coupon_days"),
    ] {
        app.type_into(&format!("[data-testid={field}]"), &token)
            .await;
        wait_for_part(&mut app, &format!("[data-testid={note}]"), "parece o token").await;
    }
    pages.push(page(&mut app).await);
    app.type_into("[data-testid=form-site_url]", &demo.site_url())
        .await;
    app.type_into("[data-testid=form-signup_url]", &demo.signup_url())
        .await;
    app.type_into("[data-testid=form-coupon-days]", "180").await;
    // A real store's links never lead to this computer: "Conferir" refuses the local pages,
    // plain http that is not the app's own demo store (so step 9 stays open here; the copies
    // and the dashboard do not need it).
    app.click("[data-testid=probe-site_url]").await;
    wait_for_part(&mut app, "[data-testid=note-site_url]", "sem https").await;
    app.choose_delivered_and_after().await;

    // "Copiar resumo para o suporte": everything but the AppKey, and the page says so.
    wait_for_part(&mut app, "[data-testid=copy-all-note]", "sem o AppKey").await;
    app.click("[data-testid=copy-all]").await;
    app.wait_for_text("[data-testid=copy-all]", "Copiado!")
        .await;
    let all = clipboard_text().unwrap_or_default();
    assert!(
        all.contains("Informe o código da sua loja: 900000001"),
        "{all}"
    );
    assert!(!all.contains(&token), "copy-all carries no token");

    // The AppKey: on the clipboard, the page says it will be cleared, then that it was.
    app.click("[data-testid=copy-app_key]").await;
    wait_for_part(
        &mut app,
        "[data-testid=clipboard-will-clear]",
        "será limpa em 8 segundos",
    )
    .await;
    assert_eq!(clipboard_text().as_deref(), Some(token.as_str()));
    pages.push(page(&mut app).await);
    app.screenshot("leak-09-clipboard-will-clear").await;
    app.wait_for("[data-testid=clipboard-cleared]").await;
    app.screenshot("leak-09-clipboard-cleared").await;
    assert_eq!(clipboard_text(), None, "the clipboard was cleared");
    pages.push(page(&mut app).await);

    // The dashboard: the token as the start date and in the customer search; a preview sync.
    app.click("[data-testid=nav-dashboard]").await;
    app.type_into("[data-testid=sync-since]", &token).await;
    app.click("[data-testid=sync-save]").await;
    app.wait_for("[data-testid=sync-settings-message]").await;
    app.type_into("[data-testid=sync-since]", "01/01/2020")
        .await;
    app.click("[data-testid=sync-save]").await;
    app.wait_enabled("[data-testid=sync-now]").await;
    app.click("[data-testid=sync-now]").await;
    app.wait_for("[data-testid=sync-finished]").await;
    app.type_into("[data-testid=customer-search]", &token).await;
    pages.push(page(&mut app).await);
    let requests = demo.requests();
    let orders: Vec<_> = requests
        .iter()
        .filter(|r| r.path.contains("wspedidos"))
        .collect();
    assert!(orders.len() > 5, "the sync asked the store");
    assert!(orders.iter().all(|r| r.had_app_key));
    // The only calls without the token are step 1's look at the address.
    assert!(requests
        .iter()
        .filter(|r| !r.had_app_key)
        .all(|r| r.path == "/ws/wsstatuspedidos.json" && r.status == 401));

    // The diagnostic export.
    app.click("[data-testid=nav-about]").await;
    app.click("[data-testid=export-diagnostics]").await;
    app.wait_for("[data-testid=diagnostics-saved]").await;
    pages.push(page(&mut app).await);
    let driver_log = app.driver_log().to_path_buf();
    // The app's stderr is the driver's log: scanning that file scans the stderr.
    let pids = support::app_pids(app.profile_path());
    assert!(!pids.is_empty(), "the app is running");
    for pid in pids {
        let stderr = std::fs::read_link(format!("/proc/{pid}/fd/2")).unwrap();
        assert_eq!(stderr, driver_log.canonicalize().unwrap());
    }
    let profile = app.stop().await;

    // The scan: every page seen, every file under the profile (the zip opened), the stderr.
    for (i, seen) in pages.iter().enumerate() {
        assert!(!seen.contains(&token), "token on page {i}");
        assert!(!seen.contains(wrong), "rejected token on page {i}");
    }
    let files = conector_app::fixture::files_under(profile.path());
    assert!(files.iter().any(|f| f.ends_with("conector.sqlite3")));
    assert!(files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "log")));
    let zips: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "{files:?}");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zips[0]).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert!(
            !text.contains(&token),
            "token in the zip's {}",
            entry.name()
        );
    }
    let stderr = std::fs::read(&driver_log).unwrap();
    for file in files.iter().chain([&driver_log]) {
        // WebKit's helper processes may still tidy their cache as the app exits.
        let Ok(bytes) = std::fs::read(file) else {
            assert!(!file.exists(), "{} is unreadable", file.display());
            continue;
        };
        assert!(!contains(&bytes, &token), "token in {}", file.display());
        assert!(
            !contains(&bytes, wrong),
            "rejected token in {}",
            file.display()
        );
    }
    assert!(!contains(&stderr, &token));

    let keychain = conector_secrets::Keychain::new();
    let account = conector_secrets::StoreAccount::for_store(Some("900000001"), &demo.base_url());
    assert_eq!(
        keychain
            .load(&account)
            .unwrap()
            .map(|t| t.expose().to_owned()),
        Some(token),
        "the keychain holds it"
    );
    keychain.delete(&account).unwrap();
    demo.shutdown().await;
}
