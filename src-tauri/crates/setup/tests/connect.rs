//! Steps 1–4 against the demo store over 127.0.0.1, with a real SQLite file and the real
//! keychain (Secret Service in `make test`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::{db, CodedError, Secret};
use conector_demo::{DemoConfig, DemoStore};
use conector_secrets::{Keychain, StoreAccount};
use conector_setup::{
    connect, migrate_legacy_token, record, unbind_previous, ConnectionInfo, LegacyToken,
    StoreProfile,
};

/// Step 1's fact: a store whose address resolves is saved.
fn store_saved(conn: &rusqlite::Connection) -> bool {
    StoreProfile::load(conn)
        .unwrap()
        .is_some_and(|p| p.address().is_ok())
}

/// Step 4's fact: a connection test of the saved store is remembered.
fn token_tested(conn: &rusqlite::Connection) -> bool {
    ConnectionInfo::load(conn).unwrap().is_some()
}

fn test_keychain(name: &str) -> Keychain {
    Keychain::with_service(format!(
        "br.com.conectorfidelidade.test.{name}.{}",
        std::process::id()
    ))
}

#[tokio::test]
#[ignore = "needs a Secret Service session: run `make test`"]
async fn wrong_token_stores_nothing_right_token_goes_to_the_keychain_only() {
    let demo = DemoStore::start(DemoConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("app.sqlite3");
    let conn = db::open(&db_path).unwrap();
    let keychain = test_keychain("connect");

    assert!(!store_saved(&conn));
    let profile = StoreProfile::save(&conn, "900000001", Some(&demo.base_url()), true).unwrap();
    assert!(store_saved(&conn));
    assert!(!token_tested(&conn));

    let wrong = connect(&profile, &keychain, Some(Secret::new("not-the-token-1234")))
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "store.token_rejected");
    assert!(!wrong.to_string().contains("not-the-token"));
    assert!(
        keychain.load(&profile.account()).unwrap().is_none(),
        "a rejected token is not kept"
    );

    let outcome = connect(&profile, &keychain, Some(Secret::new(demo.token())))
        .await
        .unwrap();
    assert!(
        outcome.connection.statuses.len() >= 5,
        "the demo store's statuses are listed"
    );
    assert!(outcome.token_mask.starts_with("••••••••"));
    assert!(!outcome.token_mask.contains(&demo.token()[..8]));
    record(&conn, &outcome.connection).unwrap();
    assert!(token_tested(&conn));
    assert_eq!(
        keychain
            .load(&profile.account())
            .unwrap()
            .map(|t| t.expose().to_owned()),
        Some(demo.token().to_owned())
    );

    // Testing again without pasting uses the stored token.
    let again = connect(&profile, &keychain, None).await.unwrap();
    assert!(again.replaced);

    // Nothing of the token reached the database file (WAL included).
    drop(conn);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let needle = demo.token().as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "token found in the database"
        );
    }

    conector_setup::disconnect(&profile, &keychain)
        .await
        .unwrap();
    assert!(keychain.load(&profile.account()).unwrap().is_none());
    demo.shutdown().await;
}

#[tokio::test]
async fn a_new_store_forgets_the_old_connection_test() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    StoreProfile::save(&conn, "123", None, false).unwrap();
    record(
        &conn,
        &conector_setup::ConnectionInfo {
            tested_at: "2026-11-28T10:00:00Z".into(),
            api_base: "https://123.simplo7.net/ws/".into(),
            statuses: vec![],
        },
    )
    .unwrap();
    assert!(token_tested(&conn));
    StoreProfile::save(&conn, "123", None, false).unwrap();
    assert!(token_tested(&conn), "same store keeps the test");
    StoreProfile::save(&conn, "456", None, false).unwrap();
    assert!(!token_tested(&conn), "another store must be tested again");
}

#[tokio::test]
async fn store_id_with_letters_is_refused_and_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    let err = StoreProfile::save(&conn, "12a", None, false).unwrap_err();
    assert_eq!(err.code(), "store.store_id_letters");
    assert!(StoreProfile::load(&conn).unwrap().is_none());
    let err = StoreProfile::save(&conn, "123", Some("http://minhaloja.com.br"), false).unwrap_err();
    assert_eq!(err.code(), "store.insecure_address");
}

/// Issue #13: the token is bound to the API host it was tested against. `localhost` and
/// `127.0.0.1` are two names of the same demo store here: two hosts as far as the token goes.
#[tokio::test]
#[ignore = "needs a Secret Service session: run make test"]
async fn a_changed_host_asks_for_the_token_again_and_never_sends_the_old_one() {
    let demo = DemoStore::start(DemoConfig {
        feed_items: 0,
        ..DemoConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    let keychain = test_keychain("rebind");
    let first = StoreProfile::save(&conn, "900000001", Some(&demo.base_url()), false).unwrap();
    let outcome = connect(&first, &keychain, Some(Secret::new(demo.token())))
        .await
        .unwrap();
    record(&conn, &outcome.connection).unwrap();
    assert_eq!(
        first.account().as_str(),
        "simplo7:900000001@127.0.0.1",
        "the entry names the host (on this computer, the demo store's: not its port)"
    );

    // A textual change that keeps the host keeps the token and the test.
    let port = demo.addr().port();
    let same = StoreProfile::save(
        &conn,
        "900000001",
        Some(&format!("http://127.0.0.1:{port}")),
        false,
    )
    .unwrap();
    assert!(!unbind_previous(Some(&first), &same, &keychain)
        .await
        .unwrap());
    assert!(token_tested(&conn));
    assert!(keychain.load(&same.account()).unwrap().is_some());

    // Another host: the old entry goes, the test is forgotten, and "Testar conexão" with an
    // empty field asks for the token instead of sending the old one.
    let moved = StoreProfile::save(
        &conn,
        "900000001",
        Some(&format!("http://localhost:{port}/ws/")),
        false,
    )
    .unwrap();
    assert!(unbind_previous(Some(&same), &moved, &keychain)
        .await
        .unwrap());
    assert!(keychain.load(&first.account()).unwrap().is_none());
    assert!(!token_tested(&conn));
    let asked_before = demo.requests().len();
    let e = connect(&moved, &keychain, None).await.unwrap_err();
    assert_eq!(e.code(), "setup.no_token");
    assert_eq!(
        demo.requests().len(),
        asked_before,
        "nothing was sent to the new host"
    );

    // Pasted again, it is tested against the new host and bound to it.
    let outcome = connect(&moved, &keychain, Some(Secret::new(demo.token())))
        .await
        .unwrap();
    assert!(!outcome.replaced);
    assert_eq!(
        keychain
            .load(&moved.account())
            .unwrap()
            .map(|t| t.expose().to_owned()),
        Some(demo.token().to_owned())
    );
    assert!(demo.requests().last().unwrap().had_app_key);
    conector_setup::disconnect(&moved, &keychain).await.unwrap();
    demo.shutdown().await;
}

#[tokio::test]
#[ignore = "needs a Secret Service session: run make test"]
async fn a_token_keyed_by_store_id_only_is_bound_to_its_tested_host_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    let keychain = test_keychain("legacy");
    let legacy = StoreAccount::legacy("123456");
    let token = Secret::new("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::None,
        "no profile, nothing to do"
    );

    // Tested against the store's current host: moved to the bound entry.
    let profile = StoreProfile::save(&conn, "123456", None, false).unwrap();
    keychain.save(&legacy, &token).unwrap();
    record(&conn, &tested_at("https://123456.simplo7.net/ws/")).unwrap();
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::Bound
    );
    assert_eq!(keychain.load(&legacy).unwrap(), None);
    assert_eq!(
        keychain.load(&profile.account()).unwrap(),
        Some(token.clone())
    );
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::None,
        "once"
    );
    keychain.delete(&profile.account()).unwrap();

    // Last tested against another host (the domain changed since): deleted, never bound.
    let moved = StoreProfile::save(&conn, "123456", Some("www.minhaloja.com.br"), false).unwrap();
    keychain.save(&legacy, &token).unwrap();
    record(&conn, &tested_at("https://123456.simplo7.net/ws/")).unwrap();
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::Deleted
    );
    assert_eq!(keychain.load(&legacy).unwrap(), None);
    assert_eq!(keychain.load(&moved.account()).unwrap(), None);

    // No record of a test at all: deleted too.
    conector_setup::forget(&conn).unwrap();
    keychain.save(&legacy, &token).unwrap();
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::Deleted
    );
    assert_eq!(keychain.load(&moved.account()).unwrap(), None);
}

fn tested_at(api_base: &str) -> conector_setup::ConnectionInfo {
    conector_setup::ConnectionInfo {
        tested_at: "2026-11-28T10:00:00Z".into(),
        api_base: api_base.into(),
        statuses: vec![],
    }
}

/// Issue #23: the token is bound to the API's scheme, host and port; only the demo store, on
/// this computer at a new port each launch, keeps its test across ports.
#[tokio::test]
async fn a_changed_port_asks_for_a_new_test_except_for_the_demo_store() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    StoreProfile::save(&conn, "123", Some("https://minhaloja.com.br/ws/"), false).unwrap();
    record(&conn, &tested_at("https://minhaloja.com.br/ws/")).unwrap();
    StoreProfile::save(
        &conn,
        "123",
        Some("https://minhaloja.com.br:443/ws/"),
        false,
    )
    .unwrap();
    assert!(token_tested(&conn), "the same port, written out");
    let moved = StoreProfile::save(
        &conn,
        "123",
        Some("https://minhaloja.com.br:8443/ws/"),
        false,
    )
    .unwrap();
    assert!(!token_tested(&conn), "another port must be tested again");
    assert_ne!(
        moved.account(),
        StoreProfile::save(&conn, "123", Some("https://minhaloja.com.br/ws/"), false)
            .unwrap()
            .account(),
        "and its token is another keychain entry"
    );

    let demo =
        StoreProfile::save(&conn, "900000001", Some("http://127.0.0.1:40001/ws/"), true).unwrap();
    record(&conn, &tested_at("http://127.0.0.1:40001/ws/")).unwrap();
    let relaunched =
        StoreProfile::save(&conn, "900000001", Some("http://127.0.0.1:40002/ws/"), true).unwrap();
    assert!(
        token_tested(&conn),
        "the demo store moves port at each launch"
    );
    assert_eq!(demo.account(), relaunched.account());
}

/// Issue #23's migration: a token an earlier version kept under the API host alone moves to the
/// entry bound to the origin it was tested against — no owner loses a saved token — or, when
/// the saved test was against another port, is deleted and asked for again.
#[tokio::test]
#[ignore = "needs a Secret Service session: run make test"]
async fn a_host_bound_token_moves_to_its_tested_origin_or_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    let keychain = test_keychain("host-bound");
    let token = Secret::new("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");

    let profile = StoreProfile::save(&conn, "123456", None, false).unwrap();
    let host_bound = StoreAccount::host_bound(Some("123456"), "https://123456.simplo7.net/ws/");
    assert_eq!(host_bound.as_str(), "simplo7:123456@123456.simplo7.net");
    keychain.save(&host_bound, &token).unwrap();
    record(&conn, &tested_at("https://123456.simplo7.net/ws/")).unwrap();
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::Bound
    );
    assert_eq!(keychain.load(&host_bound).unwrap(), None);
    assert_eq!(
        keychain.load(&profile.account()).unwrap(),
        Some(token.clone()),
        "the saved token is kept, under its origin"
    );
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::None,
        "once"
    );
    keychain.delete(&profile.account()).unwrap();

    // Tested on another port than the store's address now says: deleted, never bound.
    let moved = StoreProfile::save(
        &conn,
        "123456",
        Some("https://loja.example.com.br:8443/ws/"),
        false,
    )
    .unwrap();
    record(&conn, &tested_at("https://loja.example.com.br/ws/")).unwrap();
    let host_bound = moved.host_bound_account();
    keychain.save(&host_bound, &token).unwrap();
    assert_eq!(
        migrate_legacy_token(&conn, &keychain).unwrap(),
        LegacyToken::Deleted
    );
    assert_eq!(keychain.load(&host_bound).unwrap(), None);
    assert_eq!(keychain.load(&moved.account()).unwrap(), None);
}

#[tokio::test]
async fn the_connection_test_survives_a_rewording_of_the_same_host_only() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("app.sqlite3")).unwrap();
    StoreProfile::save(&conn, "123", Some("minhaloja.com.br"), false).unwrap();
    record(&conn, &tested_at("https://minhaloja.com.br/ws/")).unwrap();
    StoreProfile::save(&conn, "123", Some("https://minhaloja.com.br/ws"), false).unwrap();
    assert!(token_tested(&conn));
    StoreProfile::save(&conn, "123", Some("www.minhaloja.com.br"), false).unwrap();
    assert!(!token_tested(&conn), "another host must be tested again");
}
