#!/usr/bin/env bash
# Authenticode-signs Windows files in place with osslsigncode, when a certificate is given.
#
# The certificate never lives in the repository: CONECTOR_SIGN_PFX names a PKCS#12 file (the
# release pipeline writes it from its secrets) and CONECTOR_SIGN_PASSWORD holds its password,
# handed to osslsigncode through a private file rather than on its command line.
# CONECTOR_SIGN_TIMESTAMP_URL (optional) adds an RFC 3161 timestamp, so signatures outlive the
# certificate; it needs the internet, which the build machine here does not have.
#   scripts/windows/sign.sh FILE...     # exits 0 without signing when no certificate is set
set -euo pipefail
if [ -z "${CONECTOR_SIGN_PFX:-}" ]; then
  echo "sign: nenhum certificado (CONECTOR_SIGN_PFX): arquivos não assinados" >&2
  exit 0
fi
if [ ! -f "$CONECTOR_SIGN_PFX" ]; then
  echo "sign: certificado não encontrado: $CONECTOR_SIGN_PFX" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
printf '%s' "${CONECTOR_SIGN_PASSWORD:-}" >"$work/pass"
args=(-pkcs12 "$CONECTOR_SIGN_PFX" -readpass "$work/pass" -h sha256
  -n "Conector +fidelidade")
if [ -n "${CONECTOR_SIGN_TIMESTAMP_URL:-}" ]; then
  args+=(-ts "$CONECTOR_SIGN_TIMESTAMP_URL")
fi
for file in "$@"; do
  osslsigncode sign "${args[@]}" -in "$file" -out "$work/signed" >/dev/null
  # Keep the file's own inode and mode: makensis's !uninstfinalize hands us its own file.
  cat "$work/signed" >"$file"
  rm -f "$work/signed"
  echo "sign: assinado $(basename "$file")"
done
