#!/usr/bin/env bash
# Every test and gate, from a fresh machine: installs what is missing, then runs the UI checks,
# the Rust gates and all tests (unit, integration, keychain, end-to-end) under a desktop session.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s (%ss)\n' "$1" "$SECONDS"; }

step "system packages"
scripts/setup-system.sh
step "tools"
scripts/setup-tools.sh

step "UI: type check (svelte-check, strict TypeScript)"
(cd ui && npm run --silent check)
step "UI: unit tests (Vitest)"
(cd ui && npm run --silent test)
step "UI: build"
(cd ui && npm run --silent build)

step "Rust: cargo fmt --check"
cargo fmt --all -- --check
step "Rust: clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Windows: clippy, the domain crates' tests under Wine, the installer (scripts/windows/gate.sh)"
CONECTOR_WINDOWS_INSTALLER=$(scripts/windows/gate.sh)
export CONECTOR_WINDOWS_INSTALLER

# With the Windows installer's, signing's and conector.exe's tests (tests/windows_*.rs), on the
# executables and installer the gate just built.
step "Rust: all tests, with keychain, end-to-end (Xvfb, tauri-driver) and the Windows installer's"
scripts/with-desktop-session.sh cargo test --workspace --features conector-fidelidade/windows-build \
  --locked --no-fail-fast -- --include-ignored

# Issue #20: the installed .deb at N updates itself to a signed N+1 (two more .deb builds in
# their own target folder, root for dpkg); its own step, so the main target stays as it is.
step "Update end to end: installed .deb N to a signed N+1 (scripts/e2e-update.sh)"
scripts/e2e-update.sh

step "all gates passed"
