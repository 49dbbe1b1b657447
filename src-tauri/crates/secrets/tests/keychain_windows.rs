//! On Windows the token's Credential Manager entry stays on this computer: local persistence,
//! never the roaming (enterprise) kind that follows a domain profile to other machines; and an
//! entry an earlier build wrote as roaming becomes local the first time it is read. Windows
//! only (the other systems have no persistence kinds); the Windows gate runs it under Wine
//! (scripts/windows/gate.sh), whose Credential Manager keeps the persistence it is given.

#![cfg(target_os = "windows")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use conector_core::Secret;
use conector_secrets::{Keychain, StoreAccount};
use keyring_core::api::CredentialStoreApi;
use windows_native_keyring_store::Store;

fn service(name: &str) -> String {
    format!(
        "br.com.conectorfidelidade.test.{name}.{}",
        std::process::id()
    )
}

/// The persistence Credential Manager holds for the entry, read straight from it.
fn persistence(service: &str, account: &StoreAccount) -> String {
    let entry = Store::new()
        .unwrap()
        .build(service, account.as_str(), None)
        .unwrap();
    entry.get_attributes().unwrap()["persistence"].clone()
}

#[test]
fn a_saved_token_is_local_to_this_computer() {
    let service = service("local");
    let keychain = Keychain::with_service(&service);
    let account = StoreAccount::for_store(Some("4321"), "https://4321.simplo7.net/ws/");
    keychain
        .save(&account, &Secret::new("tok-local-0000-3f9a"))
        .unwrap();
    assert_eq!(persistence(&service, &account), "Local");
    assert_eq!(
        keychain.load(&account).unwrap(),
        Some(Secret::new("tok-local-0000-3f9a"))
    );
    assert!(keychain.delete(&account).unwrap());
    assert_eq!(keychain.load(&account).unwrap(), None);
}

#[test]
fn an_earlier_builds_roaming_entry_is_read_and_made_local() {
    let service = service("roaming");
    let account = StoreAccount::for_store(Some("8765"), "https://8765.simplo7.net/ws/");
    // What keyring 3 wrote: the same target name, enterprise persistence.
    Store::new()
        .unwrap()
        .build(
            &service,
            account.as_str(),
            Some(&HashMap::from([("persistence", "Enterprise")])),
        )
        .unwrap()
        .set_password("tok-roaming-1111-77e1")
        .unwrap();
    assert_eq!(persistence(&service, &account), "Enterprise");

    let keychain = Keychain::with_service(&service);
    assert_eq!(
        keychain.load(&account).unwrap(),
        Some(Secret::new("tok-roaming-1111-77e1")),
        "the earlier build's token is found"
    );
    assert_eq!(persistence(&service, &account), "Local");
    assert!(keychain.delete(&account).unwrap());
}
