//! The keychain on Windows: Credential Manager, with *local* persistence.
//!
//! keyring 3 writes every Windows credential with `CRED_PERSIST_ENTERPRISE` (hard-coded), which
//! roams with a domain profile to every computer the owner signs in to; the token must stay on
//! this one (SPEC §7c). `windows-native-keyring-store` lets the persistence be chosen. Its
//! target name is `{account}.{service}`, as keyring 3's was, so an entry an earlier build wrote
//! is found, and is written again with local persistence the first time it is read.

use std::collections::HashMap;

use keyring_core::api::CredentialStoreApi;
use keyring_core::{Entry, Error};
use windows_native_keyring_store::{CredPersist, Store};

use super::SecretsError;

/// An entry of the Credential Manager whose writes are local to this computer.
fn entry(service: &str, account: &str) -> Result<Entry, SecretsError> {
    let local = CredPersist::Local.to_string();
    Store::new()
        .and_then(|store| {
            store.build(
                service,
                account,
                Some(&HashMap::from([("persistence", local.as_str())])),
            )
        })
        .map_err(map_error)
}

pub(super) fn set(service: &str, account: &str, value: &str) -> Result<(), SecretsError> {
    entry(service, account)?
        .set_password(value)
        .map_err(map_error)
}

pub(super) fn get(service: &str, account: &str) -> Result<Option<String>, SecretsError> {
    let entry = entry(service, account)?;
    let value = match entry.get_password() {
        Ok(value) => value,
        Err(Error::NoEntry) => return Ok(None),
        Err(e) => return Err(map_error(e)),
    };
    // Written by an earlier build with roaming (enterprise) persistence: keep it on this
    // computer from now on. Rewriting the same target replaces the credential.
    let persistence = entry
        .get_attributes()
        .map_err(map_error)?
        .remove("persistence");
    if persistence.as_deref() != Some(CredPersist::Local.to_string().as_str()) {
        entry.set_password(&value).map_err(map_error)?;
        tracing::info!("keychain entry moved to local persistence");
    }
    Ok(Some(value))
}

pub(super) fn delete(service: &str, account: &str) -> Result<bool, SecretsError> {
    match entry(service, account)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(Error::NoEntry) => Ok(false),
        Err(e) => Err(map_error(e)),
    }
}

/// Never formats `BadEncoding`'s or `BadDataFormat`'s payload: those bytes are the secret.
fn map_error(e: Error) -> SecretsError {
    tracing::warn!(kind = kind(&e), "keychain call failed");
    match e {
        Error::NoStorageAccess(inner) | Error::PlatformFailure(inner) => {
            SecretsError::Unavailable { cause: Some(inner) }
        }
        Error::BadEncoding(_) | Error::BadDataFormat(..) => SecretsError::Corrupt,
        other => SecretsError::Failed { kind: kind(&other) },
    }
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::NoStorageAccess(_) => "no_storage_access",
        Error::PlatformFailure(_) => "platform_failure",
        Error::BadEncoding(_) => "bad_encoding",
        Error::BadDataFormat(..) => "bad_data_format",
        Error::NoEntry => "no_entry",
        Error::TooLong(..) => "too_long",
        Error::Invalid(..) => "invalid",
        Error::Ambiguous(_) => "ambiguous",
        _ => "other",
    }
}
