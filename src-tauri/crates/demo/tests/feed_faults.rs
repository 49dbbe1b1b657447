//! The demo feed over real HTTP as the health watch sees it: validators and `304` for an
//! unchanged feed, and the feed fault switches.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use serde_json::json;

async fn start() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 60,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

struct Answer {
    status: u16,
    etag: Option<String>,
    last_modified: Option<String>,
    body: Vec<u8>,
}

async fn fetch(url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap().to_vec();
    Answer {
        status,
        etag,
        last_modified,
        body,
    }
}

fn ids(xml: &[u8]) -> Vec<String> {
    let mut items = conector_feed::CollectItems::default();
    conector_feed::parse_reader(xml, None, &Default::default(), &mut items).unwrap();
    items.0.into_iter().map(|i| i.id).collect()
}

#[tokio::test]
async fn an_unchanged_feed_answers_304_without_a_body() {
    let demo = start().await;
    let first = fetch(&demo.feed_url(), &[]).await;
    assert_eq!(first.status, 200);
    assert_eq!(ids(&first.body).len(), 60);
    let etag = first.etag.clone().expect("an ETag");
    let last_modified = first.last_modified.clone().expect("a Last-Modified");

    let again = fetch(&demo.feed_url(), &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let by_date = fetch(&demo.feed_url(), &[("If-Modified-Since", &last_modified)]).await;
    assert_eq!(by_date.status, 304, "Last-Modified alone also works");
    let other = fetch(&demo.feed_url(), &[("If-None-Match", "\"outro\"")]).await;
    assert_eq!(other.status, 200, "another tag gets the whole feed");

    let gz = fetch(&demo.feed_gzip_url(), &[]).await;
    assert_ne!(
        gz.etag, first.etag,
        "the gzip file is another representation"
    );

    let log = demo.feed_requests();
    assert_eq!(
        log.iter().map(|r| r.status).collect::<Vec<_>>(),
        [200, 304, 304, 200, 200]
    );
    assert_eq!(log[1].body_bytes, 0);
    assert!(log[1].conditional && !log[0].conditional);
}

#[tokio::test]
async fn removing_a_product_changes_the_feed_and_its_validators() {
    let demo = start().await;
    let first = fetch(&demo.feed_url(), &[]).await;
    let all = ids(&first.body);
    let gone = all[5].clone();

    demo.set_feed_without(&[&gone]);
    let etag = first.etag.clone().unwrap();
    let changed = fetch(&demo.feed_url(), &[("If-None-Match", &etag)]).await;
    assert_eq!(changed.status, 200, "the old ETag no longer matches");
    let left = ids(&changed.body);
    assert_eq!(left.len(), 59);
    assert!(!left.contains(&gone));
    assert_ne!(changed.etag, first.etag);
    assert_ne!(changed.last_modified, first.last_modified);
    let by_old_date = fetch(
        &demo.feed_url(),
        &[("If-Modified-Since", first.last_modified.as_deref().unwrap())],
    )
    .await;
    assert_eq!(by_old_date.status, 200);

    // Over the admin route too; clearing the faults brings the product back.
    let client = reqwest::Client::new();
    let admin = |path: &'static str, body: serde_json::Value| {
        let url = format!("http://{}/_demo/{path}", demo.addr());
        let client = client.clone();
        async move {
            client
                .post(url)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(admin("faults/clear", json!({})).await, 200);
    assert_eq!(ids(&fetch(&demo.feed_url(), &[]).await.body), all);
    let gzipped = json!({"feed_without": [gone]});
    assert_eq!(admin("faults", gzipped).await, 200);
    let gz = fetch(&demo.feed_gzip_url(), &[]).await;
    let mut xml = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(gz.body.as_slice()),
        &mut xml,
    )
    .unwrap();
    assert_eq!(ids(&xml).len(), 59, "the gzip file follows the switch too");
}

#[tokio::test]
async fn a_broken_feed_answers_404_until_switched_off() {
    let demo = start().await;
    demo.set_feed_broken(true);
    let broken = fetch(&demo.feed_url(), &[]).await;
    assert_eq!(broken.status, 404);
    assert!(String::from_utf8_lossy(&broken.body).contains("<html>"));
    demo.set_feed_broken(false);
    let back = fetch(&demo.feed_url(), &[]).await;
    assert_eq!(back.status, 200);
    assert_eq!(ids(&back.body).len(), 60);
}
