#!/usr/bin/env bash
# Runs a command inside what a desktop gives an app: a private D-Bus session with an unlocked,
# throwaway gnome-keyring (Secret Service) and, when there is no display, an Xvfb screen.
# Nothing touches the user's real keyring: the keyring files live in a temporary folder.
set -euo pipefail
if [ -z "${CONECTOR_IN_SESSION:-}" ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export CONECTOR_IN_SESSION=1 XDG_DATA_HOME="$keyring_home"
  exec dbus-run-session -- "$0" "$@"
fi
# Inside the session bus: start the keyring daemon unlocked with a throwaway password.
echo -n "conector-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$@"
fi
exec "$@"
