#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app needs to build, run headless and be tested.
# Idempotent: installs only what is missing, so a warm machine pays nothing.
set -euo pipefail

PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev libdbus-1-dev xvfb xauth webkit2gtk-driver dbus dbus-x11
  gnome-keyring libsecret-1-dev imagemagick curl file dunst libnotify-bin
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
