fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(conector_commands()));
    if let Err(e) = tauri_build::try_build(attributes) {
        // Build scripts report through cargo's protocol; a panic is how a build script fails.
        panic!("tauri build failed: {e:#}");
    }
}

/// Every app command, so each needs an explicit grant in a capability file.
/// Keep in sync with `src-tauri/commands/mod.rs` (a test checks the two lists match).
fn conector_commands() -> &'static [&'static str] {
    &include!("src-tauri/commands/list.in")
}
