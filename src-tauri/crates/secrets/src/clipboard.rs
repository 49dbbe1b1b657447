//! The token on the clipboard (SPEC §6, issue #13): the one place outside the keychain it may
//! go, because the owner pastes it into the +fidelidade panel.
//!
//! - A copied secret is marked as such where the OS lets an app say so: excluded from clipboard
//!   history and cloud sync on Windows, the password-manager hint that clipboard managers honour
//!   on Linux (`x-kde-passwordManagerHint`), the nspasteboard.org convention on macOS.
//! - [`CLEAR_AFTER`] later the clipboard is cleared **if it still holds the token** (whatever
//!   the owner copied since is left alone); copying the token again restarts the wait.
//! - [`SecretClipboard::clear_if_secret`] clears it at once, for the app's exit (on Windows and
//!   macOS the clipboard outlives the app).
//!
//! The wait is a parameter ([`SecretClipboard::with_clear_after`]) measured by a
//! [`ClearTimer`] (tokio's clock in the app; [`SecretClipboard::with_timer`] takes another), and
//! each copy returns a [`ClearHandle`] that resolves when the wait is over. A test hands in a
//! timer whose waits end when it says so: it reads the clipboard before the clear and observes
//! the clear after it, with no real timer to race on a loaded machine.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use conector_core::{CodedError, MessageCode, Secret};

/// How long a copied token stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClipboardError {
    /// No clipboard in this session, or the OS refused the operation.
    #[error("the clipboard is not available")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl CodedError for ClipboardError {
    fn code(&self) -> MessageCode {
        MessageCode::ClipboardFailed
    }
}

/// The operations the guard needs from a clipboard; [`SystemClipboard`] is the OS's.
pub trait ClipboardAccess: Send + 'static {
    /// Puts `text` on the clipboard; `secret` asks the OS to keep it out of history and cloud
    /// sync where it can.
    fn set(&mut self, text: &str, secret: bool) -> Result<(), ClipboardError>;
    /// The clipboard's text, `None` when it holds none.
    fn get(&mut self) -> Result<Option<String>, ClipboardError>;
    fn clear(&mut self) -> Result<(), ClipboardError>;
}

/// The system clipboard (arboard). Opened on first use, since a session may have none; kept
/// open because on X11 and Wayland the copied text lives as long as its owner.
#[derive(Default)]
pub struct SystemClipboard(Option<arboard::Clipboard>);

impl SystemClipboard {
    fn open(&mut self) -> Result<&mut arboard::Clipboard, ClipboardError> {
        if self.0.is_none() {
            self.0 = Some(arboard::Clipboard::new().map_err(unavailable)?);
        }
        self.0
            .as_mut()
            .ok_or_else(|| unavailable(arboard::Error::ClipboardNotSupported))
    }
}

fn unavailable(e: arboard::Error) -> ClipboardError {
    ClipboardError::Unavailable(Box::new(e))
}

impl ClipboardAccess for SystemClipboard {
    fn set(&mut self, text: &str, secret: bool) -> Result<(), ClipboardError> {
        let set = self.open()?.set();
        let set = if secret { excluded(set) } else { set };
        set.text(text.to_owned()).map_err(unavailable)
    }

    fn get(&mut self) -> Result<Option<String>, ClipboardError> {
        match self.open()?.get_text() {
            Ok(text) => Ok(Some(text)),
            Err(arboard::Error::ContentNotAvailable) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn clear(&mut self) -> Result<(), ClipboardError> {
        self.open()?.clear().map_err(unavailable)
    }
}

/// Marks the content as a secret in the way each OS understands.
#[cfg(target_os = "windows")]
fn excluded(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtWindows;
    set.exclude_from_monitoring()
}

#[cfg(target_os = "macos")]
fn excluded(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtApple;
    set.exclude_from_history()
}

#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "emscripten"))
))]
fn excluded(set: arboard::Set<'_>) -> arboard::Set<'_> {
    use arboard::SetExtLinux;
    set.exclude_from_history()
}

#[cfg(not(any(
    target_os = "windows",
    all(unix, not(any(target_os = "android", target_os = "emscripten")))
)))]
fn excluded(set: arboard::Set<'_>) -> arboard::Set<'_> {
    set
}

/// Measures a copied secret's wait before its clear.
pub trait ClearTimer: Send + Sync + 'static {
    /// A future that completes once `wait` has passed, counted from this call (the copy), not
    /// from its first poll.
    fn after(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// The app's timer: tokio's clock (paused and advanced by hand in unit tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioTimer;

impl ClearTimer for TokioTimer {
    fn after(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        // The deadline is fixed here, at the copy.
        Box::pin(tokio::time::sleep(wait))
    }
}

/// What became of one copied secret once its wait was over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClearOutcome {
    /// The clipboard still held the token: it is empty now.
    Cleared,
    /// The owner had copied something else since: left alone.
    Replaced,
    /// The token was copied again (a new wait runs), or cleared already.
    Superseded,
}

/// Resolves when a copied secret's wait is over. Dropping it does not cancel the clear.
pub struct ClearHandle(tokio::task::JoinHandle<Result<ClearOutcome, ClipboardError>>);

impl ClearHandle {
    pub async fn outcome(self) -> Result<ClearOutcome, ClipboardError> {
        match self.0.await {
            Ok(outcome) => outcome,
            // Only a panic in the check or a runtime shutting down gets here.
            Err(_) => Ok(ClearOutcome::Superseded),
        }
    }
}

struct Guarded<C> {
    access: C,
    /// The secret now on the clipboard and the number of its copy.
    pending: Option<(Secret, u64)>,
    copies: u64,
}

/// The clipboard as the app writes it: plain text, or a secret that is marked and cleared.
pub struct SecretClipboard<C: ClipboardAccess = SystemClipboard> {
    inner: Arc<Mutex<Guarded<C>>>,
    clear_after: Duration,
    timer: Arc<dyn ClearTimer>,
}

impl<C: ClipboardAccess> Clone for SecretClipboard<C> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            clear_after: self.clear_after,
            timer: Arc::clone(&self.timer),
        }
    }
}

impl Default for SecretClipboard<SystemClipboard> {
    fn default() -> Self {
        Self::new(SystemClipboard::default())
    }
}

impl<C: ClipboardAccess> SecretClipboard<C> {
    /// Clears a copied secret after [`CLEAR_AFTER`].
    pub fn new(access: C) -> Self {
        Self::with_clear_after(access, CLEAR_AFTER)
    }

    /// Clears a copied secret after `clear_after` on tokio's clock.
    pub fn with_clear_after(access: C, clear_after: Duration) -> Self {
        Self::with_timer(access, clear_after, TokioTimer)
    }

    /// Clears a copied secret once `timer` says `clear_after` has passed since the copy.
    pub fn with_timer(access: C, clear_after: Duration, timer: impl ClearTimer) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Guarded {
                access,
                pending: None,
                copies: 0,
            })),
            clear_after,
            timer: Arc::new(timer),
        }
    }

    pub fn clear_after(&self) -> Duration {
        self.clear_after
    }

    /// A plain copy (the review card's other fields, "Copiar tudo"). Blocking on X11 for a
    /// moment: call it off the async workers.
    pub fn copy_text(&self, text: &str) -> Result<(), ClipboardError> {
        self.lock().access.set(text, false)
    }

    /// Copies the token, marked as a secret, and schedules the clear (on the current tokio
    /// runtime; without one, nothing is copied).
    pub fn copy_secret(&self, secret: &Secret) -> Result<ClearHandle, ClipboardError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|e| ClipboardError::Unavailable(Box::new(e)))?;
        let copy = {
            let mut guarded = self.lock();
            guarded.access.set(secret.expose(), true)?;
            guarded.copies += 1;
            guarded.pending = Some((secret.clone(), guarded.copies));
            guarded.copies
        };
        let inner = self.inner.clone();
        let waited = self.timer.after(self.clear_after);
        Ok(ClearHandle(runtime.spawn(async move {
            waited.await;
            tokio::task::spawn_blocking(move || clear_copy(&inner, copy))
                .await
                .unwrap_or(Ok(ClearOutcome::Superseded))
        })))
    }

    /// Clears the clipboard now if it still holds the copied secret (the app is closing).
    pub fn clear_if_secret(&self) -> Result<ClearOutcome, ClipboardError> {
        let copy = self.lock().pending.as_ref().map(|(_, copy)| *copy);
        match copy {
            Some(copy) => clear_copy(&self.inner, copy),
            None => Ok(ClearOutcome::Superseded),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Guarded<C>> {
        lock(&self.inner)
    }
}

/// A panic while the lock was held cannot leave `Guarded` half-written (single assignments).
fn lock<C>(inner: &Mutex<Guarded<C>>) -> MutexGuard<'_, Guarded<C>> {
    inner.lock().unwrap_or_else(PoisonError::into_inner)
}

fn clear_copy<C: ClipboardAccess>(
    inner: &Mutex<Guarded<C>>,
    copy: u64,
) -> Result<ClearOutcome, ClipboardError> {
    let mut guarded = lock(inner);
    let Some((secret, pending)) = guarded.pending.take() else {
        return Ok(ClearOutcome::Superseded);
    };
    if pending != copy {
        guarded.pending = Some((secret, pending));
        return Ok(ClearOutcome::Superseded);
    }
    if guarded.access.get()?.as_deref() != Some(secret.expose()) {
        return Ok(ClearOutcome::Replaced);
    }
    guarded.access.clear()?;
    tracing::info!("the copied token was cleared from the clipboard");
    Ok(ClearOutcome::Cleared)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A clipboard in memory that remembers whether its content was marked secret, and when
    /// it was cleared.
    #[derive(Clone, Default)]
    struct Memory(
        Arc<Mutex<Option<(String, bool)>>>,
        Arc<Mutex<Vec<tokio::time::Instant>>>,
    );

    impl Memory {
        fn now(&self) -> Option<(String, bool)> {
            self.0.lock().unwrap().clone()
        }
        fn cleared_at(&self) -> Vec<tokio::time::Instant> {
            self.1.lock().unwrap().clone()
        }
    }

    impl ClipboardAccess for Memory {
        fn set(&mut self, text: &str, secret: bool) -> Result<(), ClipboardError> {
            *self.0.lock().unwrap() = Some((text.to_owned(), secret));
            Ok(())
        }
        fn get(&mut self) -> Result<Option<String>, ClipboardError> {
            Ok(self.now().map(|(text, _)| text))
        }
        fn clear(&mut self) -> Result<(), ClipboardError> {
            *self.0.lock().unwrap() = None;
            self.1.lock().unwrap().push(tokio::time::Instant::now());
            Ok(())
        }
    }

    const TOKEN: &str = "8f14e45fceea167a5a36dedd4bea2543";

    // Paused time: the real 60 s pass instantly once every task waits on the timer.
    #[tokio::test(start_paused = true)]
    async fn a_copied_token_is_marked_and_gone_sixty_seconds_later() {
        let memory = Memory::default();
        let clipboard = SecretClipboard::new(memory.clone());
        let start = tokio::time::Instant::now();
        let handle = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
        assert_eq!(
            memory.now(),
            Some((TOKEN.to_owned(), true)),
            "marked secret"
        );
        assert_eq!(handle.outcome().await.unwrap(), ClearOutcome::Cleared);
        assert_eq!(start.elapsed(), CLEAR_AFTER);
        assert_eq!(memory.now(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn what_the_owner_copied_since_is_left_alone() {
        let memory = Memory::default();
        let clipboard = SecretClipboard::new(memory.clone());
        let handle = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
        clipboard
            .copy_text("https://www.minhaloja.com.br/")
            .unwrap();
        assert_eq!(handle.outcome().await.unwrap(), ClearOutcome::Replaced);
        assert_eq!(
            memory.now(),
            Some(("https://www.minhaloja.com.br/".to_owned(), false))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn copying_again_restarts_the_wait() {
        let memory = Memory::default();
        let clipboard = SecretClipboard::new(memory.clone());
        let first = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
        tokio::time::advance(Duration::from_secs(30)).await;
        let second = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
        let again = tokio::time::Instant::now();
        assert_eq!(first.outcome().await.unwrap(), ClearOutcome::Superseded);
        assert_eq!(second.outcome().await.unwrap(), ClearOutcome::Cleared);
        assert_eq!(
            memory.cleared_at(),
            [again + CLEAR_AFTER],
            "cleared once, a full minute after the second copy"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn closing_the_app_clears_it_at_once() {
        let memory = Memory::default();
        let clipboard = SecretClipboard::new(memory.clone());
        let handle = clipboard.copy_secret(&Secret::new(TOKEN)).unwrap();
        assert_eq!(clipboard.clear_if_secret().unwrap(), ClearOutcome::Cleared);
        assert_eq!(memory.now(), None);
        assert_eq!(handle.outcome().await.unwrap(), ClearOutcome::Superseded);
        assert_eq!(
            clipboard.clear_if_secret().unwrap(),
            ClearOutcome::Superseded
        );
    }

    #[test]
    fn plain_copies_are_not_marked() {
        let memory = Memory::default();
        SecretClipboard::new(memory.clone())
            .copy_text("Código da loja: 123")
            .unwrap();
        assert_eq!(
            memory.now(),
            Some(("Código da loja: 123".to_owned(), false))
        );
    }
}
