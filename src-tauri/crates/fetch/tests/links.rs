//! "Conferir" (issue #13, tightened by #23): https only (plain http only at the running demo
//! store's own address, as typed), never to this computer or a private network otherwise, never
//! redirected back there. Against real servers on 127.0.0.1: the demo store's pages and
//! redirectors. (At most 3 redirects: `follow.rs`'s unit tests, which need redirects between
//! servers on this computer.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use conector_core::{CodedError, Param};
use conector_demo::hostile::Trap;
use conector_demo::redirect::{RedirectTarget, Redirector};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_fetch::{probe_link, FetchError, Policy};

/// The link policy with `address`'s origin as the running demo store.
fn demo_policy(address: &str) -> Policy {
    Policy::links().with_demo_store(Some(address))
}

fn real_policy() -> Policy {
    Policy::links()
}

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

fn host_of(e: &FetchError) -> String {
    match e.params().get("host") {
        Some(Param::Text(host)) => host.clone(),
        other => panic!("no host in {e:?}: {other:?}"),
    }
}

#[tokio::test]
async fn a_demo_link_opens_and_a_redirect_back_to_this_computer_does_not() {
    let demo = demo().await;
    let probe = probe_link(&demo.signup_url(), demo_policy(&demo.site_url()))
        .await
        .unwrap();
    assert_eq!(probe.final_url.as_str(), demo.signup_url());
    assert_eq!(probe.redirects, 0);
    // Another port on this computer is not the demo store.
    let e = probe_link(&demo.signup_url(), demo_policy("http://127.0.0.1:9/"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.link_insecure");
    // The demo store's address is allowed as typed, never as where a redirect leads.
    let trap = Trap::start().unwrap();
    let hop = Redirector::start_with_status(
        RedirectTarget::Origin(format!("http://127.0.0.1:{}", trap.port())),
        302,
    )
    .await
    .unwrap();
    let e = probe_link(&format!("{}/", hop.origin()), demo_policy(&hop.origin()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.link_insecure");
    assert_eq!(hop.requests().len(), 1, "the typed address was asked");
    assert_eq!(trap.connections(), 0, "the redirect was not followed");
    demo.shutdown().await;
}

#[tokio::test]
async fn a_real_store_link_never_reaches_this_computer_by_address_or_by_name() {
    let trap = Redirector::start(RedirectTarget::Origin("https://example.com".into()))
        .await
        .unwrap();
    let port = trap.addr().port();
    for (link, host) in [
        (format!("https://127.0.0.1:{port}/"), "127.0.0.1"),
        (format!("https://localhost:{port}/"), "localhost"),
        (format!("https://[::1]:{port}/"), "::1"),
        (format!("https://0.0.0.0:{port}/"), "0.0.0.0"),
    ] {
        let e = probe_link(&link, real_policy()).await.unwrap_err();
        assert_eq!(e.code(), "form.link_private_address", "{link}");
        assert_eq!(host_of(&e), host, "{link}");
    }
    let e = probe_link(&format!("http://127.0.0.1:{port}/"), real_policy())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.link_insecure");
    assert!(trap.requests().is_empty(), "nothing reached this computer");
    trap.shutdown().await;
}

#[tokio::test]
async fn private_and_link_local_addresses_are_refused_before_any_connection() {
    let started = Instant::now();
    for (link, policy) in [
        ("https://10.0.0.1/", real_policy()),
        ("https://192.168.1.1/admin", real_policy()),
        ("https://169.254.169.254/latest/meta-data/", real_policy()),
        ("https://[fd00::1]/", real_policy()),
        ("https://100.64.0.1/", real_policy()),
        ("https://10.0.0.1/", demo_policy("http://127.0.0.1:8080/")),
    ] {
        let e = probe_link(link, policy).await.unwrap_err();
        assert_eq!(e.code(), "form.link_private_address", "{link}");
    }
    // Nothing was dialled: an unroutable address would have taken the connect timeout.
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_redirect_to_http_or_a_private_address_is_not_followed() {
    for (target, code, host) in [
        ("http://example.com", "form.link_insecure", "example.com"),
        ("ftp://example.com", "form.link_insecure", "example.com"),
        (
            "https://169.254.169.254",
            "form.link_private_address",
            "169.254.169.254",
        ),
        ("https://10.1.2.3", "form.link_private_address", "10.1.2.3"),
    ] {
        let hop = Redirector::start(RedirectTarget::Origin(target.into()))
            .await
            .unwrap();
        let e = probe_link(
            &format!("{}/cadastro", hop.origin()),
            demo_policy(&hop.origin()),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), code, "{target}");
        assert_eq!(host_of(&e), host, "{target}");
        assert_eq!(hop.requests().len(), 1);
        hop.shutdown().await;
    }
}

#[tokio::test]
async fn typed_links_that_are_not_https_are_refused_as_typed() {
    let e = probe_link("http://www.minhaloja.com.br/", real_policy())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.invalid_link");
    let e = probe_link("minhaloja.com.br", real_policy())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.invalid_link");
    // A token pasted after https:// is not a host to look up, and is not repeated.
    let token = "8f14e45fceea167a5a36dedd4bea2543";
    let e = probe_link(&format!("https://{token}/"), real_policy())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.invalid_link");
    assert!(!format!("{e} {e:?} {:?}", e.payload()).contains(token));
}
