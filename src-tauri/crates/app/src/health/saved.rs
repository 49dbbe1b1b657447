//! What the health watch checks when nothing else is said: the values the wizard saved.

use conector_core::CodedError;
use conector_health::{history, FeedSnapshot, FinalStatus, Note, Rewards};
use conector_secrets::StoreAccount;
use conector_setup::integration::{self, IntegrationForm};
use conector_setup::StoreProfile;
use conector_simplo7::StoreAddress;
use rusqlite::Connection;

use crate::AppError;

/// The saved values; all empty on a fresh database.
#[derive(Debug, Clone)]
pub struct Saved {
    pub store_id: Option<String>,
    /// The saved store is the demo store.
    pub demo: bool,
    /// The saved store's API address, or why it cannot be used.
    pub address: Option<Result<StoreAddress, Note>>,
    /// The keychain entry of the saved store's token.
    pub account: StoreAccount,
    pub final_statuses: Vec<FinalStatus>,
    /// The store's order statuses as the last connection test listed them.
    pub statuses: Vec<conector_simplo7::OrderStatus>,
    pub feed_url: Option<String>,
    pub rewards: Rewards,
    pub site_url: Option<String>,
    pub signup_url: Option<String>,
    /// The last feed download of the health watch.
    pub feed_snapshot: Option<FeedSnapshot>,
    /// The address and item count of the catalogue imported in step 6.
    pub catalog: Option<(String, u32)>,
    /// The currency of that catalogue's prices (`None` for an import from before it was read).
    pub catalog_currency: Option<conector_feed::FeedCurrency>,
}

pub fn saved(conn: &Connection) -> Result<Saved, AppError> {
    let profile = StoreProfile::load(conn)?;
    // The status names as the store gave them at the last connection test, to name a final
    // status the store no longer has.
    let known = StoreProfile::view(profile.as_ref(), conn, None)?
        .connection
        .map(|c| c.statuses)
        .unwrap_or_default();
    let form = IntegrationForm::load(conn, None)?;
    let final_statuses = form
        .final_statuses
        .iter()
        .map(|id| FinalStatus {
            id: id.clone(),
            name: known.iter().find(|s| &s.id == id).map(|s| s.name.clone()),
        })
        .collect();
    let rewards = if conector_catalog::selection::whole_catalog(conn)? {
        Rewards::WholeCatalog
    } else {
        // What the review card listed (selected SKUs in the catalogue) and the selected ones a
        // later import no longer had: both may be in the +fidelidade form.
        let mut skus = conector_catalog::selection::selected_skus(conn)?;
        skus.extend(conector_catalog::selection::summary(conn)?.missing);
        Rewards::Skus(skus)
    };
    let non_empty = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let import = conector_catalog::last_import(conn)?;
    Ok(Saved {
        store_id: profile.as_ref().map(|p| p.store_id.clone()),
        demo: profile.as_ref().is_some_and(|p| p.demo),
        address: profile
            .as_ref()
            .map(|p| p.address().map_err(|e| e.payload().into())),
        account: profile
            .as_ref()
            .map(StoreProfile::account)
            .unwrap_or_else(|| StoreAccount::for_store(None, "")),
        final_statuses,
        statuses: known,
        feed_url: integration::feed_url(conn)?.and_then(|u| non_empty(&u)),
        rewards,
        site_url: non_empty(&form.site_url),
        signup_url: non_empty(&form.signup_url),
        feed_snapshot: history::feed_snapshot(conn)?,
        catalog_currency: import.as_ref().and_then(|i| i.summary.currency.clone()),
        catalog: import.map(|i| (i.source, i.summary.items)),
    })
}
