//! Steps 1–4 against the demo store over 127.0.0.1, with a real SQLite file and the real
//! keychain (Secret Service in `make test`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conector_core::wizard::StepId;
use conector_core::{db, CodedError, Secret};
use conector_demo::{DemoConfig, DemoStore};
use conector_secrets::Keychain;
use conector_setup::{connect, record, step_is_valid, StoreProfile};

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

    assert!(!step_is_valid(&conn, StepId::StoreId).unwrap());
    let profile = StoreProfile::save(&conn, "900000001", Some(&demo.base_url()), true).unwrap();
    assert!(step_is_valid(&conn, StepId::StoreId).unwrap());
    assert!(!step_is_valid(&conn, StepId::Token).unwrap());

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
    assert!(step_is_valid(&conn, StepId::Token).unwrap());
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
    assert!(step_is_valid(&conn, StepId::Token).unwrap());
    StoreProfile::save(&conn, "123", None, false).unwrap();
    assert!(
        step_is_valid(&conn, StepId::Token).unwrap(),
        "same store keeps the test"
    );
    StoreProfile::save(&conn, "456", None, false).unwrap();
    assert!(
        !step_is_valid(&conn, StepId::Token).unwrap(),
        "another store must be tested again"
    );
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
