#!/usr/bin/env bash
# Renames the .deb's desktop entry after the app's identifier (issue #16): the bundler names it
# after the product name ("Conector +fidelidade.desktop"), but desktops match windows,
# notifications and the login item with an entry named after the identifier
# (br.com.conectorfidelidade.conector.desktop). Usage: scripts/deb-desktop-entry.sh FILE.deb
set -euo pipefail
deb=$1
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
config="$root_dir/tauri.conf.json"
field() { sed -n "s/^ *\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$config" | head -1; }
identifier=$(field identifier)
product=$(field productName)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/root"
apps="$work/root/usr/share/applications"
if [ ! -f "$apps/$product.desktop" ]; then
  echo "deb-desktop-entry: no \"$product.desktop\" in $deb; nothing renamed"
  exit 0
fi
mv "$apps/$product.desktop" "$apps/$identifier.desktop"
if [ -f "$work/root/DEBIAN/md5sums" ]; then
  (cd "$work/root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)
fi
dpkg-deb --root-owner-group -b "$work/root" "$deb" >/dev/null
echo "deb-desktop-entry: usr/share/applications/$identifier.desktop"
