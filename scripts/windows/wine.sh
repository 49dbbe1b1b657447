#!/usr/bin/env bash
# Runs a Windows program under 64-bit Wine in the tests' prefix (made on first use), quietly.
# Cargo's runner for x86_64-pc-windows-gnu in the Windows gate: each test binary runs through it.
#   scripts/windows/wine.sh PROGRAM.exe [ARGS...]
#   scripts/windows/wine.sh --path      # prints the wine64 loader and exits
set -euo pipefail
# Debian's wine64 package puts the loader here and nothing on PATH; elsewhere, use PATH's.
wine=/usr/lib/wine/wine64
if [ ! -x "$wine" ]; then
  wine=$(command -v wine64 || command -v wine || true)
fi
if [ -z "$wine" ]; then
  echo "wine.sh: Wine de 64 bits não encontrado (apt-get install wine64)" >&2
  exit 1
fi
if [ "${1:-}" = --path ]; then
  echo "$wine"
  exit 0
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
WINEPREFIX=$("$root/scripts/windows/wine-prefix.sh")
export WINEPREFIX WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml,winemenubuilder.exe=}
exec "$wine" "$@"
