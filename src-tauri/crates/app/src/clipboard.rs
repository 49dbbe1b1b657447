//! The review card's copy buttons (step 9): what reaches the clipboard, and for how long the
//! token stays there.
//!
//! - "Copiar tudo" copies every line **but the AppKey**, and says so.
//! - The AppKey's own button copies the token from the keychain as a secret: marked for the OS
//!   (no clipboard history, no cloud sync where it allows) and cleared after
//!   [`conector_secrets::clipboard::CLEAR_AFTER`] if it is still there; the reply says when.
//! - The token never passes through the page: the reply carries no value.

use std::time::Duration;

use conector_core::{CodedError, ErrorPayload};
use conector_secrets::clipboard::{
    ClearHandle, ClearOutcome, ClipboardAccess, SecretClipboard, CLEAR_AFTER,
};
use conector_setup::review::{self, ReviewCopy, ReviewKey};
use conector_setup::SetupError;
use serde::Serialize;

use crate::{AppError, Context};

/// What a copy did, for the page to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ReviewCopied {
    /// "Copiar tudo": the AppKey was left out (it has its own button).
    pub app_key_left_out: bool,
    /// The AppKey: the clipboard is cleared this many seconds from now if it still holds it.
    pub clears_after_seconds: Option<u32>,
}

/// The end of a copied token's wait, sent on the channel given with the copy. Same tag and
/// failure payload as every other long task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClipboardEvent {
    /// `cleared`: the token was still there and is gone. `false`: the owner had copied
    /// something else since (left alone), or copied the token again (a new wait runs).
    Finished {
        cleared: bool,
    },
    Failed {
        error: ErrorPayload,
    },
}

/// How long a copied token stays on the clipboard in this run: [`CLEAR_AFTER`]. Debug builds
/// accept a *shorter* wait from `CONECTOR_CLIPBOARD_CLEAR_MS`, so the end-to-end test sees the
/// clear without waiting a minute; a release build ignores it.
pub fn clear_wait() -> Duration {
    if !cfg!(debug_assertions) {
        return CLEAR_AFTER;
    }
    std::env::var("CONECTOR_CLIPBOARD_CLEAR_MS")
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .map_or(CLEAR_AFTER, |wait| wait.min(CLEAR_AFTER))
}

/// Copies line `key` of the review card (or, for `None`, all but the AppKey). Copying the
/// AppKey also returns the handle that resolves when its wait is over. Blocking clipboard work
/// runs off the async workers.
pub async fn copy_review<C: ClipboardAccess>(
    ctx: &Context,
    clipboard: &SecretClipboard<C>,
    key: Option<ReviewKey>,
) -> Result<(ReviewCopied, Option<ClearHandle>), AppError> {
    let fields = crate::form::review(ctx).await?;
    match review::clipboard_text(&fields, key) {
        ReviewCopy::Token => {
            let token = crate::form::stored_token(ctx)
                .await?
                .ok_or(SetupError::NoToken)?;
            let handle = clipboard.copy_secret(&token)?;
            let seconds = clipboard.clear_after().as_secs_f64().ceil();
            Ok((
                ReviewCopied {
                    app_key_left_out: false,
                    clears_after_seconds: Some(seconds as u32),
                },
                Some(handle),
            ))
        }
        ReviewCopy::Text(text) => {
            let plain = clipboard.clone();
            tokio::task::spawn_blocking(move || plain.copy_text(&text))
                .await
                .map_err(AppError::Interrupted)??;
            Ok((
                ReviewCopied {
                    app_key_left_out: key.is_none(),
                    clears_after_seconds: None,
                },
                None,
            ))
        }
    }
}

/// Waits for a copied token's clear and says how it ended.
pub async fn cleared(handle: ClearHandle) -> ClipboardEvent {
    match handle.outcome().await {
        Ok(outcome) => ClipboardEvent::Finished {
            cleared: outcome == ClearOutcome::Cleared,
        },
        Err(e) => {
            conector_core::log_error("the clipboard could not be cleared", &e);
            ClipboardEvent::Failed { error: e.payload() }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_is_a_minute_and_a_test_may_only_shorten_it() {
        std::env::remove_var("CONECTOR_CLIPBOARD_CLEAR_MS");
        assert_eq!(clear_wait(), Duration::from_secs(60));
        std::env::set_var("CONECTOR_CLIPBOARD_CLEAR_MS", "1500");
        assert_eq!(clear_wait(), Duration::from_millis(1500));
        std::env::set_var("CONECTOR_CLIPBOARD_CLEAR_MS", "3600000");
        assert_eq!(clear_wait(), Duration::from_secs(60), "never longer");
        std::env::set_var("CONECTOR_CLIPBOARD_CLEAR_MS", "soon");
        assert_eq!(clear_wait(), Duration::from_secs(60));
        std::env::remove_var("CONECTOR_CLIPBOARD_CLEAR_MS");
    }
}
