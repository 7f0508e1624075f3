#!/usr/bin/env bash
# Makes the `prometheus` and `promtool` binaries available, from Debian's package `prometheus`.
#
#   scripts/services/prometheus.sh install   install if missing (quiet and fast when present)
#   scripts/services/prometheus.sh version   print the versions of prometheus and promtool
#
# No Prometheus server is run here: tests start their own instances, each with its own config, data
# directory and free port (backend-processor/test/support/prometheus.ts). The package's postinst would
# start a system Prometheus on :9090; it is kept from doing so, and stopped if it did anyway.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

have_binaries() { command -v prometheus >/dev/null && command -v promtool >/dev/null; }

# The Debian init script runs the system instance as user `prometheus` with a pid file in /run.
stop_system_prometheus() {
  local pidfile=/run/prometheus.pid pid
  if [[ -s $pidfile ]] && pid=$(<"$pidfile") && kill -0 "$pid" 2>/dev/null; then
    hub_warn "the package started a system Prometheus (pid $pid): stopping it"
    if [[ -x /etc/init.d/prometheus ]]; then
      /etc/init.d/prometheus stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    else
      kill "$pid" 2>/dev/null || true
    fi
  fi
}

cmd_install() {
  have_binaries && return 0
  hub_lock prometheus
  have_binaries && return 0 # installed by a concurrent caller while we waited
  hub_apt_install prometheus
  stop_system_prometheus
  have_binaries || hub_die "prometheus/promtool still not on PATH after 'apt-get install prometheus'"
  hub_log "installed $(prometheus --version 2>&1 | head -n1)"
}

cmd_version() {
  have_binaries || hub_die "prometheus/promtool are not installed: run '$0 install'"
  prometheus --version 2>&1 | head -n1
  promtool --version 2>&1 | head -n1
}

case "${1:-}" in
  install) cmd_install ;;
  version) cmd_version ;;
  *)
    printf 'usage: %s {install|version}\n' "$0" >&2
    exit 2
    ;;
esac
