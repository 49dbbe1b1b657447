#!/usr/bin/env bash
# Light in the tray (issue #24): builds the release app, then measures it as the login item
# starts it (`--hidden`) under the test session (private D-Bus, Xvfb): PSS summed over its
# process tree in the tray, with the window open and after closing it; idle CPU in the tray;
# the time from "open" to a painted page (examples/bench_tray.rs). Figures go to stdout, with
# the commit, the date and the machine load to quote with them in docs/BENCHMARKS.md.
#   scripts/bench-tray.sh [idle seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
idle="${1:-60}"
if [ -z "${CONECTOR_IN_SESSION:-}" ]; then
  (cd ui && npm run build >/dev/null)
  cargo build --release --locked --bin conector-fidelidade
  cargo build --locked --example bench_tray
  changes=$(git diff --quiet HEAD && echo "" || echo " (with uncommitted changes)")
  echo "commit $(git rev-parse --short HEAD)$changes, $(date -u '+%Y-%m-%d %H:%M UTC')," \
    "$(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  scripts/with-desktop-session.sh "$0" "$@"
  echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
exec target/debug/examples/bench_tray "$PWD/target/release/conector-fidelidade" "$idle"
