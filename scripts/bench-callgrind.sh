#!/usr/bin/env sh
# Load-independent ratios for the feed reader (issue #14): instructions counted by valgrind's
# callgrind for the whole reader, quick-xml's own empty streaming loop and Python lxml
# iterparse (bench/lxml_parse.py) on the same generated feed. Wall and CPU times on a shared
# machine move with other people's builds; instruction counts do not.
#   scripts/bench-callgrind.sh [ITEMS]   (default 10000: 27 MB; lxml under callgrind takes ~2 min)
set -eu
cd "$(dirname "$0")/.."
items="${1:-10000}"
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
python3 -c 'import lxml' 2>/dev/null || python3 -m pip install --quiet lxml 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages lxml
cargo build --release --locked -p conector-bench
bench="${CARGO_TARGET_DIR:-target}/release/conector-bench"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$bench" write "$dir/feed.xml" "$items"
python="$(python3 -c 'import sys; print(sys.executable)')"
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*I *refs: *//p' | tr -d ','; }
ours="$(count "$bench" parse "$dir/feed.xml")"
quick="$(count "$bench" quick-xml "$dir/feed.xml")"
start="$(count "$python" -c 'import json, sys, time; from lxml import etree')"
lxml="$(count "$python" src-tauri/crates/bench/lxml_parse.py "$dir/feed.xml")"
echo "items: $items ($(du -h "$dir/feed.xml" | cut -f1))"
echo "instructions: reader $ours, quick-xml empty loop $quick, lxml $lxml (python + lxml start: $start)"
awk -v o="$ours" -v q="$quick" -v l="$lxml" -v s="$start" 'BEGIN {
    printf "reader / quick-xml loop: %.2fx; lxml (start subtracted) / reader: %.2fx (whole process: %.2fx)\n",
        o / q, (l - s) / o, l / o }'
