#!/usr/bin/env bash
# The release step that makes an update installable: signs each final artifact with the
# release key (tauri signer, minisign) and writes the manifest the installed apps read.
#
# Run it LAST, on the files that will be published byte for byte: on Windows after Authenticode
# (signtool / osslsigncode), since Authenticode rewrites the .exe and would break a signature
# made before it. The private key comes only from the pipeline's secrets:
#   TAURI_SIGNING_PRIVATE_KEY (the key file's text or its path) and
#   TAURI_SIGNING_PRIVATE_KEY_PASSWORD (may be empty for a throwaway test key).
#
# usage: scripts/release/sign-updates.sh --version 0.2.0 --base-url https://host/releases/0.2.0/ \
#          --notes notas.txt --notes-en notes.txt --out latest.json \
#          linux-x86_64-deb=path/app_0.2.0_amd64.deb windows-x86_64-nsis=path/app_0.2.0_x64-setup.exe
#
# Each artifact is named `{os}-{arch}-{bundle}` as tauri-plugin-updater looks it up; it is
# published as <base-url><file name>. Writes <artifact>.sig next to each file and the manifest
# to --out. Set REQUIRE_AUTHENTICODE=1 (the Windows pipeline does) to refuse an .exe or .msi
# that carries no Authenticode signature yet (checked with osslsigncode).
set -euo pipefail
cd "$(dirname "$0")/../.."

version="" base_url="" notes="" notes_en="" out=""
artifacts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --base-url) base_url="$2"; shift 2 ;;
    --notes) notes="$2"; shift 2 ;;
    --notes-en) notes_en="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *=*) artifacts+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for required in version base_url notes notes_en out; do
  if [ -z "${!required}" ]; then echo "missing --${required//_/-}" >&2; exit 2; fi
done
if [ "${#artifacts[@]}" -eq 0 ]; then echo "no artifact given (platform=path)" >&2; exit 2; fi
case "$base_url" in https://*/) ;; *) echo "--base-url must be https and end with /" >&2; exit 2 ;; esac
if [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
  echo "TAURI_SIGNING_PRIVATE_KEY is not set (the release key lives in the pipeline's secrets)" >&2
  exit 2
fi
export TAURI_SIGNING_PRIVATE_KEY_PASSWORD="${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"

tauri=ui/node_modules/.bin/tauri
if [ ! -x "$tauri" ]; then (cd ui && npm ci --silent); fi

entries=()
for artifact in "${artifacts[@]}"; do
  platform="${artifact%%=*}"
  file="${artifact#*=}"
  [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
  case "$file" in
    *.exe|*.msi)
      if [ "${REQUIRE_AUTHENTICODE:-0}" = 1 ] \
        && ! osslsigncode extract-signature -in "$file" -out /dev/null >/dev/null 2>&1; then
        echo "$file has no Authenticode signature: sign it first, then run this step" >&2
        exit 3
      fi
      ;;
  esac
  rm -f "$file.sig"
  # --app-version binds the signature to the version, so a manifest cannot pair this number
  # with an older file (the app sets requireSignedVersion).
  "$tauri" signer sign --app-version "$version" "$file" >/dev/null
  entries+=("$platform" "$base_url$(basename "$file")" "$file.sig")
done

python3 - "$version" "$notes" "$notes_en" "$out" "${entries[@]}" <<'PY'
import datetime, json, sys
version, notes, notes_en, out, *rest = sys.argv[1:]
platforms = {}
for i in range(0, len(rest), 3):
    platform, url, sig = rest[i:i + 3]
    with open(sig, encoding="utf-8") as f:
        platforms[platform] = {"signature": f.read().strip(), "url": url}
with open(notes, encoding="utf-8") as f:
    notes_pt = f.read().strip()
with open(notes_en, encoding="utf-8") as f:
    notes_en_text = f.read().strip()
manifest = {
    "version": version,
    "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "notes": notes_pt,
    "notes_en": notes_en_text,
    "platforms": platforms,
}
with open(out, "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False, indent=2)
    f.write("\n")
PY
echo "manifest for $version written to $out (${#artifacts[@]} artifact(s) signed)"
