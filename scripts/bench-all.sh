#!/usr/bin/env sh
# Every benchmark kept in the repo (SPEC §9), in release mode: the feed reader and catalogue
# (writes its section of docs/BENCHMARKS.md), the points ledger and the app in the tray (both
# print their figures; the tray one needs Xvfb and D-Bus, see scripts/bench-tray.sh).
set -eu
cd "$(dirname "$0")/.."
scripts/bench.sh "$@"
cargo run --release --locked -p conector-ledger --example ledger_bench
scripts/bench-tray.sh
