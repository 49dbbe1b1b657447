//! The wizard's commands (steps 1–10) as [`App`] methods: each calls its area module.

use std::sync::Arc;

use conector_catalog::{ImportReport, PastedCheck, PreviewRates, SelectionSummary};
use conector_core::wizard::WizardView;
use conector_secrets::clipboard::ClearHandle;
use conector_setup::handover::Switch;
use conector_setup::integration::{FormField, FormView, IntegrationForm};
use conector_setup::review::{ReviewField, ReviewKey};
use conector_setup::{Confirmation, ConnectionOutcome, Platform, StoreView};
use conector_simplo7::{AddressDiscovery, AddressPreview};

use super::App;
use crate::checklist::PanelConfirmation;
use crate::clipboard::{ClipboardEvent, ReviewCopied};
use crate::feed::{FeedEvent, FeedStatus, RewardPage, RewardSearch, RewardTarget};
use crate::golive::ActivationView;
use crate::{clipboard, feed, form, golive, rates, store, wizard, AppError};

impl App {
    pub fn wizard_state(&self) -> Result<WizardView, AppError> {
        wizard::state(&self.ctx)
    }

    pub fn wizard_next(&self) -> Result<WizardView, AppError> {
        wizard::next(&self.ctx)
    }

    pub fn wizard_back(&self) -> Result<WizardView, AppError> {
        wizard::back(&self.ctx)
    }

    pub fn wizard_confirm(
        &self,
        confirmation: Confirmation,
        confirmed: bool,
    ) -> Result<WizardView, AppError> {
        wizard::confirm(&self.ctx, confirmation, confirmed)
    }

    pub fn welcome_show(&self) -> Result<bool, AppError> {
        wizard::welcome(&self.ctx)
    }

    pub fn welcome_done(&self) -> Result<(), AppError> {
        wizard::welcome_done(&self.ctx)
    }

    pub async fn store_view(&self) -> Result<StoreView, AppError> {
        store::view(&self.ctx).await
    }

    /// Step 1 as the owner types (needs no saved data).
    pub fn store_preview(
        store_id: &str,
        custom_domain: Option<&str>,
    ) -> Result<AddressPreview, AppError> {
        store::preview(store_id, custom_domain)
    }

    pub async fn store_save(
        &self,
        store_id: &str,
        custom_domain: Option<&str>,
    ) -> Result<StoreView, AppError> {
        store::save(&self.ctx, store_id, custom_domain).await
    }

    pub async fn store_discover(&self) -> Result<Option<AddressDiscovery>, AppError> {
        store::discover(&self.ctx).await
    }

    pub async fn store_test_connection(
        &self,
        token: Option<String>,
    ) -> Result<ConnectionOutcome, AppError> {
        store::test_connection(&self.ctx, token).await
    }

    pub async fn store_disconnect(&self) -> Result<StoreView, AppError> {
        store::disconnect(&self.ctx).await
    }

    pub async fn demo_start(&self) -> Result<StoreView, AppError> {
        store::start_demo(&self.ctx).await
    }

    /// Downloads, parses and imports the feed at `url` off the async workers, each event to
    /// `sink`; a task that dies is reported to `sink` too.
    pub async fn feed_import(
        &self,
        url: String,
        sink: Arc<dyn Fn(FeedEvent) + Send + Sync>,
    ) -> Result<ImportReport, AppError> {
        let ctx = Arc::clone(&self.ctx);
        let for_task = Arc::clone(&sink);
        let outcome = tokio::task::spawn_blocking(move || {
            let mut forward = |event: FeedEvent| for_task(event);
            feed::import(&ctx, &url, &mut forward)
        })
        .await;
        match outcome {
            Ok(result) => result,
            Err(e) => {
                let error = AppError::FeedInterrupted(e);
                sink(FeedEvent::Failed {
                    error: conector_core::CodedError::payload(&error),
                });
                Err(error)
            }
        }
    }

    pub fn feed_cancel(&self) {
        feed::cancel(&self.ctx);
    }

    /// Step 6 shown again while an import runs: `follower` hears it to its end; `false` when
    /// none is going.
    pub fn feed_follow(&self, follower: Box<dyn Fn(FeedEvent) + Send>) -> bool {
        feed::follow(&self.ctx, follower)
    }

    pub async fn feed_status(&self) -> Result<FeedStatus, AppError> {
        feed::status(&self.ctx).await
    }

    pub fn catalog_search(&self, search: &RewardSearch) -> Result<RewardPage, AppError> {
        feed::search(&self.ctx, search)
    }

    pub fn rewards_select(
        &self,
        target: &RewardTarget,
        selected: bool,
    ) -> Result<SelectionSummary, AppError> {
        feed::select(&self.ctx, target, selected)
    }

    pub fn rewards_paste(&self, text: &str) -> Result<PastedCheck, AppError> {
        feed::paste(&self.ctx, text)
    }

    pub fn preview_rates(&self) -> Result<PreviewRates, AppError> {
        rates::view(&self.ctx)
    }

    /// A new earn rate recomputes the preview's points (a run in flight is stopped first).
    pub async fn preview_rates_save(&self, new: PreviewRates) -> Result<PreviewRates, AppError> {
        rates::save(&self.ctx, &self.sync, new).await
    }

    pub fn platform_choose(&self, platform: Platform) -> Result<WizardView, AppError> {
        form::choose_platform(&self.ctx, platform)
    }

    pub fn platform_current(&self) -> Result<Option<Platform>, AppError> {
        form::current_platform(&self.ctx)
    }

    pub async fn form_view(&self) -> Result<FormView, AppError> {
        form::view(&self.ctx).await
    }

    /// New final statuses recompute the preview's points (a run in flight is stopped first).
    pub async fn form_save(&self, new: &IntegrationForm) -> Result<FormView, AppError> {
        form::save(&self.ctx, &self.sync, new).await
    }

    pub async fn form_probe_link(&self, field: FormField, url: &str) -> Result<FormView, AppError> {
        form::probe_link(&self.ctx, field, url).await
    }

    pub fn form_confirm_status(&self, status_id: &str, yes: bool) -> Result<FormView, AppError> {
        form::confirm_status(&self.ctx, status_id, yes)
    }

    pub async fn review_fields(&self) -> Result<Vec<ReviewField>, AppError> {
        form::review(&self.ctx).await
    }

    /// A copy button of the review card (`None`: "copiar tudo", every line but the AppKey).
    /// A copied token is cleared after its wait; `on_clear` hears how that wait ended.
    pub async fn review_copy(
        &self,
        key: Option<ReviewKey>,
        on_clear: impl FnOnce(ClipboardEvent) + Send + 'static,
    ) -> Result<ReviewCopied, AppError> {
        let (copied, handle) = clipboard::copy_review(&self.ctx, &self.clipboard, key).await?;
        if let Some(handle) = handle {
            self.runtime.spawn(tell_when_cleared(handle, on_clear));
        }
        Ok(copied)
    }

    pub fn activation_view(&self) -> Result<ActivationView, AppError> {
        golive::view(&self.ctx)
    }

    pub fn checklist_confirm(
        &self,
        which: PanelConfirmation,
        on: bool,
    ) -> Result<ActivationView, AppError> {
        golive::confirm(&self.ctx, which, on)
    }

    pub fn erp_answer(&self, has_erp: bool) -> Result<ActivationView, AppError> {
        golive::answer_erp(&self.ctx, has_erp)
    }

    /// The owner's record of go-live (or of going back to preview): a preview run in flight is
    /// stopped, and the health watch looks again at its schedule (go-live starts it).
    pub async fn activation_set(&self, on: bool) -> Result<ActivationView, AppError> {
        let view = golive::set_active(&self.ctx, &self.sync, on).await?;
        self.health.wake();
        Ok(view)
    }

    pub fn switch_set(&self, which: Switch, on: bool) -> Result<ActivationView, AppError> {
        golive::set_switch(&self.ctx, which, on)
    }
}

async fn tell_when_cleared(handle: ClearHandle, on_clear: impl FnOnce(ClipboardEvent)) {
    on_clear(clipboard::cleared(handle).await);
}
