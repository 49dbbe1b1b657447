#!/usr/bin/env bash
# Builds the Windows installer on this Linux machine, offline, with one command
# (`make package-windows`): the app and `conector` for x86_64 Windows (mingw-w64), the bundle
# type the updater reads patched into the app, Authenticode signatures when a certificate is
# given (scripts/windows/sign.sh), and the NSIS installer of scripts/windows/installer.nsi.
#   scripts/windows/package.sh [--debug] [--out DIR]
# --debug packs the debug build (the test gate's), compressed with zlib rather than LZMA: LZMA
# takes minutes on 170 MB of unoptimised executables, and the installer's size is the release's.
# Prints the installer's path on the last line of standard output.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
profile=release
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --debug) profile=debug ;;
    --out) out=$2; shift ;;
    *) echo "package-windows: uso: scripts/windows/package.sh [--debug] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
triple=x86_64-pc-windows-gnu
for tool in x86_64-w64-mingw32-gcc makensis perl; do
  command -v "$tool" >/dev/null || {
    echo "package-windows: '$tool' não encontrado (scripts/setup-system.sh instala)" >&2
    exit 1
  }
done
if ! rustup target list --installed 2>/dev/null | grep -qx "$triple"; then
  echo "package-windows: falta o alvo $triple (rustup target add $triple)" >&2
  exit 1
fi
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=${CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}
target_dir=${CARGO_TARGET_DIR:-$root/target}
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' tauri.conf.json | head -1)
out=${out:-$target_dir/$triple/$profile/bundle/nsis}

# The window's pages are embedded in the exe.
if [ ! -f ui/dist/index.html ] || [ -n "${CONECTOR_BUILD_UI:-}" ]; then
  (cd ui && npm run --silent build)
fi
start=$(date +%s)
cargo_args=(build --locked --target "$triple" --bin conector --bin conector-fidelidade)
[ "$profile" = release ] && cargo_args+=(--release)
cargo "${cargo_args[@]}" >&2
built=$(date +%s)
bin=$target_dir/$triple/$profile

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bin/conector-fidelidade.exe" "$bin/conector.exe" "$bin/WebView2Loader.dll" "$stage/"
# tauri-plugin-updater picks the manifest entry by the bundle type the bundler patches into the
# exe (tauri-utils, platform.rs): the same-length marker, UNK -> NSS, exactly once.
marker=__TAURI_BUNDLE_TYPE_VAR_
found=$(grep -a -o "${marker}UNK" "$stage/conector-fidelidade.exe" | wc -l)
if [ "$found" -ne 1 ]; then
  echo "package-windows: marcador do tipo de pacote encontrado $found vezes (esperado 1)" >&2
  exit 1
fi
perl -0777 -pi -e "s/${marker}UNK/${marker}NSS/" "$stage/conector-fidelidade.exe"
scripts/windows/sign.sh "$stage/conector-fidelidade.exe" "$stage/conector.exe" >&2

# Absolute: makensis works from the script's folder.
mkdir -p "$out"
out=$(cd "$out" && pwd)
installer=$out/Conector-fidelidade_${version}_x64-setup.exe
# The welcome and finish pages' side picture, from the app's icon (not NSIS's default one).
scripts/windows/side-picture.py icons/128x128.png "$stage/side.bmp"
nsis_args=(-V2 -DVERSION="$version" -DSRCDIR="$stage" -DOUTFILE="$installer" -DICON="$root/icons/icon.ico"
  -DSIDEPICTURE="$stage/side.bmp")
[ "$profile" = debug ] && nsis_args+=(-DFAST_COMPRESSION)
if [ -n "${CONECTOR_SIGN_PFX:-}" ]; then
  # The uninstaller is written inside makensis: sign it there, before it is packed.
  nsis_args+=(-DUNINSTFINALIZE="$root/scripts/windows/sign.sh \"%1\"")
fi
makensis "${nsis_args[@]}" scripts/windows/installer.nsi >&2
scripts/windows/sign.sh "$installer" >&2
end=$(date +%s)
size=$(stat -c %s "$installer")
echo "package-windows: $installer" >&2
echo "package-windows: $((size / 1024)) KiB ($size bytes); build $((built - start)) s, installer $((end - built)) s ($profile)" >&2
echo "$installer"
