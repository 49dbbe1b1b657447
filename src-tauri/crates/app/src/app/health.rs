//! The health watch's commands and the desktop around it (the tray, closing the window) as
//! [`App`] methods.

use std::path::Path;

use super::App;
use crate::health::{
    self, FirstHours, FirstHoursAnswer, HealthRun, HealthView, Notification, SupportReport,
};
use crate::AppError;

/// What the owner is told when the window closes. Either way the window and its web view go
/// and the app keeps running with no window until "Sair" (the shell's `window.rs`, issue #24).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnClose {
    /// Nothing: no tray icon to point at, or the watch is off.
    Close,
    /// The watch is on and the tray icon shows: the app says the first time that it is still in
    /// the tray.
    KeepInTray { tell: Option<Notification> },
}

impl App {
    /// The health page. `utc_offset_minutes`: the window's time zone, to group the history by
    /// the owner's days.
    pub fn health_view(&self, utc_offset_minutes: i32) -> Result<HealthView, AppError> {
        health::view(&self.ctx, self.health.next_run(), utc_offset_minutes)
    }

    /// "Verificar agora": runs every check (after a run in flight), then returns the page. The
    /// run's notifications go out as for a scheduled run.
    pub async fn health_check_now(&self, utc_offset_minutes: i32) -> Result<HealthView, AppError> {
        self.health_run_now().await?;
        self.health_view(utc_offset_minutes)
    }

    /// One health run now (the tray's "Verificar agora"): it reaches the host as every run does.
    pub async fn health_run_now(&self) -> Result<HealthRun, AppError> {
        self.health.check_now(&self.ctx).await
    }

    pub fn health_accept_feed_count(&self) -> Result<Option<u32>, AppError> {
        health::accept_feed_count(&self.ctx)
    }

    pub fn health_first_hours(&self) -> Result<Option<FirstHours>, AppError> {
        health::first_hours(&self.ctx)
    }

    /// "Bateu" / "Não bateu" for one order of the card (refused until it is final and due).
    pub fn health_first_hours_answer(
        &self,
        order_id: u64,
        answer: FirstHoursAnswer,
    ) -> Result<FirstHours, AppError> {
        health::answer(&self.ctx, order_id, answer)
    }

    /// "Não bateu": the facts for +fidelidade's support and the redacted diagnostic zip,
    /// written into `dest_dir`.
    pub async fn health_first_hours_support(
        &self,
        dest_dir: &Path,
    ) -> Result<SupportReport, AppError> {
        health::support(&self.ctx, dest_dir).await
    }

    /// Whether the watch is on (go-live recorded): a launch at login then starts in the tray.
    pub fn watching(&self) -> bool {
        health::watching(&self.ctx).unwrap_or(false)
    }

    /// The owner closes the window; `has_tray`: the desktop shows the app's tray icon (without
    /// one, "still in the tray" would point at nothing: a second launch brings the window back).
    pub fn on_close(&self, has_tray: bool) -> OnClose {
        if !has_tray || !self.watching() {
            return OnClose::Close;
        }
        let first = health::first_close_to_tray(&self.ctx).unwrap_or(false);
        OnClose::KeepInTray {
            tell: first.then(health::kept_in_tray),
        }
    }
}
