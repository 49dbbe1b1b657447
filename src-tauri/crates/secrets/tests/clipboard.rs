//! The copied token on the real system clipboard (X11 under Xvfb in `make test`): marked for
//! clipboard managers, readable by another application while it should be, gone after the
//! wait. Read back through separate X11 connections, as another application would. The wait
//! runs on a clock the test moves by hand, so no read races a timer on a loaded machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_os = "linux")]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use conector_core::Secret;
use conector_secrets::clipboard::{
    ClearOutcome, ClearTimer, SecretClipboard, SystemClipboard, CLEAR_AFTER,
};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt, CreateWindowAux, WindowClass};
use x11rb::protocol::Event;

const TOKEN: &str = "8f14e45fceea167a5a36dedd4bea2543";

/// A clock that moves only when the test says: a wait ends once [`ManualClock::advance`] has
/// carried the time past its deadline, never by itself.
#[derive(Clone)]
struct ManualClock(Arc<tokio::sync::watch::Sender<Duration>>);

impl ManualClock {
    fn new() -> Self {
        Self(Arc::new(tokio::sync::watch::Sender::new(Duration::ZERO)))
    }

    fn advance(&self, by: Duration) {
        self.0.send_modify(|now| *now += by);
    }
}

impl ClearTimer for ManualClock {
    fn after(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        let mut now = self.0.subscribe();
        let deadline = *now.borrow() + wait;
        Box::pin(async move {
            // The sender lives in the clock the clipboard holds, so it outlives the wait.
            let _ = now.wait_for(|now| *now >= deadline).await;
        })
    }
}

/// The clipboard's text as another application reads it (`None`: nothing there).
fn other_app_reads() -> Option<String> {
    arboard::Clipboard::new()
        .unwrap()
        .get_text()
        .ok()
        .filter(|t| !t.is_empty())
}

/// The formats (X11 targets) the clipboard's owner offers, asked over a new X11 connection.
fn offered_targets() -> Vec<String> {
    let (conn, screen) = x11rb::connect(None).unwrap();
    let root = conn.setup().roots[screen].root;
    let window = conn.generate_id().unwrap();
    conn.create_window(
        0,
        window,
        root,
        0,
        0,
        1,
        1,
        0,
        WindowClass::INPUT_OUTPUT,
        0,
        &CreateWindowAux::new(),
    )
    .unwrap();
    let atom = |name: &str| {
        conn.intern_atom(false, name.as_bytes())
            .unwrap()
            .reply()
            .unwrap()
            .atom
    };
    let (clipboard, targets, into) = (atom("CLIPBOARD"), atom("TARGETS"), atom("CONECTOR_TEST"));
    conn.convert_selection(window, clipboard, targets, into, x11rb::CURRENT_TIME)
        .unwrap();
    conn.flush().unwrap();
    // The owner answers with SelectionNotify; no timing involved.
    let answered = loop {
        if let Event::SelectionNotify(e) = conn.wait_for_event().unwrap() {
            break e.property != x11rb::NONE;
        }
    };
    if !answered {
        return Vec::new();
    }
    let reply = conn
        .get_property(false, window, into, AtomEnum::ATOM, 0, 1024)
        .unwrap()
        .reply()
        .unwrap();
    reply
        .value32()
        .unwrap()
        .map(|a| String::from_utf8(conn.get_atom_name(a).unwrap().reply().unwrap().name).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display: run inside scripts/with-desktop-session.sh"]
async fn the_token_is_marked_for_clipboard_managers_and_cleared_unless_replaced() {
    let clock = ManualClock::new();
    let clipboard =
        SecretClipboard::with_timer(SystemClipboard::default(), CLEAR_AFTER, clock.clone());

    clipboard.copy_text("Código da loja: 123456").unwrap();
    let plain = tokio::task::spawn_blocking(offered_targets).await.unwrap();
    assert!(plain.iter().any(|t| t == "UTF8_STRING"), "{plain:?}");
    assert!(
        !plain.iter().any(|t| t == "x-kde-passwordManagerHint"),
        "{plain:?}"
    );

    let handle = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
    let read = tokio::task::spawn_blocking(other_app_reads).await.unwrap();
    assert_eq!(read.as_deref(), Some(TOKEN), "pasteable while it should be");
    let marked = tokio::task::spawn_blocking(offered_targets).await.unwrap();
    assert!(
        marked.iter().any(|t| t == "x-kde-passwordManagerHint"),
        "clipboard managers are told to keep it out of their history: {marked:?}"
    );

    // A second short of the minute: still there.
    clock.advance(CLEAR_AFTER - Duration::from_secs(1));
    let read = tokio::task::spawn_blocking(other_app_reads).await.unwrap();
    assert_eq!(
        read.as_deref(),
        Some(TOKEN),
        "not cleared before its minute"
    );
    clock.advance(Duration::from_secs(1));
    assert_eq!(handle.outcome().await.unwrap(), ClearOutcome::Cleared);
    let after = tokio::task::spawn_blocking(other_app_reads).await.unwrap();
    assert_eq!(after, None, "the token is gone");

    // Copied over by another application before the wait is over: left alone. (One test: the
    // system has one clipboard.)
    let handle = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
    let other_app = tokio::task::spawn_blocking(|| {
        let mut other = arboard::Clipboard::new().unwrap();
        other.set_text("copiado por outro aplicativo").unwrap();
        other
    })
    .await
    .unwrap();
    clock.advance(CLEAR_AFTER);
    assert_eq!(handle.outcome().await.unwrap(), ClearOutcome::Replaced);
    let read = tokio::task::spawn_blocking(other_app_reads).await.unwrap();
    assert_eq!(read.as_deref(), Some("copiado por outro aplicativo"));
    drop(other_app);
}
