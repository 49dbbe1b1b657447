#!/usr/bin/env bash
# Issue #20's end-to-end update: builds the .deb at version N (this checkout) and at N+1 (a copy
# with the version bumped), both with a local https update address and a throwaway release key,
# signs N+1 as the release does (scripts/release/sign-updates.sh) plus a manifest signed by
# another key, then runs tests/e2e_update.rs, which installs N, updates it from the running app
# and removes the package. Needs root (dpkg), as CI has; run by scripts/test.sh after the main
# tests, or alone on a warm target.
#
# The updater's address and key are compiled in (CONECTOR_UPDATE_ENDPOINT/_PUBKEY): both builds
# go to their own target folder, target/update-e2e/target, seeded with hard links from
# target/debug (no copy, no disk), so the main target/debug is never rebuilt for them. The
# throwaway key pair and the port are kept there between runs, so a rerun rebuilds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
tauri=$root/ui/node_modules/.bin/tauri
# The main target (scripts/test.sh's, or CARGO_TARGET_DIR's): the seed of the builds' own
# target, and where the test itself is built.
main_target=${CARGO_TARGET_DIR:-$root/target}
work=$root/target/update-e2e
target=$work/target
run=$work/run
mkdir -p "$work/keys"

minutes() { awk -v s="$1" 'BEGIN { printf "%.1f min", s / 60 }'; }

# Alone, the tools and the built UI may be missing (scripts/test.sh has made both already).
scripts/setup-tools.sh >/dev/null
if [ ! -f ui/dist/index.html ]; then
  (cd ui && npm run --silent build)
fi

# The throwaway release key, another key (its signatures must be refused), and the port: kept
# while the port is free, so the compiled-in address and key stay the same.
if [ ! -f "$work/keys/release.key" ]; then
  "$tauri" signer generate --ci -p "" -w "$work/keys/release.key" >/dev/null
  "$tauri" signer generate --ci -p "" -w "$work/keys/stranger.key" >/dev/null
fi
port=$(cat "$work/keys/port" 2>/dev/null || echo 0)
if ! python3 -c 'import socket, sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null ||
  [ "$port" = 0 ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "$port" >"$work/keys/port"
fi
export CONECTOR_UPDATE_ENDPOINT="https://127.0.0.1:$port/latest.json"
CONECTOR_UPDATE_PUBKEY=$(cat "$work/keys/release.key.pub")
export CONECTOR_UPDATE_PUBKEY

# The throwaway CA and its certificate for 127.0.0.1 (trusted by the app through SSL_CERT_FILE).
rm -rf "$run"
mkdir -p "$run/www/hold" "$run/www/stranger"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$run/ca.key" -out "$run/ca.pem" -days 2 \
  -subj "/CN=Conector e2e update CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$run/server.key" -out "$run/server.csr" \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
  >"$run/ext"
openssl x509 -req -days 2 -CAcreateserial -in "$run/server.csr" -CA "$run/ca.pem" \
  -CAkey "$run/ca.key" -out "$run/server.pem" -extfile "$run/ext" 2>/dev/null

# The separate target, seeded from the main one by hard links the first time.
if [ ! -d "$target/debug" ] && [ -d "$main_target/debug" ]; then
  mkdir -p "$target"
  cp -al "$main_target/debug" "$target/debug"
  rm -f "$target/debug/.cargo-lock"
  rm -rf "$target/debug/incremental"
fi
export CARGO_TARGET_DIR=$target

current=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
next=$(echo "$current" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')

# scripts/deb-desktop-entry.sh packs each .deb again: gzip at its fastest rather than dpkg's
# default xz, which takes minutes over a debug build's binary (dpkg -i reads either).
export DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1

# Builds the .deb of the tree in $1 (the debug profile, as the other end-to-end tests: a release
# build with LTO takes longer) and prints its path.
build_deb() {
  # No incremental caches (as scripts/test.sh): gigabytes for nothing in these builds.
  (cd "$1" && CARGO_INCREMENTAL=0 "$tauri" build --debug --bundles deb --ci \
    --config '{"build":{"beforeBuildCommand":""}}' >&2)
  local deb
  deb=$(ls -t "$target"/debug/bundle/deb/*_"$2"_*.deb | head -1)
  scripts/deb-desktop-entry.sh "$deb" >&2
  echo "$deb"
}

start=$SECONDS
deb_current=$(build_deb "$root" "$current")
cp "$deb_current" "$run/current.deb"
echo "e2e-update: N = $current built in $(minutes $((SECONDS - start)))"

# N+1: the same files (tracked and new, as the checkout has them, plus the built UI), with the
# version bumped where Sobre and the updater read it.
src=$work/next-src
rm -rf "$src"
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
  tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$src"
cp -r ui/dist "$src/ui/dist"
sed -i "0,/^version = \"$current\"$/s//version = \"$next\"/" "$src/Cargo.toml"
sed -i "s/^  \"version\": \"$current\",$/  \"version\": \"$next\",/" "$src/tauri.conf.json"
grep -q "^version = \"$next\"$" "$src/Cargo.toml"
grep -q "\"version\": \"$next\"" "$src/tauri.conf.json"
start=$SECONDS
deb_next=$(build_deb "$src" "$next")
echo "e2e-update: N+1 = $next built in $(minutes $((SECONDS - start)))"

# Signed as the release does: good.json by the release key (its file served under /hold/, where
# the host holds the download halfway for the progress screenshot), bad.json by another key.
name=conector-fidelidade_${next}_amd64.deb
cp "$deb_next" "$run/www/hold/$name"
cp "$deb_next" "$run/www/stranger/$name"
echo "Correções e melhorias." >"$run/notes-pt"
echo "Fixes and improvements." >"$run/notes-en"
sign() {
  TAURI_SIGNING_PRIVATE_KEY="$(cat "$work/keys/$1.key")" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
    scripts/release/sign-updates.sh --version "$next" \
    --base-url "https://127.0.0.1:$port/$2/" --notes "$run/notes-pt" --notes-en "$run/notes-en" \
    --out "$run/www/$3" "linux-x86_64-deb=$run/www/$2/$name"
}
sign release hold good.json
sign stranger stranger bad.json
printf '{"port": %s, "current": "%s", "next": "%s"}\n' "$port" "$current" "$next" \
  >"$run/release.json"

# The test itself, on the main target (only the endpoint's build above carries the address).
unset CONECTOR_UPDATE_ENDPOINT CONECTOR_UPDATE_PUBKEY
export CARGO_TARGET_DIR=$main_target
start=$SECONDS
CONECTOR_UPDATE_E2E=$run scripts/with-desktop-session.sh cargo test --locked \
  --features update-e2e --test e2e_update -- --include-ignored --nocapture
echo "e2e-update: test (build + run) in $(minutes $((SECONDS - start)))"
echo "e2e-update: whole step in $(minutes "$SECONDS")"
