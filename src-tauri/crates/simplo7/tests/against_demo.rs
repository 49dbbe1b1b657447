//! The client against the demo store over real HTTP on 127.0.0.1, one fault switch at a time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use conector_core::{CodedError, Param, Secret};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_simplo7::{ClientConfig, NetFailure, StoreAddress, StoreClient, StoreError};
use time::{Date, UtcOffset};
use tokio::time::Instant;

/// Retries and pacing shortened so the suite runs in seconds; the logic is the production one.
fn fast() -> ClientConfig {
    ClientConfig {
        min_interval: Duration::ZERO,
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        max_attempts: 4,
        backoff_base: Duration::from_millis(5),
        backoff_cap: Duration::from_millis(40),
        retry_after_cap: Duration::from_secs(5),
        max_pages: 10_000,
    }
}

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

fn client(demo: &DemoHandle, config: ClientConfig) -> StoreClient {
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    StoreClient::new(address, &Secret::new(demo.token()), config).unwrap()
}

/// Every error is checked for the token, whatever the test is about.
fn assert_no_token(e: &StoreError, token: &str) {
    let printed = format!("{e} {e:?} {}", serde_json::to_string(&e.payload()).unwrap());
    assert!(!printed.contains(token), "token leaked: {printed}");
}

fn statuses_of(demo: &DemoHandle) -> Vec<u16> {
    demo.requests().iter().map(|r| r.status).collect()
}

fn long_ago(demo: &DemoHandle) -> Date {
    (demo.now() - time::Duration::days(400)).date()
}

#[tokio::test]
async fn test_connection_lists_the_statuses_with_the_right_headers() {
    let demo = demo().await;
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    let check = conector_simplo7::test_connection(&address, &Secret::new(demo.token()))
        .await
        .unwrap();
    assert_eq!(check.api_base, demo.base_url());
    let names: Vec<&str> = check.statuses.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains(&"Aguardando pagamento") && names.contains(&"Cancelado"),
        "{names:?}"
    );
    assert_eq!(check.statuses.len(), conector_demo::STATUSES.len());
    let request = &demo.requests()[0];
    assert!(request.had_app_key);
    assert_eq!(
        request.user_agent.as_deref(),
        Some(conector_core::USER_AGENT)
    );
    assert_eq!(
        request.content_type.as_deref(),
        Some("application/json; charset=UTF-8")
    );
}

#[tokio::test]
async fn paging_reads_every_order_once_and_stops_at_the_last_page() {
    let demo = demo().await;
    let client = client(&demo, fast());
    let mut pager = client.orders_since(long_ago(&demo));
    let mut ids = Vec::new();
    let mut pages = 0;
    while let Some(page) = pager.next_page().await.unwrap() {
        pages += 1;
        assert_eq!(page.page, pages);
        ids.extend(page.orders.iter().map(|o| o.id));
    }
    assert_eq!(ids, demo.order_ids(), "every order, in order, once");
    assert!((300..=600).contains(&ids.len()), "{}", ids.len());
    assert_eq!(pages as usize, ids.len().div_ceil(50));
    assert_eq!(demo.requests().len(), pages as usize);
    assert_eq!(pager.next_page().await.unwrap(), None);
}

#[tokio::test]
async fn start_date_filters_orders_in_store_time() {
    let demo = demo().await;
    let client = client(&demo, fast());
    let since = (demo.now() - time::Duration::days(30)).date();
    let orders = client.all_orders_since(since).await.unwrap();
    let brasilia = UtcOffset::from_hms(-3, 0, 0).unwrap();
    assert!(!orders.is_empty() && orders.len() < demo.order_ids().len());
    for o in &orders {
        assert!(o.placed_at.to_offset(brasilia).date() >= since, "{o:?}");
    }
    assert!(demo.requests()[0]
        .query
        .contains(&format!("data_inicio={since}")));
}

#[tokio::test]
async fn money_arrives_as_exact_cents_whatever_the_wire_form() {
    let demo = demo().await;
    let orders = client(&demo, fast())
        .all_orders_since(long_ago(&demo))
        .await
        .unwrap();
    for o in &orders {
        let t = o.totals;
        assert_eq!(
            t.products_cents - t.discounts_cents - t.cash_discount_cents + t.shipping_cents,
            t.order_cents
        );
        let items: i64 = o.items.iter().map(|i| i.total_cents).sum();
        assert_eq!(items, t.products_cents, "order {}", o.id);
        for i in &o.items {
            assert_eq!(
                i.unit_price_cents * i.quantity - i.discount_cents,
                i.total_cents
            );
        }
    }
    assert!(
        orders.iter().any(|o| o.customer.document.is_none()),
        "some buyers have no CPF"
    );
    assert!(orders
        .iter()
        .any(|o| o.payment_method.as_deref() == Some("Pix") && o.totals.cash_discount_cents > 0));
}

#[tokio::test]
async fn one_order_matches_the_listing_and_shows_a_status_change() {
    let demo = demo().await;
    let client = client(&demo, fast());
    let listed = client
        .orders_page(long_ago(&demo), 1)
        .await
        .unwrap()
        .orders
        .remove(3);
    assert_eq!(client.order(listed.id).await.unwrap(), listed);
    demo.set_order_status(listed.id, "25").unwrap();
    let now = client.order(listed.id).await.unwrap();
    assert_eq!(now.status_id, "25");
    assert_eq!(now.status_name.as_deref(), Some("Cancelado"));
    let e = client.order(1).await.unwrap_err();
    assert_eq!(e.code(), "store.order_not_found");
    let by_number = client
        .order_by_number(listed.number.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(by_number.id, listed.id);
    assert_eq!(
        client.order_by_number(1).await.unwrap_err().code(),
        "store.order_not_found"
    );
}

#[tokio::test]
async fn advancing_time_brings_new_orders() {
    let demo = demo().await;
    let client = client(&demo, fast());
    let before = client
        .all_orders_since(long_ago(&demo))
        .await
        .unwrap()
        .len();
    demo.advance(Duration::from_secs(5 * 24 * 3600));
    let after = client
        .all_orders_since(long_ago(&demo))
        .await
        .unwrap()
        .len();
    assert!(after > before, "{before} -> {after}");
}

#[tokio::test]
async fn a_429_is_retried_after_the_retry_after_delay() {
    let demo = demo().await;
    demo.rate_limit(1, 1);
    let check = client(&demo, fast()).check().await.unwrap();
    assert!(!check.statuses.is_empty());
    let requests = demo.requests();
    assert_eq!(statuses_of(&demo), vec![429, 200]);
    let waited = requests[1].at - requests[0].at;
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
}

#[tokio::test]
async fn a_huge_retry_after_is_capped_and_gives_up_with_rate_limited() {
    let demo = demo().await;
    demo.rate_limit(100, 3600);
    let config = ClientConfig {
        retry_after_cap: Duration::from_millis(20),
        max_attempts: 3,
        ..fast()
    };
    let started = Instant::now();
    let e = client(&demo, config).check().await.unwrap_err();
    assert_eq!(e.code(), "store.rate_limited");
    assert_eq!(statuses_of(&demo), vec![429, 429, 429]);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_no_token(&e, demo.token());
}

#[tokio::test]
async fn a_burst_of_500s_is_ridden_out() {
    let demo = demo().await;
    demo.fail_with_500(3);
    client(&demo, fast()).check().await.unwrap();
    assert_eq!(statuses_of(&demo), vec![500, 500, 500, 200]);
}

#[tokio::test]
async fn endless_500s_end_in_server_error_after_bounded_attempts() {
    let demo = demo().await;
    demo.fail_with_500(50);
    let e = client(&demo, fast()).check().await.unwrap_err();
    assert_eq!(e.code(), "store.server_error");
    assert!(
        matches!(
            e,
            StoreError::ServerError {
                status: 500,
                attempts: 4
            }
        ),
        "{e:?}"
    );
    assert_eq!(demo.requests().len(), 4);
}

#[tokio::test]
async fn a_slow_page_within_the_timeout_is_waited_for() {
    let demo = demo().await;
    demo.slow_down(1, Duration::from_millis(300));
    let started = Instant::now();
    let page = client(&demo, fast())
        .orders_page(long_ago(&demo), 1)
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 50);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(demo.requests().len(), 1, "no retry was needed");
}

#[tokio::test]
async fn a_page_slower_than_the_read_timeout_is_retried() {
    let demo = demo().await;
    demo.slow_down(1, Duration::from_secs(6));
    let config = ClientConfig {
        read_timeout: Duration::from_millis(1500),
        ..fast()
    };
    let page = client(&demo, config)
        .orders_page(long_ago(&demo), 2)
        .await
        .unwrap();
    assert_eq!(page.page, 2);
    assert!(!page.orders.is_empty());
    assert_eq!(demo.requests().len(), 2, "one timed out, one answered");
}

#[tokio::test]
async fn a_rejected_token_stops_at_once_with_token_rejected() {
    let demo = demo().await;
    demo.set_wrong_token(true);
    let e = client(&demo, fast()).check().await.unwrap_err();
    assert_eq!(e.code(), "store.token_rejected");
    assert_eq!(demo.requests().len(), 1, "no retry on 401");
    assert_no_token(&e, demo.token());

    demo.set_wrong_token(false);
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    let wrong = Secret::new("a-wrong-token-pasted-by-mistake-9f2c");
    let e = StoreClient::new(address, &wrong, fast())
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.token_rejected");
    assert_no_token(&e, wrong.expose());
}

#[tokio::test]
async fn a_wrong_base_path_is_store_not_found() {
    let demo = demo().await;
    let base = demo.base_url().replace("/ws/", "/loja-errada/ws/");
    let address = StoreAddress::from_override(&base).unwrap();
    let e = StoreClient::new(address, &Secret::new(demo.token()), fast())
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.not_found");
    assert_eq!(
        e.params().get("host"),
        Some(&Param::Text("127.0.0.1".into()))
    );
}

#[tokio::test]
async fn an_html_page_is_not_json_and_says_so() {
    let demo = demo().await;
    demo.set_html_responses(true);
    let e = client(&demo, fast()).check().await.unwrap_err();
    assert_eq!(e.code(), "store.not_json_html");
    assert_eq!(demo.requests().len(), 1);
}

#[tokio::test]
async fn a_store_that_always_has_a_next_page_is_stopped() {
    let demo = demo().await;
    demo.set_endless_pages(true);
    let client = client(&demo, fast());
    let mut pager = client.orders_since(long_ago(&demo));
    let mut pages = 0u32;
    let e = loop {
        match pager.next_page().await {
            Ok(Some(_)) => pages += 1,
            Ok(None) => panic!("an endless store cannot end"),
            Err(e) => break e,
        }
        assert!(pages < 100, "runaway pager");
    };
    assert_eq!(e.code(), "store.endless_pages");
    let page_count = demo.order_ids().len().div_ceil(50) as u32;
    assert_eq!(pages, page_count, "the announced pages come through");
    assert_eq!(
        demo.requests().len() as u32,
        page_count + 1,
        "one page past the count is asked, no more"
    );
    assert_eq!(pager.next_page().await.unwrap(), None, "stays stopped");
}

#[tokio::test]
async fn max_pages_bounds_a_store_without_a_page_count() {
    let demo = demo().await;
    demo.set_endless_pages(true);
    let config = ClientConfig {
        max_pages: 3,
        ..fast()
    };
    let e = client(&demo, config)
        .all_orders_since(long_ago(&demo))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.endless_pages");
    assert!(demo.requests().len() <= 3);
}

#[tokio::test]
async fn a_closed_port_is_unreachable_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let address = StoreAddress::from_override(&format!("http://127.0.0.1:{port}/ws/")).unwrap();
    let token = Secret::new("token-that-must-not-leak-1234");
    let e = StoreClient::new(address, &token, fast())
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.unreachable");
    assert_no_token(&e, token.expose());
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_store_not_found() {
    let address = StoreAddress::from_override("https://loja-que-nao-existe.invalid/ws/").unwrap();
    let e = StoreClient::new(address, &Secret::new("t0k3n-t0k3n-t0k3n"), fast())
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.not_found");
}

#[tokio::test]
async fn requests_are_paced() {
    let demo = demo().await;
    let config = ClientConfig {
        min_interval: Duration::from_millis(100),
        ..fast()
    };
    let client = client(&demo, config);
    // Client-side bound: request starts are spaced by the pace, whatever the network does.
    let started = Instant::now();
    for page in 1..=4 {
        client.orders_page(long_ago(&demo), page).await.unwrap();
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300),
        "4 requests in {elapsed:?}"
    );
    assert_eq!(demo.requests().len(), 4);
}

#[tokio::test]
async fn a_blank_token_fails_before_any_request() {
    let demo = demo().await;
    let address = StoreAddress::from_override(&demo.base_url()).unwrap();
    let e = StoreClient::new(address.clone(), &Secret::new("  "), fast())
        .err()
        .unwrap();
    assert_eq!(e.code(), "store.missing_token");
    let e = StoreClient::new(address, &Secret::new("abc\ndef"), fast())
        .err()
        .unwrap();
    assert_eq!(e.code(), "store.malformed_token");
    assert!(demo.requests().is_empty());
}

/// A TCP hop in front of the demo store that hangs up on the first `drops` connections right
/// after reading the request, as a flaky proxy or a reset connection does.
async fn flaky_front(demo: &DemoHandle, drops: usize) -> String {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let front = listener.local_addr().unwrap();
    let back = demo.addr();
    tokio::spawn(async move {
        let mut dropped = 0;
        while let Ok((mut socket, _)) = listener.accept().await {
            if dropped < drops {
                dropped += 1;
                let mut buf = [0u8; 1024];
                let _ = socket.read(&mut buf).await;
                drop(socket);
                continue;
            }
            tokio::spawn(async move {
                if let Ok(mut upstream) = tokio::net::TcpStream::connect(back).await {
                    let _ = tokio::io::copy_bidirectional(&mut socket, &mut upstream).await;
                }
            });
        }
    });
    format!("http://{front}/ws/")
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let demo = demo().await;
    let base = flaky_front(&demo, 2).await;
    let address = StoreAddress::from_override(&base).unwrap();
    let client = StoreClient::new(address, &Secret::new(demo.token()), fast()).unwrap();
    let check = client.check().await.unwrap();
    assert_eq!(check.statuses.len(), conector_demo::STATUSES.len());
    assert_eq!(
        demo.requests().len(),
        1,
        "only the third try reached the store"
    );

    let base = flaky_front(&demo, 100).await;
    let address = StoreAddress::from_override(&base).unwrap();
    let e = StoreClient::new(address, &Secret::new(demo.token()), fast())
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.unreachable");
    assert!(
        matches!(
            e,
            StoreError::Unreachable {
                failure: NetFailure::Dropped,
                ..
            }
        ),
        "{e:?}"
    );
}
