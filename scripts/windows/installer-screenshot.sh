#!/usr/bin/env bash
# Takes a picture of the Windows installer's first page as an owner sees it (pt-BR), under Wine
# in a throwaway prefix, on the current X display (Xvfb in the test session):
#   scripts/with-desktop-session.sh scripts/windows/installer-screenshot.sh INSTALLER [OUT.png]
# INSTALLER is what scripts/windows/package.sh printed; OUT defaults to
# docs/screenshots/22-instalador-windows.png. Nothing is installed: the installer is ended on
# its first page.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
installer=${1:?"uso: scripts/windows/installer-screenshot.sh INSTALADOR [SAIDA.png]"}
out=${2:-$root/docs/screenshots/22-instalador-windows.png}
if [ -z "${DISPLAY:-}" ]; then
  echo "installer-screenshot: sem tela (rode-o com scripts/with-desktop-session.sh)" >&2
  exit 1
fi
for tool in xwininfo import; do
  command -v "$tool" >/dev/null || {
    echo "installer-screenshot: '$tool' não encontrado (scripts/setup-system.sh instala)" >&2
    exit 1
  }
done
wine=$("$root/scripts/windows/wine.sh" --path)
work=$(mktemp -d)
export WINEPREFIX=$work/prefix
cleanup() {
  "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/scripts/windows/wine-prefix.sh" >/dev/null

# Wine takes Windows' display language from the locale: Brazilian Portuguese, as an owner's PC.
LANG=pt_BR.UTF-8 LC_ALL=pt_BR.UTF-8 "$root/scripts/windows/wine.sh" "$installer" &

# The installer's window: a viewable top-level window whose name says the product's.
window() {
  xwininfo -root -children | awk -F'"' '/fidelidade/ { split($1, a, " "); print a[1] }' |
    while read -r id; do
      if xwininfo -id "$id" | grep -q 'Map State: IsViewable'; then
        echo "$id"
        break
      fi
    done
}
deadline=$((SECONDS + 120))
id=""
until [ -n "$id" ]; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "installer-screenshot: a janela do instalador não apareceu em 120 s" >&2
    xwininfo -root -tree >&2
    exit 1
  fi
  sleep 0.2
  id=$(window)
done

# The page has finished painting when two pictures in a row are the same (PPM: pixels only).
previous=""
deadline=$((SECONDS + 60))
while :; do
  import -window "$id" "ppm:$work/shot.ppm"
  now=$(sha1sum <"$work/shot.ppm")
  if [ "$now" = "$previous" ]; then
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "installer-screenshot: a página não parou de mudar em 60 s" >&2
    exit 1
  fi
  previous=$now
  sleep 0.5
done
mkdir -p "$(dirname "$out")"
convert "$work/shot.ppm" -strip "$out"
echo "installer-screenshot: $out ($(identify -format '%wx%h' "$out"))" >&2
