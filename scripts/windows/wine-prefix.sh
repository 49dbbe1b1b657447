#!/usr/bin/env bash
# Makes (once) the throwaway Wine prefix the Windows tests run in, and prints its path.
#
# The prefix gets the test-only stand-in for bcryptprimitives.dll (wine-stub/, see its comment):
# Wine 8 lacks that DLL and every Rust .exe needs it. The stub lives in this prefix and nowhere
# else; no installer or package ever takes it.
#   scripts/windows/wine-prefix.sh            # prefix at $WINEPREFIX, else target/wine-prefix
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export WINEPREFIX=${WINEPREFIX:-${CARGO_TARGET_DIR:-$root/target}/wine-prefix}
export WINEDEBUG=${WINEDEBUG:--all}
# No Mono/Gecko installer prompts, no desktop integration of the prefix (menus, file types).
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml,winemenubuilder.exe=}
wine=$("$root/scripts/windows/wine.sh" --path)
stub_src=$root/scripts/windows/wine-stub
stub=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
stamp=$WINEPREFIX/.conector-ready

if [ ! -f "$stamp" ] || [ "$stub_src/processprng.c" -nt "$stamp" ]; then
  mkdir -p "$WINEPREFIX"
  "$wine" wineboot --init >/dev/null 2>&1
  "$(dirname "$wine")/wineserver" -w
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  x86_64-w64-mingw32-gcc -O2 -Wall -shared -s -o "$build/bcryptprimitives.dll" \
    "$stub_src/processprng.c" "$stub_src/bcryptprimitives.def" -ladvapi32
  cp "$build/bcryptprimitives.dll" "$stub"
  touch "$stamp"
fi
echo "$WINEPREFIX"
