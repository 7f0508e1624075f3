#!/usr/bin/env bash
# Prometheus and Alertmanager from Debian's packages `prometheus` and `prometheus-alertmanager`,
# without Docker or systemd.
#
#   scripts/services/prometheus.sh install   install prometheus/promtool and prometheus-alertmanager/amtool
#                                            if missing (fast when present)
#   scripts/services/prometheus.sh version   print the versions of prometheus, promtool and alertmanager
#   scripts/services/prometheus.sh start     run a local Prometheus scraping the processor (idempotent)
#   scripts/services/prometheus.sh stop|status|url
#
# `start` listens on 127.0.0.1:59090 (HUB_PROMETHEUS_PORT) and scrapes the processor's /metrics at
# 127.0.0.1:8080 (HUB_PROMETHEUS_TARGET) every 5 s: `npm start` in one terminal, this in another,
# then open the URL. Tests start their own instances, each with its own config, data directory and
# free port (backend-processor/test/support/prometheus.ts, alertmanager.ts). The packages' postinst
# would start a system Prometheus on :9090 (and Alertmanager on :9093); they are stopped if they did.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

have_binaries() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null &&
    command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null
}

# The Debian init scripts run the system instances as user `prometheus`, with pid files in /run.
stop_system_service() {
  local name=$1 pidfile=$2 pid
  if [[ -s $pidfile ]] && pid=$(<"$pidfile") && kill -0 "$pid" 2>/dev/null; then
    hub_warn "the package started a system $name (pid $pid): stopping it"
    if [[ -x /etc/init.d/$name ]]; then
      "/etc/init.d/$name" stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    else
      kill "$pid" 2>/dev/null || true
    fi
  fi
}

cmd_install() {
  have_binaries && return 0
  hub_lock prometheus
  have_binaries && return 0 # installed by a concurrent caller while we waited
  hub_apt_install prometheus prometheus-alertmanager
  stop_system_service prometheus /run/prometheus.pid
  stop_system_service prometheus-alertmanager /run/prometheus/prometheus-alertmanager.pid
  have_binaries || hub_die "prometheus/promtool/prometheus-alertmanager/amtool still not on PATH after apt-get install"
  hub_log "installed $(prometheus --version 2>&1 | head -n1), $(prometheus-alertmanager --version 2>&1 | head -n1)"
}

cmd_version() {
  have_binaries || hub_die "prometheus/promtool/alertmanager are not installed: run '$0 install'"
  prometheus --version 2>&1 | head -n1
  promtool --version 2>&1 | head -n1
  prometheus-alertmanager --version 2>&1 | head -n1
}

PORT="${HUB_PROMETHEUS_PORT:-59090}"
TARGET="${HUB_PROMETHEUS_TARGET:-127.0.0.1:8080}"
DIR="$HUB_SERVICES_DIR/prometheus"
PIDFILE="$DIR/prometheus.pid"

running() { [[ -s $PIDFILE ]] && kill -0 "$(<"$PIDFILE")" 2>/dev/null; }

cmd_start() {
  cmd_install
  hub_lock prometheus-server
  if running; then
    hub_log "already running (pid $(<"$PIDFILE")) on 127.0.0.1:$PORT"
    return 0
  fi
  mkdir -p "$DIR/data"
  cat >"$DIR/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: llm-analytics-hub
    static_configs:
      - targets: ['$TARGET']
YAML
  (
    hub_close_lock_fds
    exec prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
      --web.listen-address="127.0.0.1:$PORT" >"$(hub_log_file prometheus)" 2>&1
  ) &
  echo $! >"$PIDFILE"
  hub_wait_for_port 127.0.0.1 "$PORT" 60 Prometheus "$(hub_log_file prometheus)" "$(<"$PIDFILE")"
  hub_log "running on http://127.0.0.1:$PORT, scraping $TARGET"
}

cmd_stop() {
  if running; then
    kill "$(<"$PIDFILE")"
    hub_log "stopped"
  fi
  rm -f "$PIDFILE"
}

cmd_status() {
  if running; then
    printf 'running: pid %s on http://127.0.0.1:%s, scraping %s\n' "$(<"$PIDFILE")" "$PORT" "$TARGET"
  else
    echo 'stopped'
    return 3
  fi
}

case "${1:-}" in
  install) cmd_install ;;
  version) cmd_version ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "http://127.0.0.1:$PORT" ;;
  *)
    printf 'usage: %s {install|version|start|stop|status|url}\n' "$0" >&2
    exit 2
    ;;
esac
