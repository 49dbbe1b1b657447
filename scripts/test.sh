#!/usr/bin/env bash
# Every test and gate, from a fresh machine: installs what is missing, then runs the UI checks,
# the Rust gates and all tests (unit, integration, keychain, end-to-end) under a desktop session.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
# No incremental compilation: it buys nothing on CI's clean clone and its caches add gigabytes to
# a build the disk must hold twice (Linux and Windows targets).
export CARGO_INCREMENTAL=0
target_dir=${CARGO_TARGET_DIR:-target}

# Free space where the build goes, in GiB.
free_gib() {
  local dir=$target_dir
  [ -d "$dir" ] || dir=.
  df -Pk "$dir" | awk 'NR == 2 { print int($4 / 1048576) }'
}
step() { printf '\n==> %s (%ss, %s GiB free)\n' "$1" "$SECONDS" "$(free_gib)"; }

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

# The Linux tests below need from the Windows build only the installer (and the executables it
# holds). On a clean clone (2026-12-07) the whole target/ peaked at 11.3 GB: clippy 1.5, the
# Windows gate 4.2, the Linux tests 5.0; the update's two .deb builds add a few more. When less
# than that is left, the Windows build's intermediate files go (the next run rebuilds them)
# rather than the run failing for want of disk, as one CI run did with incremental caches on.
need_gib=10
if [ "$(free_gib)" -lt "$need_gib" ]; then
  printf '==> less than %s GiB free: removing the Windows build'"'"'s intermediate files\n' "$need_gib"
  rm -rf "$target_dir/x86_64-pc-windows-gnu/debug/deps" "$target_dir/x86_64-pc-windows-gnu/debug/build" \
    "$target_dir/x86_64-pc-windows-gnu/debug/incremental" "$target_dir/x86_64-pc-windows-gnu/debug/.fingerprint"
fi

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
