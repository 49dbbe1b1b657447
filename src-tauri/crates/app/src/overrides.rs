//! A store named by the caller instead of the saved one: the command line's `--base-url`,
//! `--store-id` and `--token-stdin`, shared by `store check`, `sync preview` and `health`
//! ([`crate::sync::preview_once`], [`crate::health::check_once`]).

use conector_core::Secret;
use conector_secrets::{Keychain, StoreAccount};
use conector_setup::SetupError;
use conector_simplo7::{StoreAddress, StoreCheck, StoreError};

use crate::AppError;

/// The store a run reads when the caller names one; empty: the saved store.
#[derive(Debug, Clone, Default)]
pub struct StoreOverride {
    /// The API address (`https://www.minhaloja.com.br/ws/`); without it, the Simplo7 address of
    /// [`StoreOverride::store_id`].
    pub base_url: Option<String>,
    /// The store ID; it also names the keychain entry the token is read from.
    pub store_id: Option<String>,
    /// The token the caller was handed (the command line's standard input); `None`: the
    /// keychain's entry for the store at that address. A blank one is a missing token.
    pub token: Option<Secret>,
}

impl StoreOverride {
    /// Whether a store is named (then the saved store is left aside).
    pub fn names_a_store(&self) -> bool {
        self.base_url.is_some() || self.store_id.is_some()
    }

    /// The address named: the base URL (a store ID given with it must still be a store ID),
    /// else the Simplo7 address of the store ID; `None` without either.
    pub fn address(&self) -> Option<Result<StoreAddress, StoreError>> {
        match (&self.base_url, &self.store_id) {
            (Some(base), store_id) => Some(match store_id {
                Some(id) => conector_simplo7::validate_store_id(id)
                    .and_then(|_| StoreAddress::from_override(base)),
                None => StoreAddress::from_override(base),
            }),
            (None, Some(id)) => Some(StoreAddress::for_store_id(id)),
            (None, None) => None,
        }
    }

    /// [`StoreOverride::address`], a missing one being the caller's mistake.
    pub(crate) fn required_address(&self) -> Result<StoreAddress, StoreError> {
        self.address().unwrap_or(Err(StoreError::MissingStoreId))
    }

    /// The token for the store `store_id` at `address`: the one handed over, else the
    /// keychain's entry (blocking: D-Bus, Win32). A token saved for one host is never read for
    /// another: the entry is named by the address's host.
    pub(crate) fn token(
        &self,
        keychain: &Keychain,
        store_id: Option<&str>,
        address: &StoreAddress,
    ) -> Result<Secret, AppError> {
        if let Some(given) = &self.token {
            let token = given.expose().trim();
            if token.is_empty() {
                return Err(StoreError::MissingToken.into());
            }
            return Ok(Secret::new(token));
        }
        let account = StoreAccount::for_store(store_id, address.api_base());
        keychain
            .load(&account)?
            .ok_or(AppError::Setup(SetupError::NoToken))
    }
}

/// `conector store check`: step 4's connection test against the store named, with its token.
/// Nothing is saved.
pub async fn check_store(
    keychain: &Keychain,
    store: &StoreOverride,
) -> Result<StoreCheck, AppError> {
    let address = store.required_address()?;
    let token = {
        let (keychain, store, address) = (keychain.clone(), store.clone(), address.clone());
        tokio::task::spawn_blocking(move || {
            store.token(&keychain, store.store_id.as_deref(), &address)
        })
        .await
        .map_err(AppError::Interrupted)??
    };
    Ok(conector_simplo7::test_connection(&address, &token).await?)
}
