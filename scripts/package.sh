#!/usr/bin/env bash
# Builds the Linux installer: a .deb with the app, its icons, desktop entry and version.
#
# Windows (NSIS/MSI) and macOS (.app/.dmg) bundles are configured in tauri.conf.json but must be
# built on those systems (`npx --prefix ui tauri build` there). The AppImage is not built: its
# bundler downloads tools from the internet at build time, which this machine cannot do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup-system.sh run
scripts/setup-tools.sh run
(cd ui && npm run --silent build)
start=$(date +%s)
# From the root, the Tauri CLI finds ./tauri.conf.json; the UI is already built above, so the
# configured beforeBuildCommand (which expects the repository root as its folder) is skipped.
ui/node_modules/.bin/tauri build --bundles deb --ci \
  --config '{"build":{"beforeBuildCommand":""}}'
end=$(date +%s)
target_dir=${CARGO_TARGET_DIR:-target}
deb=$(ls -t "$target_dir"/release/bundle/deb/*.deb | head -1)
scripts/deb-desktop-entry.sh "$deb"
echo
echo "Pacote: $deb"
echo "Tamanho: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes); build + bundle: $((end - start)) s"
dpkg-deb -I "$deb" | sed -n '/Package:/,$p'
# File names may hold spaces: drop the first five columns.
dpkg-deb -c "$deb" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' |
  grep -E 'bin/.|\.desktop$|\.png$' || true
