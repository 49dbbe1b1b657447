//! One version number: what Sobre shows and `conector` prints (the workspace's, through
//! `conector_app::update::current_version`) is what the updater compares (`tauri.conf.json`'s,
//! the app's package info) and what the `.deb` is named after. Bumping one alone fails here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn sobre_and_the_updater_read_the_same_version() {
    let conf: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
    let updater_compares = conf["version"]
        .as_str()
        .expect("tauri.conf.json has a version");
    assert_eq!(
        conector_app::update::current_version(),
        updater_compares,
        "bump [workspace.package] version in Cargo.toml and \"version\" in tauri.conf.json together"
    );
    assert_eq!(env!("CARGO_PKG_VERSION"), updater_compares);
}
