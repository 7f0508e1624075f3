# shellcheck shell=bash
# Shared helpers for scripts/services/*.sh and scripts/test.sh. Source it, don't run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Everything a service leaves on disk (data, logs, pid files, locks) lives under
# $HUB_SERVICES_DIR, which defaults to <repo>/.services (gitignored). Set HUB_SERVICES_DIR to move it.
#
# The EXIT trap installed at the bottom runs the clean-ups registered with hub_on_exit; a script that
# sources this file must not install an EXIT trap of its own (register with hub_on_exit instead).

if [[ -n ${HUB_LIB_SOURCED:-} ]]; then
  return 0
fi
HUB_LIB_SOURCED=1

HUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
HUB_SERVICES_DIR="${HUB_SERVICES_DIR:-$HUB_ROOT/.services}"
# Name used in messages: the script that sourced us (postgres.sh, prometheus.sh, test.sh, ...).
HUB_SCRIPT_NAME="$(basename "${BASH_SOURCE[1]:-$0}")"
export HUB_ROOT HUB_SERVICES_DIR

# --- messages (always on stderr, so stdout stays usable for values like URLs) -------------------------

hub_log() { printf '[%s] %s\n' "$HUB_SCRIPT_NAME" "$*" >&2; }
hub_warn() { printf '[%s] WARNING: %s\n' "$HUB_SCRIPT_NAME" "$*" >&2; }
hub_die() {
  printf '[%s] ERROR: %s\n' "$HUB_SCRIPT_NAME" "$*" >&2
  exit 1
}

# hub_tail_log FILE [LINES]: show the end of a log file on stderr, to explain a failure.
hub_tail_log() {
  local file=$1 lines=${2:-30}
  if [[ -s $file ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '--- end of %s ---\n' "$file" >&2
  fi
}

# --- exit clean-ups ----------------------------------------------------------------------------------

HUB_EXIT_HOOKS=()
hub_on_exit() { HUB_EXIT_HOOKS+=("$*"); }
hub__run_exit_hooks() {
  local hook
  for hook in "${HUB_EXIT_HOOKS[@]}"; do
    eval "$hook" || true
  done
}
trap hub__run_exit_hooks EXIT

# --- state directories, log files, locks ------------------------------------------------------------

# hub_service_dir NAME: print (and create) the state directory of one service.
hub_service_dir() {
  local dir="$HUB_SERVICES_DIR/$1"
  mkdir -p "$dir" || hub_die "cannot create state directory $dir"
  printf '%s\n' "$dir"
}

# hub_log_file NAME: the log file of a service (e.g. .services/postgres/postgres.log).
hub_log_file() { printf '%s/%s/%s.log\n' "$HUB_SERVICES_DIR" "$1" "$1"; }

# hub_lock NAME [TIMEOUT_S]: take an exclusive lock, held until hub_unlock NAME or the script exits.
# Jest workers call the service scripts concurrently; the lock makes install/initdb/start happen
# once while the others wait, then find the work done.
declare -A HUB_LOCK_FDS=()
hub_lock() {
  local name=$1 timeout=${2:-900} fd
  mkdir -p "$HUB_SERVICES_DIR" || hub_die "cannot create $HUB_SERVICES_DIR"
  exec {fd}>"$HUB_SERVICES_DIR/.$name.lock"
  if ! flock -w "$timeout" "$fd"; then
    hub_die "timed out after ${timeout}s waiting for lock $HUB_SERVICES_DIR/.$name.lock (another start still running?)"
  fi
  HUB_LOCK_FDS[$name]=$fd
}
hub_unlock() {
  local fd=${HUB_LOCK_FDS[$1]:-}
  if [[ -n $fd ]]; then
    exec {fd}>&-
    unset 'HUB_LOCK_FDS[$1]'
  fi
}

# hub_close_lock_fds: close the lock file descriptors in the current (sub)shell. Call it before
# exec'ing anything that may outlive the script: a daemon inheriting the fd would hold the flock for
# as long as it runs, and every later start/stop would wait for it in vain.
hub_close_lock_fds() {
  local fd
  for fd in "${HUB_LOCK_FDS[@]}"; do
    exec {fd}>&-
  done
}

# --- ports --------------------------------------------------------------------------------------------

# hub_port_open HOST PORT: succeed if something accepts TCP connections there.
hub_port_open() {
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# hub_wait_for_port HOST PORT TIMEOUT_S WHAT [LOG_FILE] [PID]: wait until the port accepts connections.
# Fails with the end of LOG_FILE when it times out, or at once when PID (the server) has died.
hub_wait_for_port() {
  local host=$1 port=$2 timeout=$3 what=$4 log=${5:-} pid=${6:-}
  local deadline=$((SECONDS + timeout))
  until hub_port_open "$host" "$port"; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      [[ -n $log ]] && hub_tail_log "$log"
      hub_die "$what exited before it listened on $host:$port${log:+ (log: $log)}"
    fi
    if ((SECONDS >= deadline)); then
      [[ -n $log ]] && hub_tail_log "$log"
      hub_die "$what did not listen on $host:$port within ${timeout}s${log:+ (log: $log)}"
    fi
    sleep 0.2
  done
}

# --- Debian packages ----------------------------------------------------------------------------------

# hub_apt_install PACKAGE...: install Debian packages without letting their postinst start services.
# No systemd here, so postinst scripts go through invoke-rc.d, which asks /usr/sbin/policy-rc.d first:
# exit code 101 means "action not allowed". We create that file only if there is none (container
# images often ship one already) and remove only the one we created.
hub_apt_install() {
  local log="$HUB_SERVICES_DIR/apt.log"
  if ((EUID != 0)); then
    hub_die "the Debian package(s) $* are missing and installing them needs root: run 'sudo apt-get install --no-install-recommends $*' and retry"
  fi
  command -v apt-get >/dev/null || hub_die "the package(s) $* are missing and this is not a Debian-like system (no apt-get): install them by hand"
  hub_lock apt
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, from %s: keep package scripts from starting services\nexit 101\n' \
      "$HUB_ROOT/scripts/services/lib.sh" >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    HUB_OWN_POLICY_RC_D=1
    hub_on_exit hub__remove_own_policy_rc_d # in case we are interrupted mid-install
  fi
  # A fresh machine may have empty package lists: then apt-cache knows no candidate version.
  local pkg
  for pkg in "$@"; do
    if [[ ! $(apt-cache policy "$pkg" 2>/dev/null) =~ Candidate:\ [0-9] ]]; then
      hub_log "apt-get update (no candidate for $pkg yet)"
      apt-get update -q >>"$log" 2>&1 || {
        hub_tail_log "$log"
        hub_die "apt-get update failed (log: $log)"
      }
      break
    fi
  done
  hub_log "installing Debian package(s): $* (log: $log)"
  # Recommends are skipped: prometheus would otherwise pull in (and start) prometheus-node-exporter.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "$@" >>"$log" 2>&1; then
    hub_tail_log "$log"
    hub_die "apt-get install $* failed (log: $log)"
  fi
  hub__remove_own_policy_rc_d
  hub_unlock apt
}
HUB_OWN_POLICY_RC_D=
hub__remove_own_policy_rc_d() {
  if [[ -n $HUB_OWN_POLICY_RC_D ]]; then
    rm -f /usr/sbin/policy-rc.d
    HUB_OWN_POLICY_RC_D=
  fi
}
