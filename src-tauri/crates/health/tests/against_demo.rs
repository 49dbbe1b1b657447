//! The checks against the demo store over real HTTP: all well, then each fault switch (token
//! revoked, feed broken, a reward SKU removed) shows as the check the owner would look at, and
//! clears when the fault does. An unchanged feed is one conditional request answered `304`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::{MessageCode, Param, Secret};
use conector_demo::{DemoConfig, DemoHandle, DemoStore};
use conector_feed::{Availability, CollectItems};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::Policy;
use conector_health::{
    run_checks, Check, CheckResult, FinalStatus, Memory, Report, Rewards, RunOptions, State,
    StoreInput, StoreTarget, Target,
};
use conector_simplo7::StoreAddress;

async fn demo() -> DemoHandle {
    DemoStore::start(DemoConfig {
        feed_items: 60,
        ..DemoConfig::default()
    })
    .await
    .unwrap()
}

/// Three in-stock SKUs and one out of stock, read from the demo's own feed.
async fn reward_skus(demo: &DemoHandle) -> (Vec<String>, String) {
    let source = FeedSource::Url(demo.feed_url());
    let policy = Policy::feed().with_demo_store(Some(&demo.site_url()));
    let items = tokio::task::spawn_blocking(move || {
        let mut items = CollectItems::default();
        read_feed(&source, &policy, &Default::default(), &mut items).map(|_| items)
    })
    .await
    .unwrap()
    .unwrap();
    let in_stock: Vec<String> = items
        .0
        .iter()
        .filter(|i| i.availability == Availability::InStock)
        .take(3)
        .map(|i| i.id.clone())
        .collect();
    let out = items
        .0
        .iter()
        .find(|i| i.availability == Availability::OutOfStock)
        .map(|i| i.id.clone())
        .unwrap();
    (in_stock, out)
}

fn target(demo: &DemoHandle, rewards: Vec<String>) -> Target {
    Target {
        store: StoreInput::Ready(StoreTarget {
            address: StoreAddress::from_override(&demo.base_url()).unwrap(),
            token: Secret::new(demo.token()),
        }),
        final_statuses: ["18", "21"]
            .map(|id| FinalStatus {
                id: id.into(),
                name: None,
            })
            .to_vec(),
        feed_url: Some(demo.feed_url()),
        rewards: Rewards::Skus(rewards),
        site_url: Some(demo.site_url()),
        signup_url: Some(demo.signup_url()),
        demo_store: Some(demo.site_url()),
    }
}

/// Runs the checks and keeps the feed snapshot for the next run, as the app does.
async fn run(target: &Target, memory: &mut Memory) -> Report {
    let run = run_checks(target, memory, &RunOptions::default()).await;
    memory.feed = run.feed;
    run.report
}

fn result(report: &Report, check: Check) -> &CheckResult {
    report.result(check).unwrap()
}

fn states(report: &Report) -> Vec<(Check, State)> {
    report.results.iter().map(|r| (r.check, r.state)).collect()
}

fn all(state: State) -> Vec<(Check, State)> {
    Check::ALL.into_iter().map(|c| (c, state)).collect()
}

#[tokio::test]
async fn each_fault_shows_on_its_check_and_clears_with_it() {
    let demo = demo().await;
    let (skus, _) = reward_skus(&demo).await;
    let target = target(&demo, skus.clone());
    let mut memory = Memory::default();

    let healthy = run(&target, &mut memory).await;
    assert_eq!(states(&healthy), all(State::Ok), "{healthy:#?}");
    assert_eq!(
        result(&healthy, Check::Feed).found.code,
        MessageCode::HealthFeedOk
    );
    assert_eq!(
        result(&healthy, Check::Feed).found.params.get("count"),
        Some(&Param::Number(60))
    );

    // The owner revokes the token in the store's panel.
    demo.set_wrong_token(true);
    let revoked = run(&target, &mut memory).await;
    let token = result(&revoked, Check::Token);
    assert_eq!(token.state, State::Problem);
    assert_eq!(token.found.code, MessageCode::StoreTokenRejected);
    assert_eq!(
        token.todo.as_ref().unwrap().code,
        MessageCode::HealthTodoToken
    );
    assert_eq!(result(&revoked, Check::Statuses).state, State::Skipped);
    assert_eq!(
        result(&revoked, Check::Feed).state,
        State::Ok,
        "the feed does not need the token"
    );
    demo.set_wrong_token(false);

    // The store stops generating the feed.
    demo.set_feed_broken(true);
    let broken = run(&target, &mut memory).await;
    let feed = result(&broken, Check::Feed);
    assert_eq!(feed.state, State::Problem);
    assert_eq!(feed.found.code, MessageCode::FeedHttpStatus);
    assert_eq!(feed.found.params.get("status"), Some(&Param::Number(404)));
    assert_eq!(result(&broken, Check::Rewards).state, State::Skipped);
    assert_eq!(result(&broken, Check::Token).state, State::Ok);
    demo.set_feed_broken(false);

    // A reward product leaves the catalogue.
    demo.set_feed_without(&[&skus[1]]);
    let removed = run(&target, &mut memory).await;
    let rewards = result(&removed, Check::Rewards);
    assert_eq!(rewards.state, State::Warning);
    assert_eq!(rewards.found.code, MessageCode::HealthRewardsMissing);
    assert_eq!(
        rewards.found.params.get("skus"),
        Some(&Param::Text(skus[1].clone()))
    );
    assert_eq!(
        result(&removed, Check::Feed).state,
        State::Ok,
        "59 of 60 is no drop"
    );

    demo.clear_faults();
    let recovered = run(&target, &mut memory).await;
    assert_eq!(states(&recovered), all(State::Ok), "{recovered:#?}");
}

#[tokio::test]
async fn an_unchanged_feed_costs_one_conditional_request_and_the_store_one_light_call() {
    let demo = demo().await;
    let (skus, _) = reward_skus(&demo).await;
    let target = target(&demo, skus);
    let mut memory = Memory::default();
    run(&target, &mut memory).await;
    let feed_before = demo.feed_requests().len();
    let api_before = demo.requests().len();

    let again = run(&target, &mut memory).await;
    assert_eq!(states(&again), all(State::Ok));
    assert_eq!(
        result(&again, Check::Feed).found.code,
        MessageCode::HealthFeedUnchanged
    );
    let feed_requests = &demo.feed_requests()[feed_before..];
    assert_eq!(feed_requests.len(), 1);
    assert_eq!(
        (feed_requests[0].status, feed_requests[0].body_bytes),
        (304, 0)
    );
    assert!(feed_requests[0].conditional);
    let api = &demo.requests()[api_before..];
    assert_eq!(api.len(), 1, "token and statuses share one call");
    assert_eq!(api[0].path, "/ws/wsstatuspedidos.json");

    // Choosing another reward needs a whole download once: the last one did not look for it.
    let mut wider = target.clone();
    let (_, out_of_stock) = reward_skus(&demo).await;
    let Rewards::Skus(skus) = &mut wider.rewards else {
        unreachable!()
    };
    skus.push(out_of_stock);
    let wider_report = run(&wider, &mut memory).await;
    assert_eq!(demo.feed_requests().last().unwrap().status, 200);
    let rewards = result(&wider_report, Check::Rewards);
    assert_eq!(rewards.state, State::Ok);
    assert_eq!(rewards.found.code, MessageCode::HealthRewardsSomeOutOfStock);
    assert_eq!(rewards.found.params.get("count"), Some(&Param::Number(1)));
}

#[tokio::test]
async fn a_dropped_final_status_and_a_dead_link_are_named() {
    let demo = demo().await;
    let mut target = target(&demo, Vec::new());
    target.final_statuses.push(FinalStatus {
        id: "99".into(),
        name: Some("Entregue pela transportadora".into()),
    });
    target.signup_url = Some(format!("{}nao-existe", demo.site_url()));
    let report = run(&target, &mut Memory::default()).await;
    let statuses = result(&report, Check::Statuses);
    assert_eq!(statuses.state, State::Problem);
    assert_eq!(
        statuses.found.params.get("statuses"),
        Some(&Param::Text("Entregue pela transportadora (99)".into()))
    );
    let links = result(&report, Check::Links);
    assert_eq!(links.state, State::Problem);
    assert_eq!(links.found.code, MessageCode::HealthLinksSignupStatus);
    assert_eq!(links.found.params.get("status"), Some(&Param::Number(404)));
    assert_eq!(
        result(&report, Check::Rewards).state,
        State::Skipped,
        "no reward chosen"
    );
}

#[tokio::test]
async fn a_store_that_is_gone_is_a_warning_not_a_crash() {
    let demo = demo().await;
    let target = target(&demo, Vec::new());
    demo.shutdown().await;
    let report = run(&target, &mut Memory::default()).await;
    assert_eq!(result(&report, Check::Token).state, State::Warning);
    assert_eq!(
        result(&report, Check::Token).found.code,
        MessageCode::StoreUnreachable
    );
    assert_eq!(result(&report, Check::Feed).state, State::Warning);
    assert_eq!(result(&report, Check::Links).state, State::Warning);
}
