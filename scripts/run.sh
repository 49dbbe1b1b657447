#!/usr/bin/env bash
# Installs what running needs and is missing (not the test tools), builds the UI and starts the
# desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'MSG'
Conector +fidelidade precisa de uma tela, e nenhuma foi encontrada (DISPLAY vazio).
Em um servidor sem tela, use uma tela virtual, como diz o README:
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" scripts/run.sh
Se xvfb-run ou dbus-run-session faltarem: apt-get install xvfb xauth dbus
MSG
  exit 2
fi
scripts/setup-system.sh run
scripts/setup-tools.sh run
(cd ui && npm run --silent build)
# The development build answers the demo store's /_demo/ fault routes (release builds do not).
exec cargo run --locked --features demo-faults --bin conector-fidelidade
