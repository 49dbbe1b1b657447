#!/usr/bin/env sh
# Benchmarks of the product feed reader and catalogue (SPEC §9), in release mode.
# Writes its section of docs/BENCHMARKS.md. Arguments go to conector-bench, e.g.
#   scripts/bench.sh --sizes 10000,100000 --no-lxml --no-hostile
# The machine is shared: check `uptime` first, and rerun figures you publish at a quiet moment.
set -eu
cd "$(dirname "$0")/.."
if ! python3 -c 'import lxml' 2>/dev/null; then
    python3 -m pip install --quiet lxml 2>/dev/null || python3 -m pip install --quiet --break-system-packages lxml
fi
cargo build --release -p conector-bench
"${CARGO_TARGET_DIR:-target}/release/conector-bench" "$@"
