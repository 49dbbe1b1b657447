//! Step 6 end to end: the demo store's feed downloaded, summarised, searched, rewards chosen,
//! re-imported with the choice kept.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::E2e;

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Secret Service session: run `make test`"]
async fn feed_import_search_and_reward_selection() {
    let mut app = E2e::start().await;
    app.connect_demo_store().await;
    app.find_feed().await;
    assert!(
        !app.wait_for("[data-testid=next]")
            .await
            .is_enabled()
            .await
            .unwrap(),
        "Next waits for a parsed feed"
    );

    // An address the download policy refuses (plain http on this computer, not the demo
    // store's) is explained, naming only its host, and nothing is imported.
    app.type_into("[data-testid=feed-url]", "http://127.0.0.1:9/nada.xml")
        .await;
    app.click("[data-testid=feed-import]").await;
    let error = app.text("[data-testid=feed-error]").await;
    assert!(error.contains("Não foi possível usar este XML"), "{error}");
    assert!(
        error.contains("O endereço do XML leva a uma página sem https (127.0.0.1)."),
        "{error}"
    );
    assert!(!error.contains("nada.xml"), "{error}");
    app.screenshot("feed-01-download-failed").await;

    // The demo store's feed.
    app.click("[data-testid=feed-use-demo]").await;
    app.click("[data-testid=feed-import]").await;
    app.wait_for_text("[data-testid=summary-items]", "240")
        .await;
    let groups: u32 = app
        .text("[data-testid=summary-groups]")
        .await
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count of groups first"));
    assert!(groups > 0, "the demo feed has variant groups");
    // What the count counts: the groups, and how many hold more than one product.
    let multi = app.text("[data-testid=summary-groups-multi]").await;
    assert!(multi.ends_with("com mais de uma variação"), "{multi}");
    // A demo catalogue in reais: no currency note.
    assert!(app
        .client
        .find(fantoccini::Locator::Css("[data-testid=feed-currency]"))
        .await
        .is_err());
    app.wait_enabled("[data-testid=next]").await;
    app.wait_for("[data-testid=product-row]").await;
    app.screenshot("feed-02-summary-and-picker").await;

    // Search by a piece of the first product's SKU finds it; choose it as a reward.
    let first = app.wait_for("[data-testid=product-row]").await;
    let sku = first.attr("data-sku").await.unwrap().unwrap();
    let piece: String = sku.chars().skip(1).take(5).collect();
    app.type_into("[data-testid=reward-search]", &piece).await;
    app.wait_for(&format!("[data-testid=product-row][data-sku='{sku}']"))
        .await;
    app.click(&format!("[data-testid='select-{sku}']")).await;
    app.wait_for_text("[data-testid=selection-summary]", "1 prêmio escolhido")
        .await;
    app.screenshot("feed-03-search-select").await;

    // A pasted list: unknown codes are named.
    app.click("details.paste summary").await;
    app.type_into(
        "[data-testid=paste-skus]",
        // Separated by a comma: WebKit's WebDriver types "\n" as nothing in a text area.
        &format!("{sku}, NAO-EXISTE-123"),
    )
    .await;
    app.click("[data-testid=paste-check]").await;
    let unknown = app.text("[data-testid=paste-unknown]").await;
    assert!(unknown.contains("NAO-EXISTE-123"), "{unknown}");

    // Re-import: the choice survives.
    app.click("[data-testid=feed-import]").await;
    app.wait_for("[data-testid=feed-summary]").await;
    app.wait_for_text("[data-testid=selection-summary]", "1 prêmio escolhido")
        .await;
    app.screenshot("feed-04-reimported").await;
    app.stop().await;
}
