#!/usr/bin/env bash
# Runs the test binaries that have been flaky before — every end-to-end file (tests/e2e_*.rs),
# the real-clipboard test and, where they exist, the scheduler tests (any tests/*scheduler*.rs) —
# N times in a row inside a desktop session (scripts/with-desktop-session.sh), and prints how
# long each round took. Stops at the first failing round, whose output is kept.
#
#   scripts/repeat-tests.sh 10
#
# Builds once first (`cargo test --no-run`); the UI must have been built (ui/dist), as for
# `cargo test`. Rounds run one after the other: never two app instances at once.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

rounds=${1:-}
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/repeat-tests.sh N   (N rounds, N >= 1)" >&2
  exit 2
fi
if [ -z "${CONECTOR_IN_SESSION:-}" ]; then
  exec scripts/with-desktop-session.sh "$0" "$@"
fi

# One cargo invocation per package: its name and the --test flags for its files.
declare -a runs=()
root=""
for f in tests/e2e_*.rs tests/*scheduler*.rs; do
  # e2e_update installs two .deb builds of its own (scripts/e2e-update.sh makes them).
  [ "$f" = tests/e2e_update.rs ] && continue
  [ -e "$f" ] && root+=" --test $(basename "$f" .rs)"
done
runs+=("-p conector-fidelidade$root")
runs+=("-p conector-secrets --test clipboard")
for f in src-tauri/crates/*/tests/*scheduler*.rs; do
  [ -e "$f" ] || continue
  crate_dir=$(dirname "$(dirname "$f")")
  package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$crate_dir/Cargo.toml" | head -n 1)
  runs+=("-p $package --test $(basename "$f" .rs)")
done

echo "==> building: ${runs[*]}"
for r in "${runs[@]}"; do
  # shellcheck disable=SC2086 # the flags are meant to split
  cargo test --locked $r --no-run >/dev/null 2>&1 || cargo test --locked $r --no-run
done

log=$(mktemp -t repeat-tests.XXXXXX)
trap 'rm -f "$log"' EXIT
total_start=$(date +%s%N)
for ((i = 1; i <= rounds; i++)); do
  start=$(date +%s%N)
  : >"$log"
  ok=1
  for r in "${runs[@]}"; do
    # shellcheck disable=SC2086
    if ! cargo test --locked $r -- --include-ignored >>"$log" 2>&1; then
      ok=0
      break
    fi
  done
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
  if [ "$ok" -eq 1 ]; then
    printf 'round %d/%d: %d.%03d s, %d tests passed\n' "$i" "$rounds" \
      $((elapsed / 1000)) $((elapsed % 1000)) "$passed"
  else
    printf 'round %d/%d: FAILED after %d.%03d s; its output:\n' "$i" "$rounds" \
      $((elapsed / 1000)) $((elapsed % 1000))
    cat "$log"
    exit 1
  fi
done
total=$(( ($(date +%s%N) - total_start) / 1000000 ))
printf 'all %d rounds passed in %d.%03d s\n' "$rounds" $((total / 1000)) $((total % 1000))
