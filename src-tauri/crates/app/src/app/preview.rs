//! The simulation's commands (the dashboard, "Ler pedidos da loja agora", the customers' data) as
//! [`App`] methods.

use conector_ledger::{
    CustomerPoints, CustomerQuery, EmailKind, HistoryEntry, Page, SkipReason, SkippedOrder,
};

use super::App;
use crate::privacy::{self, PrivacyView};
use crate::status::{self, Status};
use crate::sync::{self, EmailPreviews, ProgressListener, SyncOverview, SyncSettings};
use crate::AppError;

impl App {
    /// The dashboard's overview, with the run in flight.
    pub fn sync_overview(&self) -> Result<SyncOverview, AppError> {
        sync::overview_of(&self.ctx, self.sync.current())
    }

    /// Saves the dashboard's settings; a new interval reaches the background loop at once.
    pub async fn sync_save_settings(&self, new: &SyncSettings) -> Result<SyncOverview, AppError> {
        sync::save_settings(&self.ctx, &self.sync, new).await
    }

    /// "Ler pedidos da loja agora": refused with what is missing when a run cannot start; otherwise
    /// `listener` follows the run in flight, or a new one started now.
    pub fn sync_now(&self, listener: Box<dyn ProgressListener>) -> Result<(), AppError> {
        sync::ensure_ready(&self.ctx)?;
        self.sync.sync_now(listener);
        Ok(())
    }

    /// Stops the run in flight between two requests; `false` when none was going.
    pub fn sync_cancel(&self) -> bool {
        self.sync.cancel()
    }

    pub fn sync_customers(&self, query: &CustomerQuery) -> Result<Page<CustomerPoints>, AppError> {
        sync::customers(&self.ctx, query)
    }

    pub fn sync_customer_history(&self, key: &str) -> Result<Vec<HistoryEntry>, AppError> {
        sync::customer_history(&self.ctx, key)
    }

    pub fn sync_skipped(
        &self,
        reason: Option<SkipReason>,
        offset: u64,
        limit: u64,
    ) -> Result<Page<SkippedOrder>, AppError> {
        sync::skipped(&self.ctx, reason, offset, limit)
    }

    pub async fn sync_emails(
        &self,
        kind: EmailKind,
        offset: u64,
        limit: u64,
    ) -> Result<EmailPreviews, AppError> {
        sync::emails(&self.ctx, kind, offset, limit).await
    }

    /// The dashboard's header, as `conector status` prints it.
    pub fn status(&self) -> Result<Status, AppError> {
        status::status(&self.ctx, self.sync.current())
    }

    pub fn privacy_view(&self) -> Result<PrivacyView, AppError> {
        privacy::view(&self.ctx)
    }

    /// "Apagar dados da simulação": background runs are paused first, a run in flight is
    /// stopped, then the data goes (nothing is written back).
    pub async fn privacy_erase(&self) -> Result<PrivacyView, AppError> {
        privacy::erase(&self.ctx, &self.sync).await
    }

    pub fn privacy_keep(&self, keep: bool) -> Result<PrivacyView, AppError> {
        privacy::keep(&self.ctx, keep)
    }
}
