#!/usr/bin/env bash
# The Windows installer's size and what it installs: a silent install under Wine in a throwaway
# prefix (WebView2 marked present, as on any Windows 10/11), then the size of each installed
# file and of the folder. Prints a Markdown table for docs/BENCHMARKS.md.
#   scripts/windows/sizes.sh [INSTALLER]   # default: make package-windows's release installer
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$root/tauri.conf.json" | head -1)
installer=${1:-$target_dir/x86_64-pc-windows-gnu/release/bundle/nsis/Conector-fidelidade_${version}_x64-setup.exe}
[ -f "$installer" ] || {
  echo "sizes: instalador não encontrado: $installer (make package-windows)" >&2
  exit 1
}
wine=$("$root/scripts/windows/wine.sh" --path)
work=$(mktemp -d)
export WINEPREFIX=$work/prefix
cleanup() {
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/scripts/windows/wine-prefix.sh" >/dev/null
"$root/scripts/windows/wine.sh" reg add \
  'HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' \
  /v pv /d 120.0.2210.91 /f >/dev/null
"$root/scripts/windows/wine.sh" "$installer" /S
"$(dirname "$wine")/wineserver" -w
dir=$(find "$WINEPREFIX/drive_c/users" -path '*/AppData/Local/Programs/Conector +fidelidade' -type d | head -1)
[ -n "$dir" ] || {
  echo "sizes: a instalação silenciosa não criou a pasta do programa" >&2
  exit 1
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
echo "Installer: \`$(basename "$installer")\`, $(mb "$(stat -c %s "$installer")") ($(stat -c %s "$installer") bytes)."
echo
echo "| installed file | size |"
echo "|---|---|"
total=0
for f in "$dir"/*; do
  size=$(stat -c %s "$f")
  total=$((total + size))
  echo "| \`$(basename "$f")\` | $(mb "$size") |"
done
echo "| **installed, in all** | **$(mb "$total")** ($total bytes) |"
