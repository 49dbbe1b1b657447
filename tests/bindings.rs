//! The committed TypeScript bindings must be exactly what the Rust types generate today.
//! Regenerate with `make bindings` (UPDATE_BINDINGS=1).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/backend/bindings.ts")
}

#[test]
fn bindings_are_up_to_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fresh = dir.path().join("bindings.ts");
    conector_desktop::export_bindings(&fresh).expect("export bindings");
    let generated = std::fs::read_to_string(&fresh).expect("read generated bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(committed(), &generated).expect("write bindings");
        return;
    }
    let on_disk = std::fs::read_to_string(committed()).unwrap_or_default();
    assert!(
        on_disk == generated,
        "ui/src/lib/backend/bindings.ts is out of date with the Rust types: run `make bindings` and commit it"
    );
}

#[test]
fn every_command_is_granted_and_generated() {
    let bindings = std::fs::read_to_string(committed()).expect("bindings exist");
    let capability = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/main.json"),
    )
    .expect("capability file");
    for name in conector_desktop::COMMAND_NAMES {
        assert!(
            bindings.contains(&format!("(\"{name}\"")),
            "command {name} is in list.in but not registered in bindings_builder"
        );
        let permission = format!("\"allow-{}\"", name.replace('_', "-"));
        assert!(
            capability.contains(&permission),
            "command {name} is not granted in capabilities/main.json ({permission})"
        );
    }
    let registered =
        bindings.matches("__TAURI_INVOKE(").count() + bindings.matches("__TAURI_INVOKE<").count();
    assert_eq!(
        registered,
        conector_desktop::COMMAND_NAMES.len(),
        "a command is registered but missing from src-tauri/commands/list.in"
    );
}
