//! The layers stay apart (docs/ARCHITECTURE.md):
//! - the domain crates stay usable without Tauri (tests, the command line, benchmarks);
//! - the shell holds only adapters (no SQL, settings keys or rule numbers);
//! - the shell and the command line depend on and name only `conector_app` and `conector_core`,
//!   and a domain crate never depends on another domain (issue #22), each with a test that feeds
//!   the check what it forbids.

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

// ---------------------------------------------------------------------------------------------
// Who may import whom (issue #22): read from `cargo metadata` (each crate's dependencies as
// Cargo resolves them) and from the source's paths, parsed with syn.

/// The workspace's building blocks: a format, a client, a store of secrets, a download policy,
/// sample data, the points ledger (the sync engine writes each page's orders and their entries
/// in one transaction). Any crate may use them; they combine nothing.
const BLOCKS: [&str; 7] = [
    "conector-core",
    "conector-samples",
    "conector-feed",
    "conector-simplo7",
    "conector-secrets",
    "conector-fetch",
    "conector-ledger",
];

/// The domains: each decides one area, and none of them imports another (combining two is the
/// application layer's work).
const DOMAINS: [&str; 6] = [
    "conector-catalog",
    "conector-sync",
    "conector-setup",
    "conector-health",
    "conector-demo",
    "conector-diagnostics",
];

/// What the desktop shell's and the command line's code may name: the application layer (which
/// re-exports the domain types the window needs) and the core.
const FRONT_DOORS: [&str; 2] = ["conector_app", "conector_core"];

/// The checkout the import checks read: this one, or `CONECTOR_ARCH_ROOT` (another commit's
/// tree, to count what the checks would have found there).
fn checked_root() -> std::path::PathBuf {
    std::env::var_os("CONECTOR_ARCH_ROOT")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}

/// Each workspace crate's shipped dependencies (normal and build, not dev) among the workspace's
/// crates, by name.
fn workspace_dependencies() -> HashMap<String, Vec<String>> {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(checked_root())
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success());
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata json");
    let packages = metadata["packages"].as_array().expect("packages");
    let members: HashSet<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|d| d["kind"].is_null() || d["kind"] == "build")
                .filter_map(|d| d["name"].as_str())
                .filter(|name| members.contains(name))
                .map(str::to_owned)
                .collect();
            (p["name"].as_str().unwrap_or_default().to_owned(), deps)
        })
        .collect()
}

/// The dependencies that break the rules, one line each.
fn dependency_violations(deps: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut found = Vec::new();
    for (krate, uses) in deps {
        for dep in uses {
            let dep = dep.as_str();
            let broken = match krate.as_str() {
                // The window: the application layer and the core; the `conector` binary it also
                // builds is the command line's.
                "conector-fidelidade" => {
                    !matches!(dep, "conector-app" | "conector-core" | "conector-cli")
                }
                "conector-cli" => !matches!(dep, "conector-app" | "conector-core"),
                "conector-app" | "conector-bench" => false,
                _ if DOMAINS.contains(&krate.as_str()) => !BLOCKS.contains(&dep),
                // A building block stands on the core and the formats it reads only.
                _ => !matches!(dep, "conector-core" | "conector-feed" | "conector-samples"),
            };
            if broken {
                found.push(format!("{krate} depends on {dep}"));
            }
        }
    }
    found.sort();
    found
}

/// The workspace crates `source` names outside its tests (`#[cfg(test)]` items are skipped:
/// tests may use dev-dependencies), other than `allowed`; one line per use.
fn import_violations(file: &str, source: &str, allowed: &[&str]) -> Vec<String> {
    struct Names<'a> {
        file: &'a str,
        allowed: &'a [&'a str],
        found: Vec<String>,
    }
    impl Names<'_> {
        fn check(&mut self, first: &syn::Ident) {
            let name = first.to_string();
            if name.starts_with("conector_") && !self.allowed.contains(&name.as_str()) {
                self.found.push(format!("{}: names {name}", self.file));
            }
        }
    }
    fn for_tests(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| {
            a.path().is_ident("test")
                || (a.path().is_ident("cfg")
                    && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
        })
    }
    impl<'ast> syn::visit::Visit<'ast> for Names<'_> {
        fn visit_item(&mut self, item: &'ast syn::Item) {
            let attrs = match item {
                syn::Item::Mod(m) => &m.attrs,
                syn::Item::Fn(f) => &f.attrs,
                syn::Item::Use(u) => &u.attrs,
                syn::Item::Impl(i) => &i.attrs,
                _ => return syn::visit::visit_item(self, item),
            };
            if !for_tests(attrs) {
                syn::visit::visit_item(self, item);
            }
        }
        fn visit_use_tree(&mut self, tree: &'ast syn::UseTree) {
            match tree {
                syn::UseTree::Path(p) => self.check(&p.ident),
                syn::UseTree::Name(n) => self.check(&n.ident),
                syn::UseTree::Rename(r) => self.check(&r.ident),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.visit_use_tree(t)),
                syn::UseTree::Glob(_) => {}
            }
        }
        fn visit_path(&mut self, path: &'ast syn::Path) {
            if let Some(first) = path.segments.first() {
                self.check(&first.ident);
            }
            syn::visit::visit_path(self, path);
        }
    }
    let parsed = syn::parse_file(source).unwrap_or_else(|e| panic!("{file} parses: {e}"));
    let mut names = Names {
        file,
        allowed,
        found: Vec::new(),
    };
    syn::visit::Visit::visit_file(&mut names, &parsed);
    names.found
}

/// The `.rs` files directly in `dir` and in its `commands/` folder, if any.
fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in [dir.to_path_buf(), dir.join("commands")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn each_crate_depends_only_on_what_its_layer_may_use() {
    let deps = workspace_dependencies();
    assert!(
        deps.len() >= 10,
        "the workspace's crates were read: {deps:?}"
    );
    let found = dependency_violations(&deps);
    assert!(
        found.is_empty(),
        "the shell and the command line depend only on conector-app and conector-core (the \
         domain crates go to [dev-dependencies] where tests need them), and a domain never on \
         another domain:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_shell_and_the_command_line_name_only_the_application_layer() {
    let root = checked_root();
    let manifest = root.as_path();
    let mut found = Vec::new();
    let mut checked = 0;
    // The shell's binary names the shell's own library, `conector_desktop`.
    let shell: Vec<&str> = FRONT_DOORS
        .iter()
        .copied()
        .chain(["conector_desktop"])
        .collect();
    for (dir, allowed) in [
        (manifest.join("src-tauri"), &shell[..]),
        (manifest.join("src-tauri/crates/cli/src"), &FRONT_DOORS[..]),
    ] {
        for path in rust_files(&dir) {
            let source = std::fs::read_to_string(&path).unwrap();
            let name = path.strip_prefix(manifest).unwrap().display().to_string();
            found.extend(import_violations(&name, &source, allowed));
            checked += 1;
        }
    }
    assert!(checked >= 20, "the shell's and the CLI's files were found");
    assert!(
        found.is_empty(),
        "the shell and the command line know only the application layer (conector_app \
         re-exports what they need):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_import_checks_catch_what_they_forbid() {
    // The shell and the CLI, as issue #22 found them: domain types named straight.
    let shell = r#"
        use conector_setup::{FormView, ActivationView};
        use conector_secrets::Keychain;
        pub fn lang() -> conector_cli::lang::Lang { todo!() }
        pub fn view(state: State<'_, App>) -> Result<conector_app::form::View, ErrorPayload> {
            let k = conector_core::Secret::new("x");
            todo!()
        }
        #[cfg(test)]
        mod tests {
            use conector_health::Report;
        }
    "#;
    let found = import_violations("bad.rs", shell, &FRONT_DOORS);
    for name in ["conector_setup", "conector_secrets", "conector_cli"] {
        assert!(
            found.iter().any(|f| f.ends_with(name)),
            "{name} not caught: {found:?}"
        );
    }
    assert_eq!(found.len(), 3, "tests and the front doors pass: {found:?}");

    // The dependencies issue #22 measured: the shell on domain crates, setup on catalog, sync
    // and ledger, health on setup, the CLI on the sync engine.
    let deps: HashMap<String, Vec<String>> = [
        (
            "conector-fidelidade",
            vec!["conector-app", "conector-setup"],
        ),
        ("conector-cli", vec!["conector-app", "conector-sync"]),
        (
            "conector-setup",
            vec!["conector-core", "conector-catalog", "conector-sync"],
        ),
        ("conector-health", vec!["conector-fetch", "conector-setup"]),
        ("conector-feed", vec!["conector-core", "conector-simplo7"]),
        ("conector-app", vec!["conector-setup", "conector-health"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(
        dependency_violations(&deps),
        [
            "conector-cli depends on conector-sync",
            "conector-feed depends on conector-simplo7",
            "conector-fidelidade depends on conector-setup",
            "conector-health depends on conector-setup",
            "conector-setup depends on conector-catalog",
            "conector-setup depends on conector-sync",
        ]
    );
}
