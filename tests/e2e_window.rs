//! The window comes back at the size the owner left it, even when the app did not exit cleanly.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use support::E2e;

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run `make test`"]
async fn window_size_is_remembered_across_restarts() {
    let app = E2e::start().await;
    let (width, height) = (980_u32, 700_u32);
    app.client
        .set_window_size(width, height)
        .await
        .expect("resize the window");

    // The size is written once the resize settles, without waiting for a clean exit.
    let state_file = app
        .profile_path()
        .join("config/br.com.conectorfidelidade.conector/.window-state.json");
    let deadline = Instant::now() + support::UI_TIMEOUT;
    let saved = loop {
        let text = std::fs::read_to_string(&state_file).unwrap_or_default();
        let state: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if state["main"]["width"] == width && state["main"]["height"] == height {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "the window state was not saved: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    let profile = app.stop().await;
    let mut app = E2e::start_with_profile(profile).await;
    let (w, h) = app.client.get_window_size().await.expect("size");
    assert_eq!(
        (w, h),
        (u64::from(width), u64::from(height)),
        "saved: {saved}"
    );
    app.screenshot("window-01-restored").await;
    app.stop().await;
}
