//! Step 1: which store. Saved only when valid; changing the store forgets the old connection.

use conector_core::settings;
use conector_secrets::StoreAccount;
use conector_simplo7::{preview_address, StoreAddress};
use rusqlite::Connection;
use serde::Serialize;

use crate::connection::{self, ConnectionInfo};
use crate::SetupError;

const KEY_STORE_ID: &str = "store.id";
const KEY_CUSTOM_DOMAIN: &str = "store.custom_domain";
const KEY_DEMO: &str = "store.demo";

/// The store ID the demo store answers to. Digits, like a real one, and labelled "demo" in the
/// UI wherever it appears.
pub const DEMO_STORE_ID: &str = "900000001";

/// The store the owner set up in step 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreProfile {
    pub store_id: String,
    /// A custom domain or full API base; `None` uses `https://{id}.simplo7.net/ws/`.
    pub custom_domain: Option<String>,
    /// The built-in demo store (its address changes each launch).
    pub demo: bool,
}

/// What the UI shows about the store: never the token, only its mask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct StoreView {
    pub store_id: Option<String>,
    pub custom_domain: Option<String>,
    pub api_base: Option<String>,
    pub demo: bool,
    pub token_mask: Option<String>,
    pub connection: Option<ConnectionInfo>,
}

impl StoreProfile {
    pub fn address(&self) -> Result<StoreAddress, SetupError> {
        Ok(StoreAddress::resolve(
            &self.store_id,
            self.custom_domain.as_deref(),
        )?)
    }

    /// The host the token is bound to (see [`StoreAccount`]); `None` when the saved address no
    /// longer validates.
    pub fn api_host(&self) -> Option<String> {
        self.address().ok().map(|a| a.api_host())
    }

    /// The keychain entry of this store's token: keyed by store ID *and* API origin (scheme,
    /// host, port; the host alone for the demo store on this computer), so a token is only ever
    /// read back for the address it was tested against.
    pub fn account(&self) -> StoreAccount {
        StoreAccount::for_store(Some(&self.store_id), &self.api_base())
    }

    /// The entry versions before issue #23 kept this store's token under (its API host only).
    pub fn host_bound_account(&self) -> StoreAccount {
        StoreAccount::host_bound(Some(&self.store_id), &self.api_base())
    }

    /// The key this store's local data is filed under ([`conector_simplo7::store_key`]).
    pub fn store_key(&self) -> String {
        conector_simplo7::store_key(Some(&self.store_id), &self.api_base())
    }

    /// The API base, or nothing when the saved address no longer validates.
    fn api_base(&self) -> String {
        self.address()
            .map(|a| a.api_base().to_owned())
            .unwrap_or_default()
    }

    pub fn load(conn: &Connection) -> Result<Option<StoreProfile>, SetupError> {
        let Some(store_id) = settings::get(conn, KEY_STORE_ID)? else {
            return Ok(None);
        };
        Ok(Some(StoreProfile {
            store_id,
            custom_domain: settings::get(conn, KEY_CUSTOM_DOMAIN)?,
            demo: settings::get(conn, KEY_DEMO)?.as_deref() == Some("1"),
        }))
    }

    /// Validates and saves step 1. Saving another store (or another address) forgets the
    /// previous connection test, since the token must be tested against the new address.
    pub fn save(
        conn: &Connection,
        store_id: &str,
        custom_domain: Option<&str>,
        demo: bool,
    ) -> Result<StoreProfile, SetupError> {
        let custom_domain = custom_domain.map(str::trim).filter(|d| !d.is_empty());
        let preview = preview_address(store_id, custom_domain)?;
        let store_id = preview
            .store_id
            .unwrap_or_else(|| store_id.trim().to_owned());
        let profile = StoreProfile {
            store_id,
            custom_domain: custom_domain.map(str::to_owned),
            demo,
        };
        let previous = Self::load(conn)?;
        let tx = conector_core::write_turn::Write::begin(conn)?;
        settings::set(&tx, KEY_STORE_ID, &profile.store_id)?;
        match &profile.custom_domain {
            Some(domain) => settings::set(&tx, KEY_CUSTOM_DOMAIN, domain)?,
            None => settings::remove(&tx, KEY_CUSTOM_DOMAIN)?,
        }
        settings::set(&tx, KEY_DEMO, if demo { "1" } else { "0" })?;
        // The token was tested against the previous address: only the same store at the same
        // API origin — scheme, host and port — keeps that test (the demo store excepted: its
        // port changes at each launch). The keychain entry is keyed the same way.
        let same_store = previous
            .as_ref()
            .is_some_and(|p| p.account() == profile.account());
        if !same_store {
            connection::forget(&tx)?;
        }
        tx.commit()?;
        Ok(profile)
    }

    pub fn view(
        profile: Option<&StoreProfile>,
        conn: &Connection,
        token_mask: Option<String>,
    ) -> Result<StoreView, SetupError> {
        Ok(StoreView {
            store_id: profile.map(|p| p.store_id.clone()),
            custom_domain: profile.and_then(|p| p.custom_domain.clone()),
            api_base: profile
                .and_then(|p| p.address().ok())
                .map(|a| a.api_base().to_owned()),
            demo: profile.is_some_and(|p| p.demo),
            token_mask,
            connection: connection::load(conn)?,
        })
    }
}
