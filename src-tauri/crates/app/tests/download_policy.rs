//! Issue #23's proof in the application layer, on the app's own demo store: its feed made to
//! answer each hostile redirect (`302` to `0.0.0.0`, to another loopback port, to plain http,
//! into a chain of 6 — the demo store's fault switch), step 6's import and the health watch
//! both refuse it, with the refusal's code naming only the host, before anything reaches the
//! trap it leads to. The demo store's own address is allowed as typed; nothing leaves this
//! computer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use conector_app::feed::FeedEvent;
use conector_app::fixture::{self, DemoAdmin};
use conector_app::Context;
use conector_core::{CodedError, MessageCode, Param};
use conector_demo::hostile::{hostile_redirects, MustRefuse, Trap};
use conector_health::{Check, State};
use conector_secrets::Keychain;

/// The demo store's feed answers with a redirect to `to` (`None`: it answers again).
async fn feed_redirects_to(demo: &DemoAdmin, to: Option<&str>) {
    demo.faults(serde_json::json!({ "feed_redirect": to }))
        .await;
}

/// Step 6's import (blocking, as the window runs it), and the events it sent.
async fn import(
    ctx: &Arc<Context>,
    url: &str,
) -> (Result<u32, conector_app::AppError>, Vec<FeedEvent>) {
    let (ctx, url) = (Arc::clone(ctx), url.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut events = Vec::new();
        let result = conector_app::feed::import(&ctx, &url, &mut |e| events.push(e));
        (result.map(|r| r.summary.items), events)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_and_the_health_watch_refuse_every_hostile_redirect() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = Arc::new(fixture::context(
        dir.path(),
        // The demo store's token is public: no Secret Service needed.
        Keychain::with_service("br.com.conectorfidelidade.test.download-policy"),
    ));
    let demo = DemoAdmin::of(&fixture::own_demo(&ctx).await);
    let feed = ctx.demo_feed_url().await.unwrap();
    // The demo store's own feed is allowed, plain http on this computer as it is.
    let (imported, _) = import(&ctx, &feed).await;
    assert!(imported.unwrap() > 0);

    let trap = Trap::start().unwrap();
    let mut got_through = Vec::new();
    for hostile in hostile_redirects(&trap).await.unwrap() {
        feed_redirects_to(&demo, Some(&hostile.points_to)).await;
        let before = trap.connections();
        let expected = match hostile.refused {
            MustRefuse::Insecure => MessageCode::FeedRefusedInsecure,
            MustRefuse::PrivateAddress => MessageCode::FeedRefusedPrivateAddress,
        };
        let host = Param::Text(hostile.host.into());

        let (result, events) = import(&ctx, &feed).await;
        let said = result.as_ref().err().map(|e| e.payload());
        let failed_event = events
            .iter()
            .any(|e| matches!(e, FeedEvent::Failed { error } if error.code == expected));
        if said.as_ref().map(|p| p.code) != Some(expected)
            || said.as_ref().and_then(|p| p.params.get("host")) != Some(&host)
            || !failed_event
        {
            got_through.push(format!("import, {}: {said:?}", hostile.case));
        }

        let run = conector_app::health::run(&ctx).await.unwrap();
        let checked = run.report.result(Check::Feed).unwrap();
        if checked.found.code != expected
            || checked.state != State::Problem
            || checked.found.params.get("host") != Some(&host)
        {
            got_through.push(format!("health watch, {}: {checked:?}", hostile.case));
        }
        if trap.connections() != before {
            got_through.push(format!("{}: the trap was reached", hostile.case));
        }
    }
    assert!(got_through.is_empty(), "{got_through:#?}");
    feed_redirects_to(&demo, None).await;
    let (again, _) = import(&ctx, &feed).await;
    assert!(
        again.is_ok(),
        "the catalogue imports again once the feed is back"
    );
}
