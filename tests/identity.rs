//! One desktop identity everywhere (issue #16): the Tauri identifier, the data folder the
//! command line reads, and the keychain service are the same, and it is not a name macOS
//! would take for an application bundle.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn the_identifier_is_one_and_not_an_app_bundle_name() {
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let identifier = config["identifier"].as_str().unwrap();
    assert_eq!(identifier, "br.com.conectorfidelidade.conector");
    assert!(!identifier.ends_with(".app"));
    assert_eq!(identifier, conector_app::context::APP_IDENTIFIER);
    assert_eq!(identifier, conector_secrets::SERVICE);
    assert_ne!(identifier, conector_app::identity::OLD_IDENTIFIER);
}
