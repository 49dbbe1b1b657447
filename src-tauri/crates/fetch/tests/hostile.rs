//! Issue #23's proof at the download module: hostile redirects on 127.0.0.1 — `302` to
//! `0.0.0.0`, to another loopback port, to plain http, and a chain of 6 — each refused by the
//! feed download and the link check before anything reaches the trap they lead to, with a code
//! of its own that names only the host. The address typed is let through as the demo store's
//! own (the one loopback address allowed); nothing is sent off this computer. Every case is
//! tried before the verdict, so a failure lists each case that got through.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::{CodedError, MessageCode, Param};
use conector_demo::hostile::{hostile_redirects, MustRefuse, Trap};
use conector_feed::{DiscardItems, ReadOptions};
use conector_fetch::feed::{read_feed, FeedSource};
use conector_fetch::{probe_link, Policy};

#[tokio::test]
async fn the_feed_download_refuses_every_hostile_redirect() {
    let trap = Trap::start().unwrap();
    let mut got_through = Vec::new();
    for hostile in hostile_redirects(&trap).await.unwrap() {
        let before = trap.connections();
        let typed = hostile.typed.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let policy = Policy::feed().with_demo_store(Some(&typed));
            read_feed(
                &FeedSource::Url(typed),
                &policy,
                &ReadOptions::default(),
                &mut DiscardItems,
            )
        })
        .await
        .unwrap();
        let code = match hostile.refused {
            MustRefuse::Insecure => MessageCode::FeedRefusedInsecure,
            MustRefuse::PrivateAddress => MessageCode::FeedRefusedPrivateAddress,
        };
        let said = outcome
            .as_ref()
            .err()
            .map(|e| (e.code(), e.payload().params));
        let named = said.as_ref().map(|(_, p)| p.get("host").cloned());
        if said.as_ref().map(|(c, _)| *c) != Some(code)
            || named != Some(Some(Param::Text(hostile.host.into())))
            || trap.connections() != before
        {
            got_through.push(format!(
                "{}: {said:?}, trap reached {} time(s)",
                hostile.case,
                trap.connections() - before
            ));
        }
    }
    assert!(got_through.is_empty(), "{got_through:#?}");
}

#[tokio::test]
async fn the_link_check_refuses_every_hostile_redirect() {
    let trap = Trap::start().unwrap();
    let mut got_through = Vec::new();
    for hostile in hostile_redirects(&trap).await.unwrap() {
        let before = trap.connections();
        let policy = Policy::links().with_demo_store(Some(&hostile.typed));
        let code = match hostile.refused {
            MustRefuse::Insecure => MessageCode::FormLinkInsecure,
            MustRefuse::PrivateAddress => MessageCode::FormLinkPrivateAddress,
        };
        let said = probe_link(&hostile.typed, policy)
            .await
            .err()
            .map(|e| e.code());
        if said != Some(code) || trap.connections() != before {
            got_through.push(format!("{}: {said:?}", hostile.case));
        }
    }
    assert!(got_through.is_empty(), "{got_through:#?}");
}
