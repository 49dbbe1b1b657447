//! The health checks once on the caller's word (`conector health`): what the window's watch
//! checks, each part replaced by the caller's when given. Nothing is recorded.

use conector_core::{CodedError, MessageCode};
use conector_health::{
    FinalStatus, Memory, Note, Report, Rewards, StoreInput, StoreTarget, Target,
};
use conector_secrets::Keychain;

use super::{checks, first_hours_read_only, FirstHours, Saved};
use crate::overrides::StoreOverride;
use crate::{AppError, Context};

/// What the caller puts in place of the saved settings; empty: the window's checks.
#[derive(Debug, Clone, Default)]
pub struct HealthOverrides {
    /// Another store than the saved one, or the saved one with a token handed over.
    pub store: StoreOverride,
    pub feed_url: Option<String>,
    /// Reward SKUs to look for in the feed, in place of the chosen ones.
    pub rewards: Vec<String>,
    /// Final status ids, in place of step 9's.
    pub final_statuses: Vec<String>,
    pub site_url: Option<String>,
    pub signup_url: Option<String>,
    /// The running demo store's address (`conector demo serve`'s): the one plain-http address
    /// on this computer the feed and links may have. Without it, the store checked when it is
    /// on this computer (only the demo store runs there).
    pub demo_store: Option<String>,
}

/// What `conector health` shows: the checks' verdicts and, after go-live, the go-live check's
/// card as the store shows it now.
#[derive(Debug, Clone)]
pub struct HealthCheck {
    pub report: Report,
    pub first_hours: Option<FirstHours>,
}

/// Runs every check now and returns the verdicts, recording nothing (no history, no feed
/// download kept, no notification, no go-live orders kept).
pub async fn check_once(
    ctx: &Context,
    overrides: &HealthOverrides,
) -> Result<HealthCheck, AppError> {
    let checked = checks(ctx, overrides).await?;
    let conn = ctx.open_connection()?;
    let first_hours =
        first_hours_read_only(&conn, &checked.store, &checked.statuses, ctx.now()).await?;
    Ok(HealthCheck {
        report: checked.run.report,
        first_hours,
    })
}

/// What to check: the saved settings (as the watch reads them), each part replaced by its
/// override. Blocks on the keychain.
pub(super) fn target(
    saved: Saved,
    overrides: &HealthOverrides,
    keychain: &Keychain,
) -> (Target, Memory) {
    let store = &overrides.store;
    if !store.names_a_store() && store.token.is_none() {
        let input = super::store_input(&saved, keychain);
        let (target, memory) = super::target(saved, input);
        return apply(overrides, target, memory);
    }
    let input = named_store(&saved, store, keychain);
    let (target, memory) = super::target(saved, input);
    apply(overrides, target, memory)
}

/// The demo store's address the checks may open as given: the one named, else the store
/// checked when it is on this computer (only the demo store runs there).
fn demo_store(overrides: &HealthOverrides, store: &StoreInput) -> Option<String> {
    match (given(&overrides.demo_store), store) {
        (Some(named), _) => Some(named),
        (None, StoreInput::Ready(t)) if t.address.is_loopback() => {
            Some(t.address.api_base().to_owned())
        }
        _ => None,
    }
}

/// The store the overrides name (or the saved one with a token handed over), the saved store
/// filling what they leave out.
fn named_store(saved: &Saved, store: &StoreOverride, keychain: &Keychain) -> StoreInput {
    let address = match store.address() {
        Some(named) => Some(named.map_err(|e| e.payload().into())),
        None => saved.address.clone(),
    };
    let address = match address {
        None => return StoreInput::Missing(Note::new(MessageCode::HealthTokenNoStore)),
        Some(Err(note)) => return StoreInput::Unusable(note),
        Some(Ok(address)) => address,
    };
    let store_id = store.store_id.clone().or_else(|| saved.store_id.clone());
    match store.token(keychain, store_id.as_deref(), &address) {
        Ok(token) => StoreInput::Ready(StoreTarget { address, token }),
        Err(e) if e.code() == MessageCode::SetupNoToken => {
            StoreInput::Missing(Note::new(MessageCode::HealthTokenNoToken))
        }
        // No keychain: nothing to check with; the note says why.
        Err(e) if e.code().as_str().starts_with("secrets.") => {
            StoreInput::Missing(e.payload().into())
        }
        Err(e) => StoreInput::Unusable(e.payload().into()),
    }
}

/// The overrides other than the store.
fn apply(overrides: &HealthOverrides, mut target: Target, mut memory: Memory) -> (Target, Memory) {
    if let Some(feed) = given(&overrides.feed_url) {
        if target.feed_url.as_ref() != Some(&feed) {
            // What is remembered of the saved address says nothing of another one.
            memory = Memory::default();
        }
        target.feed_url = Some(feed);
    }
    if !overrides.final_statuses.is_empty() {
        target.final_statuses = overrides
            .final_statuses
            .iter()
            .map(|id| FinalStatus {
                id: id.trim().to_owned(),
                name: None,
            })
            .collect();
    }
    if !overrides.rewards.is_empty() {
        target.rewards = Rewards::Skus(overrides.rewards.clone());
    }
    if let Some(site) = given(&overrides.site_url) {
        target.site_url = Some(site);
    }
    if let Some(signup) = given(&overrides.signup_url) {
        target.signup_url = Some(signup);
    }
    target.demo_store = demo_store(overrides, &target.store);
    (target, memory)
}

/// A value given and not blank.
fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}
