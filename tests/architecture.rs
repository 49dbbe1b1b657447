//! The domain crates must stay usable without Tauri (tests, the command line, benchmarks).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;

#[test]
fn no_domain_crate_depends_on_tauri_even_transitively() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata json");

    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let deps: HashMap<&str, Vec<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .filter_map(|n| {
            let id = n["id"].as_str()?;
            let ds = n["deps"]
                .as_array()?
                .iter()
                // Only what ships: dev-dependencies (tests) may use anything.
                .filter(|d| {
                    d["dep_kinds"].as_array().is_some_and(|kinds| {
                        kinds
                            .iter()
                            .any(|k| k["kind"].is_null() || k["kind"] == "build")
                    })
                })
                .filter_map(|d| d["pkg"].as_str())
                .collect();
            Some((id, ds))
        })
        .collect();

    let domain: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(Value::as_str)
        .filter(|id| names.get(id).is_some_and(|n| *n != "conector-fidelidade"))
        .collect();
    assert!(domain.len() >= 2, "the workspace has domain crates");

    for root in domain {
        let mut seen = HashSet::new();
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let name = names.get(id).copied().unwrap_or_default();
            assert!(
                !name.starts_with("tauri") && name != "wry" && name != "tao",
                "{} depends on {name}: the domain core must not know Tauri",
                names[root]
            );
            stack.extend(deps.get(id).into_iter().flatten());
        }
    }
}
