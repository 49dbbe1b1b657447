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

/// `snake_case` → `camelCase`, as tauri-specta names a command in the bindings.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The lists of commands kept by hand beside the registry (issue #22 item 9) agree with it both
/// ways: the capability grants exactly the registered commands (no grant left for a command
/// that is gone), and the UI's one door (`lib/backend/index.ts`) declares and calls each of
/// them, so a command is never registered and granted but out of the page's reach.
#[test]
fn the_capability_and_the_uis_backend_list_exactly_the_registered_commands() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let capability: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("src-tauri/capabilities/main.json")).unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    granted.sort();
    let mut registered: Vec<String> = conector_desktop::COMMAND_NAMES
        .iter()
        .map(|n| (*n).to_owned())
        .collect();
    registered.sort();
    assert_eq!(
        granted, registered,
        "capabilities/main.json grants (allow-*) and list.in differ"
    );

    let door = std::fs::read_to_string(root.join("ui/src/lib/backend/index.ts")).unwrap();
    let interface = door
        .split("export interface Backend {")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .expect("the Backend interface");
    let missing: Vec<&str> = conector_desktop::COMMAND_NAMES
        .iter()
        .copied()
        .filter(|name| {
            let method = camel(name);
            !interface.contains(&format!("\n  {method}("))
                || !door.contains(&format!("commands.{method}("))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "registered commands the UI's Backend does not declare and call: {missing:?}"
    );
}
