#!/usr/bin/env sh
# Every benchmark kept in the repo (SPEC §9), in release mode: the feed reader and catalogue
# (writes its section of docs/BENCHMARKS.md) and the points ledger (prints its figures).
set -eu
cd "$(dirname "$0")/.."
scripts/bench.sh "$@"
cargo run --release --locked -p conector-ledger --example ledger_bench
