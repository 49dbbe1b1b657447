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

step "Windows: clippy and the domain crates' tests under Wine (scripts/windows/gate.sh)"
scripts/windows/gate.sh

step "Rust: all tests, with keychain and end-to-end (Xvfb, tauri-driver)"
scripts/with-desktop-session.sh cargo test --workspace --locked --no-fail-fast -- --include-ignored

step "all gates passed"
