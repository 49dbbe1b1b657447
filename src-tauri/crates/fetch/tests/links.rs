//! "Conferir" (issue #13): at most 3 redirects, https only (loopback for the demo store), never
//! to this computer or a private network for a real store, and where the link ended. Against
//! real servers on 127.0.0.1: the demo store's pages and chains of redirectors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use conector_core::{CodedError, Param};
use conector_demo::redirect::{RedirectTarget, Redirector};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_fetch::{probe_link, FetchError, Policy};

fn demo_policy() -> Policy {
    Policy::links(true)
}

fn real_policy() -> Policy {
    Policy::links(false)
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
async fn a_demo_link_opens_and_says_where_it_ended() {
    let demo = demo().await;
    let probe = probe_link(&demo.signup_url(), demo_policy()).await.unwrap();
    assert_eq!(probe.final_url.as_str(), demo.signup_url());
    assert_eq!(probe.redirects, 0);

    let hops = Redirector::chain(3, &demo.site_url()).await.unwrap();
    let probe = probe_link(&format!("{}/", hops[0].origin()), demo_policy())
        .await
        .unwrap();
    assert_eq!(probe.redirects, 3);
    assert_eq!(probe.url.as_str(), format!("{}/", hops[0].origin()));
    assert_eq!(probe.final_url.as_str(), demo.site_url(), "where it ended");
    demo.shutdown().await;
}

#[tokio::test]
async fn a_fourth_redirect_is_not_followed() {
    let demo = demo().await;
    let hops = Redirector::chain(4, &demo.site_url()).await.unwrap();
    let e = probe_link(&format!("{}/", hops[0].origin()), demo_policy())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form.link_too_many_redirects");
    assert_eq!(e.params().get("max"), Some(&Param::Number(3)));
    assert_eq!(hops[3].requests().len(), 1, "the third redirect was read");
    // The fourth redirect points at the demo store's site; it was never asked.
    assert_eq!(host_of(&e), "127.0.0.1");
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
        (format!("http://127.0.0.1:{port}/"), "127.0.0.1"),
    ] {
        let e = probe_link(&link, real_policy()).await.unwrap_err();
        assert_eq!(e.code(), "form.link_private_address", "{link}");
        assert_eq!(host_of(&e), host, "{link}");
    }
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
        ("https://10.0.0.1/", demo_policy()),
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
        let e = probe_link(&format!("{}/cadastro", hop.origin()), demo_policy())
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
