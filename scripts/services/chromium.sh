#!/usr/bin/env bash
# Chromium from Debian's package `chromium`, for the plugins' browser tests (playwright-core drives
# it; it never downloads a browser of its own).
#
#   scripts/services/chromium.sh install   install chromium if missing (fast when present)
#   scripts/services/chromium.sh path      print the executable's path
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM=/usr/bin/chromium

cmd_install() {
  [[ -x $CHROMIUM ]] && return 0
  hub_lock chromium
  [[ -x $CHROMIUM ]] && return 0 # installed by a concurrent caller while we waited
  hub_apt_install chromium
  [[ -x $CHROMIUM ]] || hub_die "$CHROMIUM still missing after 'apt-get install chromium'"
  hub_log "installed $("$CHROMIUM" --version 2>/dev/null | head -n1)"
}

case "${1:-}" in
  install) cmd_install ;;
  path) echo "$CHROMIUM" ;;
  *) hub_die "usage: $0 install|path" ;;
esac
