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

/// Whether a string literal in `upper` begins with the SQL keyword `keyword` as a whole word
/// (`"UPDATE` then a line end or a space; not `"updater"`, the updater plugin's name).
fn starts_a_string(upper: &str, keyword: &str) -> bool {
    let quoted = format!("\"{keyword}");
    upper.match_indices(&quoted).any(|(at, _)| {
        upper[at + quoted.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
    })
}

/// What the desktop shell may not hold: it adapts the application layer to Tauri, nothing more.
/// Returns one line per violation (`file: what`).
fn shell_violations(file: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Tests inside a shell file may build whatever they need.
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    for (n, line) in code.lines().enumerate() {
        let at = format!("{file}:{}", n + 1);
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        let upper = line.to_ascii_uppercase();
        for sql in [
            "SELECT ",
            "INSERT INTO",
            "UPDATE ",
            "DELETE FROM",
            "CREATE TABLE",
        ] {
            if upper.contains(&format!("\"{sql}")) || starts_a_string(&upper, sql.trim()) {
                found.push(format!("{at}: SQL ({sql})"));
            }
        }
        if line.contains("rusqlite") {
            found.push(format!("{at}: talks to SQLite (rusqlite)"));
        }
        if line.contains("settings::get")
            || line.contains("settings::set")
            || line.contains("core::settings")
        {
            found.push(format!("{at}: reads or writes a settings key"));
        }
        // A rule constant: `const NAME: <number type> = <literal>`.
        if let Some(rest) = trimmed
            .strip_prefix("pub const ")
            .or_else(|| trimmed.strip_prefix("pub(crate) const "))
            .or_else(|| trimmed.strip_prefix("const "))
        {
            let numeric = [
                "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "f64", "Duration",
            ]
            .iter()
            .any(|t| rest.contains(&format!(": {t} =")));
            if numeric {
                found.push(format!(
                    "{at}: rule constant ({})",
                    rest.trim_end_matches(';')
                ));
            }
        }
    }
    found
}

#[test]
fn the_shell_holds_only_adapters() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("commands")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 10, "the shell's files were found: {files:?}");
    let mut violations = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        violations.extend(shell_violations(&name, &source));
    }
    assert!(
        violations.is_empty(),
        "the shell must only adapt the application layer (conector-app) to Tauri; move these \
         there:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_shell_check_catches_what_it_forbids() {
    let bad = r#"
        const MIN_FINAL_STATUSES: usize = 2;
        pub fn count(conn: &rusqlite::Connection) {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0)).unwrap();
            conector_core::settings::set(conn, "sync.since", "2026-01-01").unwrap();
            conn.execute("UPDATE
                settings SET value = 'x'", []).unwrap();
        }
    "#;
    let found = shell_violations("bad.rs", bad);
    let kinds = [
        "rule constant",
        "SQLite",
        "SQL (SELECT",
        "SQL (UPDATE",
        "settings key",
    ];
    for kind in kinds {
        assert!(
            found.iter().any(|f| f.contains(kind)),
            "{kind} not caught: {found:?}"
        );
    }
    // An adapter passes.
    let good = r#"
        #[tauri::command]
        pub fn wizard_next(state: State<'_, AppState>) -> Result<WizardView, ErrorPayload> {
            conector_app::wizard::next(&state.ctx).map_err(to_payload)
        }
        context.config_mut().plugins.0.insert("updater".to_owned(), config);
    "#;
    assert!(shell_violations("good.rs", good).is_empty());
}
