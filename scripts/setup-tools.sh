#!/usr/bin/env bash
# Installs the project's tools that do not come from apt, only when missing: the UI's npm
# packages and, for the tests (`test`, the default; `run` leaves it out), tauri-driver, the
# WebDriver bridge of the end-to-end tests.
#   scripts/setup-tools.sh [run|test]
set -euo pipefail
profile=${1:-test}
case "$profile" in
  run | test) ;;
  *)
    echo "setup-tools: uso: scripts/setup-tools.sh [run|test]" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "setup-tools: '$1' não encontrado. $2" >&2
    exit 1
  }
}
need cargo "Instale o Rust (https://rustup.rs) e rode de novo."
need node "Instale o Node.js 20.19 ou mais novo e rode de novo."
need npm "Instale o npm e rode de novo."

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
if [ "$node_ok" != 1 ]; then
  echo "setup-tools: Node.js $(node --version) é antigo demais; o Vite precisa de 20.19 ou mais novo." >&2
  exit 1
fi

# npm packages: reinstall when the lock file changed since the last install.
stamp=ui/node_modules/.installed-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "setup-tools: installing UI packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi

# The Windows gate cross-compiles for x86_64-pc-windows-gnu (scripts/windows/gate.sh).
if [ "$profile" = test ] && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  echo "setup-tools: adding the x86_64-pc-windows-gnu target"
  rustup target add x86_64-pc-windows-gnu
fi

# tauri-driver: major 2 only (crates.io's newest is a 3.0 alpha). Only the tests use it.
if [ "$profile" = test ] && ! tauri-driver --help >/dev/null 2>&1; then
  echo "setup-tools: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi
