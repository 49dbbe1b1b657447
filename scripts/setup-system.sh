#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app needs, only those missing (a warm machine pays
# nothing). `run` installs what building and running the app needs; `test` (the default) adds
# what the tests use: the virtual screen, the WebDriver bridge, a keychain and a notification
# server for headless runs, imagemagick, the Windows gate's cross compiler, Wine, NSIS and
# osslsigncode (scripts/windows/), and sudo: the updater's last way to install a .deb
# (`sudo dpkg -i`), which the end-to-end update test (scripts/e2e-update.sh, as root) goes
# through. `--print` lists the packages and installs nothing.
#   scripts/setup-system.sh [run|test] [--print]
set -euo pipefail

RUN_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev libdbus-1-dev curl file
)
TEST_PACKAGES=(
  xvfb xauth dbus dbus-x11 webkit2gtk-driver gnome-keyring libsecret-1-dev imagemagick
  dunst libnotify-bin python3-dbus python3-gi openssl
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 nsis osslsigncode sudo
)

profile=test
print=false
for arg in "$@"; do
  case "$arg" in
    run | test) profile=$arg ;;
    --print) print=true ;;
    *)
      echo "setup-system: uso: scripts/setup-system.sh [run|test] [--print]" >&2
      exit 2
      ;;
  esac
done

PACKAGES=("${RUN_PACKAGES[@]}")
if [ "$profile" = test ]; then
  PACKAGES+=("${TEST_PACKAGES[@]}")
fi
if [ "$print" = true ]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present ($profile)"
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
