//! The token never follows a redirect off the store's address (issue #13), against real servers
//! on 127.0.0.1: a hostile address that redirects every API call to another loopback port, where
//! a real demo store would happily answer (and record) a request that carried the token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use conector_core::{CodedError, Param, Secret};
use conector_demo::redirect::{RedirectTarget, Redirector};
use conector_demo::{DemoConfig, DemoHandle, DemoStore, DEMO_TOKEN};
use conector_simplo7::{
    discover, AddressDiscovery, ClientConfig, StoreAddress, StoreClient, StoreError,
};

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

fn fast() -> ClientConfig {
    ClientConfig {
        min_interval: Duration::ZERO,
        max_attempts: 2,
        backoff_base: Duration::from_millis(5),
        backoff_cap: Duration::from_millis(10),
        ..ClientConfig::default()
    }
}

fn host_param(e: &StoreError) -> Option<String> {
    match e.params().get("host") {
        Some(Param::Text(value)) => Some(value.clone()),
        _ => None,
    }
}

#[tokio::test]
async fn a_redirect_to_another_loopback_port_never_carries_the_token() {
    // The catcher is a real demo store that accepts the demo token: if the token arrived there,
    // the connection test would succeed.
    let catcher = demo().await;
    for status in [301, 302, 303, 307, 308] {
        let hostile = Redirector::start_with_status(
            RedirectTarget::Origin(format!("http://{}", catcher.addr())),
            status,
        )
        .await
        .unwrap();
        let address = StoreAddress::from_override(&hostile.base_url()).unwrap();
        let e = conector_simplo7::test_connection(&address, &Secret::new(DEMO_TOKEN))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "store.redirected_away", "{status}");
        assert_eq!(host_param(&e).as_deref(), Some("127.0.0.1"), "{status}");
        let shown = format!("{e} {e:?} {}", serde_json::to_string(&e.payload()).unwrap());
        assert!(!shown.contains(DEMO_TOKEN), "{shown}");
        assert!(
            !shown.contains(&catcher.addr().port().to_string()),
            "the host only, not the port or path: {shown}"
        );
        // The hostile address was asked once (it is the address the owner gave), never again.
        assert_eq!(hostile.requests().len(), 1, "{status}: not retried");
        hostile.shutdown().await;
    }
    assert!(
        catcher.requests().is_empty(),
        "the redirect target received requests: {:?}",
        catcher.requests()
    );
    catcher.shutdown().await;
}

#[tokio::test]
async fn the_order_sync_stops_on_the_redirect_too() {
    let catcher = demo().await;
    let hostile = Redirector::start(RedirectTarget::Origin(format!("http://{}", catcher.addr())))
        .await
        .unwrap();
    let address = StoreAddress::from_override(&hostile.base_url()).unwrap();
    let client = StoreClient::new(address, &Secret::new(DEMO_TOKEN), fast()).unwrap();
    let since = time::macros::date!(2026 - 01 - 01);
    let e = client.orders_since(since).next_page().await.unwrap_err();
    assert_eq!(e.code(), "store.redirected_away");
    let e = client.order(1).await.unwrap_err();
    assert_eq!(e.code(), "store.redirected_away");
    assert!(catcher.requests().is_empty());
    assert!(hostile
        .requests()
        .iter()
        .all(|r| r.path.starts_with("/ws/")));
    hostile.shutdown().await;
    catcher.shutdown().await;
}

#[tokio::test]
async fn a_move_to_another_name_of_the_same_machine_is_refused_for_the_token() {
    // Same port, another name: still another origin, so the token does not follow.
    let moved = Redirector::start(RedirectTarget::SelfAs("localhost".into()))
        .await
        .unwrap();
    let address = StoreAddress::from_override(&moved.base_url()).unwrap();
    let e = conector_simplo7::test_connection(&address, &Secret::new(DEMO_TOKEN))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "store.redirected_away");
    assert_eq!(host_param(&e).as_deref(), Some("localhost"));
    let requests = moved.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    moved.shutdown().await;
}

#[tokio::test]
async fn step_one_finds_the_new_name_without_sending_the_token() {
    let moved = Redirector::start(RedirectTarget::SelfAs("localhost".into()))
        .await
        .unwrap();
    let address = StoreAddress::from_override(&moved.base_url()).unwrap();
    let found = discover(&address).await.unwrap();
    assert_eq!(
        found,
        AddressDiscovery::Moved {
            api_base: format!("http://localhost:{}/ws/", moved.addr().port())
        }
    );
    let requests = moved.requests();
    assert_eq!(requests.len(), 2, "asked, then followed once: {requests:?}");
    assert!(requests.iter().all(|r| !r.had_app_key), "{requests:?}");

    // The offered address, once accepted, is where the token may go.
    let AddressDiscovery::Moved { api_base } = found else {
        unreachable!()
    };
    let accepted = StoreAddress::from_override(&api_base).unwrap();
    let e = conector_simplo7::test_connection(&accepted, &Secret::new(DEMO_TOKEN))
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        "store.token_rejected",
        "the stand-in answers 401 under its own name: the request was not redirected"
    );
    moved.shutdown().await;
}

#[tokio::test]
async fn step_one_names_another_site_without_contacting_it() {
    let catcher = demo().await;
    let hostile = Redirector::start(RedirectTarget::Origin(format!("http://{}", catcher.addr())))
        .await
        .unwrap();
    let address = StoreAddress::from_override(&hostile.base_url()).unwrap();
    assert_eq!(
        discover(&address).await.unwrap(),
        AddressDiscovery::Elsewhere {
            host: "127.0.0.1".into()
        }
    );
    assert!(
        catcher.requests().is_empty(),
        "the other site was not asked"
    );
    assert!(hostile.requests().iter().all(|r| !r.had_app_key));

    let direct = StoreAddress::from_override(&catcher.base_url()).unwrap();
    assert_eq!(discover(&direct).await.unwrap(), AddressDiscovery::Answers);
    assert!(
        catcher.requests().iter().all(|r| !r.had_app_key),
        "discovery never carries a token"
    );
    hostile.shutdown().await;
    catcher.shutdown().await;
}
