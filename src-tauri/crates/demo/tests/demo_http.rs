//! The demo store over real HTTP: the Simplo7 shapes, the admin switches, the feed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::io::Read;

use conector_demo::{DemoConfig, DemoHandle, DemoStore, DEMO_TOKEN};
use serde_json::{json, Value};
use time::macros::datetime;

async fn start() -> DemoHandle {
    DemoStore::start(DemoConfig {
        now: Some(datetime!(2026-11-28 12:00 UTC)),
        feed_items: 120,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

async fn get(demo: &DemoHandle, path: &str, token: Option<&str>) -> (u16, String) {
    let mut request = reqwest::Client::new().get(format!("http://{}/{path}", demo.addr()));
    if let Some(token) = token {
        request = request.header("appKey", token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn api(demo: &DemoHandle, path: &str) -> Value {
    let (status, body) = get(demo, &format!("ws/{path}"), Some(DEMO_TOKEN)).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

async fn admin(demo: &DemoHandle, path: &str, body: Value) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{}/_demo/{path}", demo.addr()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_api_needs_the_demo_token() {
    let demo = start().await;
    assert_eq!(get(&demo, "ws/wsstatuspedidos.json", None).await.0, 401);
    assert_eq!(
        get(&demo, "ws/wsstatuspedidos.json", Some("outro")).await.0,
        401
    );
    assert_eq!(
        get(&demo, "ws/wsstatuspedidos.json", Some(DEMO_TOKEN))
            .await
            .0,
        200
    );
    let (status, body) = get(&demo, "loja/ws/wsstatuspedidos.json", Some(DEMO_TOKEN)).await;
    assert_eq!(status, 404);
    assert!(
        body.contains("<html"),
        "a wrong base gets the web server's HTML 404"
    );
}

#[tokio::test]
async fn statuses_have_real_names_and_non_sequential_ids() {
    let demo = start().await;
    let body = api(&demo, "wsstatuspedidos.json").await;
    let ids: Vec<u64> = body["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Wsstatuspedido"]["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(ids.windows(2).any(|w| w[1] - w[0] > 1), "{ids:?}");
    let text = body.to_string();
    for name in [
        "Aguardando pagamento",
        "Pago",
        "Em separação",
        "Enviado",
        "Entregue",
        "Cancelado",
        "Devolvido",
    ] {
        assert!(text.contains(name), "{name}");
    }
}

#[tokio::test]
async fn orders_are_paged_by_fifty_and_filtered_by_start_date() {
    let demo = start().await;
    let all = demo.order_ids().len();
    let first = api(&demo, "wspedidos.json?data_inicio=2020-01-01&page=1").await;
    assert_eq!(first["result"].as_array().unwrap().len(), 50);
    assert_eq!(first["pagination"]["page_count"], json!(all.div_ceil(50)));
    assert_eq!(first["pagination"]["has_next_page"], json!(true));
    let last_page = all.div_ceil(50);
    let last = api(
        &demo,
        &format!("wspedidos.json?data_inicio=2020-01-01&page={last_page}"),
    )
    .await;
    assert_eq!(last["pagination"]["has_next_page"], json!(false));
    assert_eq!(
        last["result"].as_array().unwrap().len(),
        all - 50 * (last_page - 1)
    );

    let recent = api(&demo, "wspedidos.json?data_inicio=2026-11-21&page=1").await;
    let count = recent["pagination"]["count"].as_u64().unwrap() as usize;
    assert!(count > 5 && count < all, "{count} of {all}");
    for o in recent["result"].as_array().unwrap() {
        assert!(o["Wspedido"]["data_pedido"].as_str().unwrap() >= "2026-11-21");
    }
    assert_eq!(
        get(
            &demo,
            "ws/wspedidos.json?data_inicio=ontem",
            Some(DEMO_TOKEN)
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn order_skus_come_from_the_served_feed() {
    let demo = start().await;
    let (status, xml) = get(&demo, "feed.xml", None).await;
    assert_eq!(status, 200);
    let mut items = conector_feed::CollectItems::default();
    let summary =
        conector_feed::parse_reader(xml.as_bytes(), None, &Default::default(), &mut items).unwrap();
    assert_eq!(summary.items, 120);
    let feed_ids: HashSet<String> = items.0.into_iter().map(|i| i.id).collect();
    let page = api(&demo, "wspedidos.json?page=1").await;
    for order in page["result"].as_array().unwrap() {
        for item in order["Item"].as_array().unwrap() {
            assert!(feed_ids.contains(item["sku"].as_str().unwrap()), "{item}");
        }
    }

    let gz = reqwest::get(demo.feed_gzip_url())
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(gz.as_ref())
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, xml);
}

#[tokio::test]
async fn admin_switches_drive_the_faults() {
    let demo = start().await;
    let faults = json!({"rate_limit": {"count": 1, "retry_after_secs": 7}, "server_errors": 1});
    assert_eq!(admin(&demo, "faults", faults).await, 200);
    let response = reqwest::Client::new()
        .get(format!("{}wsstatuspedidos.json", demo.base_url()))
        .header("appKey", DEMO_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    assert_eq!(
        get(&demo, "ws/wsstatuspedidos.json", Some(DEMO_TOKEN))
            .await
            .0,
        500
    );
    assert_eq!(
        get(&demo, "ws/wsstatuspedidos.json", Some(DEMO_TOKEN))
            .await
            .0,
        200,
        "counted faults wear off"
    );

    assert_eq!(admin(&demo, "faults", json!({"html": true})).await, 200);
    let (status, body) = get(&demo, "ws/wsstatuspedidos.json", Some(DEMO_TOKEN)).await;
    assert_eq!(status, 200);
    assert!(body.starts_with("<!DOCTYPE html>"));
    assert_eq!(admin(&demo, "faults/clear", json!({})).await, 200);
    assert_eq!(demo.faults(), conector_demo::Faults::default());
    assert_eq!(
        admin(&demo, "faults", json!({"wrong_token": true})).await,
        200
    );
    assert_eq!(
        get(&demo, "ws/wsstatuspedidos.json", Some(DEMO_TOKEN))
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn admin_can_cancel_an_order_and_move_time() {
    let demo = start().await;
    let id = demo.order_ids()[10];
    assert_eq!(
        admin(
            &demo,
            &format!("orders/{id}/status"),
            json!({"status_id": "25"})
        )
        .await,
        200
    );
    let order = api(&demo, &format!("wspedidos/{id}.json")).await;
    assert_eq!(order["result"]["Wspedido"]["pedidostatus_id"], "25");
    assert_eq!(order["result"]["Status"]["nome"], "Cancelado");
    assert_eq!(
        admin(
            &demo,
            &format!("orders/{id}/status"),
            json!({"status_id": "999"})
        )
        .await,
        400
    );
    assert_eq!(
        admin(&demo, "orders/1/status", json!({"status_id": "25"})).await,
        404
    );

    let before = demo.order_ids().len();
    let newest = *demo.order_ids().last().unwrap();
    let status_before = demo.order_status(newest).unwrap();
    assert_eq!(admin(&demo, "advance", json!({"days": 20})).await, 200);
    assert!(demo.order_ids().len() > before);
    assert_ne!(
        demo.order_status(newest).unwrap(),
        status_before,
        "20 days move a new order along"
    );
    assert_eq!(admin(&demo, "advance", json!({"days": -1})).await, 400);
}

#[tokio::test]
async fn the_same_seed_and_clock_give_the_same_store() {
    let a = start().await;
    let b = start().await;
    let page = "wspedidos.json?data_inicio=2026-10-01&page=2";
    assert_eq!(api(&a, page).await, api(&b, page).await);
    a.advance(std::time::Duration::from_secs(3 * 86_400));
    b.advance(std::time::Duration::from_secs(86_400));
    b.advance(std::time::Duration::from_secs(2 * 86_400));
    assert_eq!(a.order_ids(), b.order_ids());
    let state: Value = serde_json::from_str(&get(&a, "_demo/state", None).await.1).unwrap();
    assert_eq!(state["demo"], json!(true));
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let demo = start().await;
    let addr = demo.addr();
    demo.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn the_feed_shows_the_demo_stores_own_pictures() {
    let demo = start().await;
    let (status, feed) = get(&demo, "feed.xml", None).await;
    assert_eq!(status, 200);
    let own = format!("http://{}/img/", demo.addr());
    let first = feed
        .split("<g:image_link>")
        .nth(1)
        .and_then(|rest| rest.split("</g:image_link>").next())
        .unwrap()
        .trim();
    assert!(first.starts_with(&own), "{first}");
    let response = reqwest::get(first).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "image/svg+xml"
    );
    assert!(response.text().await.unwrap().starts_with("<svg"));
    assert_eq!(get(&demo, "img/nada/x.svg", None).await.0, 404);
}
