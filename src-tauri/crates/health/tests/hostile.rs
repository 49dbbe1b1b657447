//! Issue #23's proof in the health watch: its hourly feed download meets each hostile redirect
//! on 127.0.0.1 (`302` to `0.0.0.0`, to another loopback port, to plain http, a chain of 6),
//! refuses it with the refusal's own code naming only the host — a problem to fix in step 6, not
//! a passing fault — and the trap it leads to is never reached. The saved feed address is given
//! as the demo store's (the one loopback address allowed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::{MessageCode, Param};
use conector_demo::hostile::{hostile_redirects, MustRefuse, Trap};
use conector_health::{
    run_checks, Check, Memory, Note, Rewards, RunOptions, State, StoreInput, Target,
};

#[tokio::test]
async fn the_health_watch_refuses_every_hostile_redirect() {
    let trap = Trap::start().unwrap();
    let mut got_through = Vec::new();
    for hostile in hostile_redirects(&trap).await.unwrap() {
        let before = trap.connections();
        let target = Target {
            store: StoreInput::Missing(Note::new(MessageCode::HealthTokenNoStore)),
            final_statuses: Vec::new(),
            feed_url: Some(hostile.typed.clone()),
            rewards: Rewards::Skus(Vec::new()),
            site_url: None,
            signup_url: None,
            demo_store: Some(hostile.typed.clone()),
        };
        let run = run_checks(&target, &Memory::default(), &RunOptions::default()).await;
        let feed = run
            .report
            .results
            .iter()
            .find(|r| r.check == Check::Feed)
            .unwrap();
        let expected = match hostile.refused {
            MustRefuse::Insecure => MessageCode::FeedRefusedInsecure,
            MustRefuse::PrivateAddress => MessageCode::FeedRefusedPrivateAddress,
        };
        let host = feed.found.params.get("host");
        if feed.found.code != expected
            || feed.state != State::Problem
            || host != Some(&Param::Text(hostile.host.into()))
            || trap.connections() != before
            || run.feed.is_some()
        {
            got_through.push(format!(
                "{}: {:?} {:?}, trap reached {} time(s)",
                hostile.case,
                feed.state,
                feed.found,
                trap.connections() - before
            ));
        }
    }
    assert!(got_through.is_empty(), "{got_through:#?}");
}
