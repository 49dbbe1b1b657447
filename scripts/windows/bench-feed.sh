#!/usr/bin/env bash
# `conector feed check` on the sample feed of the feed benchmarks (conector_samples, seed 42;
# 100,000 items by default) with the Windows release build under Wine and the Linux release
# build, on the same machine in the same run: the runs alternate (Linux, Windows, Linux, ...),
# three each, so both see the same load. Also checks that both printed the same JSON.
#   scripts/windows/bench-feed.sh [ITEMS]
# Builds the release `conector` for both systems (the Windows one is `make package-windows`'s)
# and conector-bench (which writes the sample). Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
items=${1:-100000}
triple=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
target_dir=${CARGO_TARGET_DIR:-$root/target}
runs=3

[ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
cargo build --locked --release -p conector-fidelidade --bin conector >&2
cargo build --locked --release -p conector-bench >&2
cargo build --locked --release --target "$triple" --bin conector >&2
linux=$target_dir/release/conector
windows=$target_dir/$triple/release/conector.exe

work=$(mktemp -d)
export WINEPREFIX=$work/prefix
wine=$(scripts/windows/wine.sh --path)
cleanup() {
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
scripts/windows/wine-prefix.sh >/dev/null
feed=$work/feed-$items.xml
"$target_dir/release/conector-bench" write "$feed" "$items"

# The same answer from both builds, field for field.
"$linux" feed check "$feed" --json >"$work/linux.json"
scripts/windows/wine.sh "$windows" feed check "Z:$feed" --json >"$work/windows.json"
same=$(python3 - "$work/linux.json" "$work/windows.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
print("yes" if a == b else f"NO: {a} != {b}")
EOF
)
if [ "$same" != yes ]; then
  echo "bench-feed: Windows and Linux builds answered differently: $same" >&2
  exit 1
fi

# One run: wall s, CPU s (user + system of the process and its children), peak RSS in MB.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024 }' "$work/time"
}
load_before=$(cut -d' ' -f1 /proc/loadavg)
: >"$work/linux.runs"
: >"$work/windows.runs"
for _ in $(seq "$runs"); do
  measure "$linux" feed check "$feed" --json >>"$work/linux.runs"
  measure scripts/windows/wine.sh "$windows" feed check "Z:$feed" --json >>"$work/windows.runs"
done
load_after=$(cut -d' ' -f1 /proc/loadavg)

# Best of the runs by CPU, then by wall.
best() { sort -k2,2n -k1,1n "$1" | head -1; }
range() { awk '{ print $1 }' "$1" | sort -n | sed -n '1p;$p' | paste -sd'-' | sed 's/-/–/'; }
read -r lw lc lm <<<"$(best "$work/linux.runs")"
read -r ww wc wm <<<"$(best "$work/windows.runs")"
items_read=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("items"))' "$work/linux.json")
size=$(du -m "$feed" | cut -f1)
cat <<EOF
Command: \`scripts/windows/bench-feed.sh $items\`; $(date -u '+%Y-%m-%d %H:%M UTC'); commit \`$(git rev-parse --short=10 HEAD)\`$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + uncommitted changes'); $(nproc) CPUs; load average $load_before at the start, $load_after at the end.
Sample: $items items ($size MB, seed 42); both builds read $items_read items and printed the same JSON.

| build | wall (best / range of $runs) | CPU (best) | peak memory |
|---|---|---|---|
| Linux, release | $lw s / $(range "$work/linux.runs") s | $lc s | $lm MB |
| Windows, release, under Wine 8 | $ww s / $(range "$work/windows.runs") s | $wc s | $wm MB |
EOF
