//! Step 4: test the token against the store, and only then keep it in the keychain.

use conector_core::{settings, Secret};
use conector_secrets::{Keychain, SecretsError, StoreAccount};
use conector_simplo7::{test_connection, OrderStatus, StoreAddress};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::{SetupError, StoreProfile};

const KEY_CONNECTION: &str = "store.connection";

/// The last successful connection test: what step 4 shows and step 9's status picker uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ConnectionInfo {
    /// UTC, ISO-8601.
    pub tested_at: String,
    pub api_base: String,
    pub statuses: Vec<OrderStatus>,
}

impl ConnectionInfo {
    /// The last successful test, if the saved store had one.
    pub fn load(conn: &Connection) -> Result<Option<ConnectionInfo>, SetupError> {
        load(conn)
    }
}

/// A successful test: the connection and the mask of the token now in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ConnectionOutcome {
    pub connection: ConnectionInfo,
    pub token_mask: String,
    /// True when a token was already stored and this one replaced it.
    pub replaced: bool,
}

/// Tests `pasted` (or, when `None`, the token already in the keychain) against the store.
/// On success a pasted token is saved in the keychain; on failure nothing is stored and the
/// previous token, if any, stays. The database is not touched here: call [`record`] after.
pub async fn connect(
    profile: &StoreProfile,
    keychain: &Keychain,
    pasted: Option<Secret>,
) -> Result<ConnectionOutcome, SetupError> {
    let address = profile.address()?;
    let account = profile.account();
    let token = match pasted.filter(|t| !t.is_empty()) {
        Some(token) => Secret::new(token.expose().trim()),
        None => {
            let (keychain, account) = (keychain.clone(), account.clone());
            blocking(move || keychain.load(&account))
                .await??
                .ok_or(SetupError::NoToken)?
        }
    };
    let check = test_connection(&address, &token).await?;
    let token_mask = token.mask();
    let keychain = keychain.clone();
    let replaced = blocking(move || keychain.replace(&account, &token)).await??;
    tracing::info!(api_base = %check.api_base, statuses = check.statuses.len(), "store connection tested");
    Ok(ConnectionOutcome {
        connection: ConnectionInfo {
            tested_at: conector_core::timestamp::now(),
            api_base: check.api_base,
            statuses: check.statuses,
        },
        token_mask,
        replaced,
    })
}

/// Keeps the successful test in the database (never the token).
pub fn record(conn: &Connection, info: &ConnectionInfo) -> Result<(), SetupError> {
    let json = serde_json::to_string(info)?;
    settings::set(conn, KEY_CONNECTION, &json)?;
    Ok(())
}

pub fn load(conn: &Connection) -> Result<Option<ConnectionInfo>, SetupError> {
    Ok(settings::get(conn, KEY_CONNECTION)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Forgets the last connection test (the store changed, or the owner disconnected).
pub fn forget(conn: &Connection) -> Result<(), SetupError> {
    settings::remove(conn, KEY_CONNECTION)?;
    Ok(())
}

/// "Desconectar": deletes the store's token from the keychain; `true` when there was one.
/// The caller then [`forget`]s the connection test.
pub async fn disconnect(profile: &StoreProfile, keychain: &Keychain) -> Result<bool, SetupError> {
    let (keychain, account) = (keychain.clone(), profile.account());
    Ok(blocking(move || keychain.delete(&account)).await??)
}

/// The mask of the store's stored token, if any (a keychain read, off the async workers).
pub async fn token_mask(
    profile: &StoreProfile,
    keychain: &Keychain,
) -> Result<Option<String>, SetupError> {
    let (keychain, account) = (keychain.clone(), profile.account());
    Ok(blocking(move || keychain.mask(&account)).await??)
}

/// Step 1 saved `current` in place of `previous`. When that changes the keychain entry (another
/// store, or the same store on another API host), the token kept for the previous address is
/// deleted: it is never sent to the new host, and step 4 asks for it again. `true` when an
/// entry was deleted.
pub async fn unbind_previous(
    previous: Option<&StoreProfile>,
    current: &StoreProfile,
    keychain: &Keychain,
) -> Result<bool, SetupError> {
    let Some(old) = previous.map(StoreProfile::account) else {
        return Ok(false);
    };
    if old == current.account() {
        return Ok(false);
    }
    let keychain = keychain.clone();
    let deleted = match blocking(move || keychain.delete(&old)).await? {
        Ok(deleted) => deleted,
        // No keychain to ask (none here, or locked): step 1 is saved all the same, and the old
        // entry, if any, is never read for the new host (the account names the host).
        Err(e @ SecretsError::Unavailable { .. }) => {
            conector_core::log_error("the old token entry could not be deleted", &e);
            false
        }
        Err(e) => return Err(e.into()),
    };
    if deleted {
        tracing::info!("the store's address changed: the token kept for the old one was deleted");
    }
    Ok(deleted)
}

/// What [`migrate_legacy_token`] did with an entry left by an older version (keyed by store ID
/// only, or by API host without scheme and port).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyToken {
    /// No such entry (the usual case).
    None,
    /// Its last successful test was against the store's current API origin (scheme, host and
    /// port): now bound to it.
    Bound,
    /// No record ties it to the current origin: deleted; step 4 asks for the token again.
    Deleted,
}

/// Once at startup: moves a token an older version stored — under `simplo7:<store id>` (before
/// issue #13) or `simplo7:<store id>@<api host>` (before issue #23) — to the entry bound to the
/// store's API origin, only when the saved connection test shows it was tested against that
/// same origin; otherwise deletes it, since nothing says the token belongs there (a changed
/// port, like a changed host, asks for a new test). Blocking (SQLite and the keychain): run it
/// off the async workers.
pub fn migrate_legacy_token(
    conn: &Connection,
    keychain: &Keychain,
) -> Result<LegacyToken, SetupError> {
    let Some(profile) = StoreProfile::load(conn)? else {
        return Ok(LegacyToken::None);
    };
    let bound = profile.account();
    let tested_here = load(conn)?
        .and_then(|info| StoreAddress::from_override(&info.api_base).ok())
        .is_some_and(|tested| {
            StoreAccount::for_store(Some(&profile.store_id), tested.api_base()) == bound
        });
    let mut outcome = LegacyToken::None;
    for old in [
        profile.host_bound_account(),
        StoreAccount::legacy(&profile.store_id),
    ] {
        // The demo store's entry is still keyed by its host: nothing to move.
        if old == bound {
            continue;
        }
        let Some(token) = keychain.load(&old)? else {
            continue;
        };
        if tested_here {
            if keychain.load(&bound)?.is_none() {
                keychain.save(&bound, &token)?;
            }
            outcome = LegacyToken::Bound;
        } else if outcome == LegacyToken::None {
            outcome = LegacyToken::Deleted;
        }
        keychain.delete(&old)?;
    }
    if outcome != LegacyToken::None {
        tracing::info!(?outcome, "token entry of an older version migrated");
    }
    Ok(outcome)
}

/// Keychain calls block (D-Bus, Win32): keep them off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, SetupError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(SetupError::Interrupted)
}
