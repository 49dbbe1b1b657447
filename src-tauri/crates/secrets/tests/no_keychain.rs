//! Without a keychain the crate refuses to store the token anywhere. Its own test binary:
//! it points the session bus at nothing, which must not affect other tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(target_os = "linux")]
#[test]
fn without_a_secret_service_saving_fails_with_unavailable() {
    use conector_core::{CodedError, Secret};
    use conector_secrets::{Keychain, StoreAccount};

    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/conector-test-bus",
    );
    let keychain = Keychain::with_service("br.com.conectorfidelidade.test.nobus");
    let account = StoreAccount::for_store(Some("42"), "https://42.simplo7.net/ws/");
    let e = keychain
        .save(&account, &Secret::new("a-token-with-nowhere-to-go"))
        .unwrap_err();
    assert_eq!(e.code(), "secrets.unavailable", "{e}");
    assert!(!e.to_string().contains("a-token-with-nowhere-to-go"));
    assert_eq!(
        keychain.load(&account).unwrap_err().code(),
        "secrets.unavailable"
    );
}
