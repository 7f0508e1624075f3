#!/usr/bin/env bash
# A throw-away PostgreSQL for tests and local development, from Debian's packages, without systemd.
#
#   scripts/services/postgres.sh start    install if needed, initdb once, start; returns at once if running
#   scripts/services/postgres.sh stop     stop it (fast shutdown)
#   scripts/services/postgres.sh status   exit 0 and describe it when running, exit 3 when not
#   scripts/services/postgres.sh url      print the admin URL (postgres://postgres@127.0.0.1:55432/postgres)
#   scripts/services/postgres.sh socket-url
#                                         the same over the Unix socket (postgres://postgres@%2Ftmp:55432/postgres)
#
# The cluster lives in .services/postgres/data, listens on 127.0.0.1 and on a Unix socket in /tmp,
# port $HUB_TEST_PG_PORT (default 55432), trust authentication, so it must never be exposed beyond
# this machine.
# Log: .services/postgres/postgres.log. To start from scratch: stop, then rm -rf .services/postgres.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_HOST=127.0.0.1
PG_PORT="${HUB_TEST_PG_PORT:-55432}"
PG_URL="postgres://postgres@$PG_HOST:$PG_PORT/postgres"
# In /tmp, not the data directory: a socket path inside a deep checkout can exceed the 107-byte limit.
PG_SOCKET_DIR=/tmp
PG_SOCKET_URL="postgres://postgres@${PG_SOCKET_DIR//\//%2F}:$PG_PORT/postgres"
PG_STATE="$HUB_SERVICES_DIR/postgres"
# initdb and the server refuse to run as root; as root we run them as Debian's `postgres` user.
PG_OS_USER=postgres

[[ $PG_PORT =~ ^[0-9]+$ ]] || hub_die "HUB_TEST_PG_PORT must be a port number, got '$PG_PORT'"

# The data directory normally sits in the repo's .services/. When the checkout is in a directory the
# postgres user cannot enter (e.g. under a 0700 /root), start falls back to a directory outside the
# repo and leaves its path in .services/postgres/datadir, where the other commands look first.
pg_datadir() {
  if [[ -s $PG_STATE/datadir ]]; then
    cat "$PG_STATE/datadir"
  else
    printf '%s\n' "$PG_STATE/data"
  fi
}
# The server log sits next to the data directory: .services/postgres/postgres.log.
pg_log() { printf '%s/postgres.log\n' "$(dirname "$(pg_datadir)")"; }

# run_pg CMD...: run a server-side command as the cluster's owner, from / (the caller's cwd may be
# unreadable to that user, which makes pg_ctl complain), without our lock fds (the server must not
# inherit them).
run_pg() {
  (
    hub_close_lock_fds
    cd /
    if ((EUID == 0)); then
      exec runuser -u "$PG_OS_USER" -- "$@"
    else
      exec "$@"
    fi
  )
}

# find_bindir: print the directory with initdb, pg_ctl, postgres and pg_isready, newest version first.
# Debian puts them in /usr/lib/postgresql/<major>/bin (only psql & co. are wrapped in /usr/bin).
# HUB_PG_BINDIR overrides.
find_bindir() {
  local dir candidates=()
  if [[ -n ${HUB_PG_BINDIR:-} ]]; then
    candidates+=("$HUB_PG_BINDIR")
  fi
  if compgen -G '/usr/lib/postgresql/*/bin' >/dev/null; then
    mapfile -t -O "${#candidates[@]}" candidates < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  fi
  if dir=$(command -v pg_ctl 2>/dev/null); then
    candidates+=("$(dirname "$(readlink -f "$dir")")")
  fi
  for dir in "${candidates[@]}"; do
    if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres && -x $dir/pg_isready ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

missing_server_msg() {
  printf 'PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_isready) not found in %s' \
    "${HUB_PG_BINDIR:-/usr/lib/postgresql/*/bin or PATH}"
}

# Is *our* cluster running? (pg_ctl status checks postmaster.pid and that the pid is alive.)
own_running() {
  local bindir=$1 datadir
  datadir=$(pg_datadir)
  [[ -f $datadir/postmaster.pid ]] && run_pg "$bindir/pg_ctl" status -D "$datadir" >/dev/null 2>&1
}

# The port recorded by the running server (4th line of postmaster.pid).
own_port() { sed -n 4p "$(pg_datadir)/postmaster.pid" 2>/dev/null; }

# Something else answers on our port: is it a PostgreSQL we can use (e.g. the instance of another
# checkout of this repo, left running on purpose)? Prints its data directory if so.
foreign_postgres_datadir() {
  local psql bindir
  if bindir=$(find_bindir) && [[ -x $bindir/psql ]]; then
    psql=$bindir/psql
  else
    psql=$(command -v psql) || return 1
  fi
  PGCONNECT_TIMEOUT=3 "$psql" -X -At -d "$PG_URL" -c 'show data_directory' 2>/dev/null
}

# After apt-get installed postgresql: Debian's postinst creates a "main" cluster (port 5432). With
# policy-rc.d in place it is not started, but if it was (a policy-rc.d that allows it), stop it so no
# system instance is left behind. We do not touch clusters when we did not just install the package.
stop_debian_clusters() {
  command -v pg_lsclusters >/dev/null || return 0
  local ver name port status _rest
  while read -r ver name port status _rest; do
    if [[ $status == online* ]]; then
      hub_warn "the package started Debian cluster $ver/$name on port $port: stopping it"
      pg_ctlcluster "$ver" "$name" stop || hub_warn "could not stop Debian cluster $ver/$name"
    fi
  done < <(pg_lsclusters --no-header 2>/dev/null || true)
}

ensure_os_user() {
  ((EUID == 0)) || return 0 # not root: the server runs as the current user
  if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    hub_log "creating system user $PG_OS_USER"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$PG_OS_USER" ||
      hub_die "could not create the system user $PG_OS_USER needed to run initdb/postgres as non-root"
  fi
}

# Choose and prepare the directory holding the data directory, owned by the server's user.
prepare_datadir() {
  local datadir log
  datadir=$(pg_datadir)
  log=$(pg_log)
  mkdir -p "$PG_STATE" "$datadir"
  if ((EUID == 0)); then
    chown "$PG_OS_USER:" "$(dirname "$datadir")" "$datadir"
    touch "$log" && chown "$PG_OS_USER:" "$log"
    # shellcheck disable=SC2016 # $1/$2 are expanded by the inner sh
    if ! run_pg sh -c '[ -w "$1" ] && [ -w "$2" ]' _ "$datadir" "$log"; then
      # Some parent of the repo is not searchable by the postgres user. The fallback is keyed by the
      # state directory, so that separate clusters (HUB_SERVICES_DIR) never share one.
      local fallback
      fallback="/var/lib/llm-analytics-hub/$(printf '%s' "$HUB_SERVICES_DIR" | cksum | cut -d' ' -f1)/postgres"
      hub_warn "user $PG_OS_USER cannot write $datadir (a parent directory is not searchable by it); using $fallback"
      mkdir -p "$fallback/data"
      chown -R "$PG_OS_USER:" "$fallback"
      chmod 755 /var/lib/llm-analytics-hub
      printf '%s\n' "$fallback/data" >"$PG_STATE/datadir"
      datadir="$fallback/data"
      log=$(pg_log)
      touch "$log" && chown "$PG_OS_USER:" "$log"
    fi
  fi
  chmod 700 "$datadir"
}

write_config() {
  local bindir=$1 datadir=$2 preload=''
  # TimescaleDB is not packaged here; where it is installed, load it so its code paths get exercised.
  if [[ -x $bindir/pg_config && -f "$("$bindir/pg_config" --pkglibdir)/timescaledb.so" ]]; then
    preload='timescaledb'
  fi
  # Rewritten on every start, so a changed HUB_TEST_PG_PORT takes effect.
  cat >"$datadir/hub.conf" <<EOF
# Written by scripts/services/postgres.sh on every start; edits are lost.
listen_addresses = '$PG_HOST'
port = $PG_PORT
# The socket is what a processor on the same machine should use: loopback TCP makes the writer pay
# both ends' TCP stack (the ingest benchmark connects over it).
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
shared_buffers = 256MB
# fsync stays on (the data directory is kept between runs). Not waiting for the WAL flush at commit
# makes many small test transactions fast; a crash loses at most the last few, never corrupts.
fsync = on
synchronous_commit = off
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
shared_preload_libraries = '$preload'
EOF
  cat >"$datadir/pg_hba.conf" <<'EOF'
# Written by scripts/services/postgres.sh. Test cluster: trust, loopback only.
# TYPE  DATABASE     USER  ADDRESS         METHOD
local   all          all                   trust
host    all          all   127.0.0.1/32    trust
host    replication  all   127.0.0.1/32    trust
EOF
  if ((EUID == 0)); then
    chown "$PG_OS_USER:" "$datadir/hub.conf" "$datadir/pg_hba.conf"
  fi
}

cmd_start() {
  local bindir datadir log
  # Fast path, without the lock: already running on the expected port.
  if bindir=$(find_bindir) && own_running "$bindir" && [[ $(own_port) == "$PG_PORT" ]]; then
    return 0
  fi

  hub_lock postgres
  # Somebody else may have started it while we waited for the lock.
  if bindir=$(find_bindir) && own_running "$bindir"; then
    if [[ $(own_port) != "$PG_PORT" ]]; then
      hub_die "the test cluster in $(pg_datadir) is running on port $(own_port), not $PG_PORT: run '$0 stop' first"
    fi
    return 0
  fi

  if hub_port_open "$PG_HOST" "$PG_PORT"; then
    local other
    if other=$(foreign_postgres_datadir) && [[ -n $other ]]; then
      hub_warn "a PostgreSQL from another data directory ($other) already listens on $PG_HOST:$PG_PORT and accepts $PG_URL: using it"
      return 0
    fi
    hub_die "port $PG_HOST:$PG_PORT is taken by something that is not a usable PostgreSQL: free it or set HUB_TEST_PG_PORT to another port"
  fi

  if ! bindir=$(find_bindir); then
    hub_log "$(missing_server_msg): installing Debian package postgresql"
    hub_apt_install postgresql
    stop_debian_clusters
    bindir=$(find_bindir) || hub_die "$(missing_server_msg), even after 'apt-get install postgresql'"
  fi
  command -v runuser >/dev/null || ((EUID != 0)) || hub_die "runuser (package util-linux) is missing: it is needed to run initdb as user $PG_OS_USER"

  ensure_os_user
  prepare_datadir
  datadir=$(pg_datadir)
  log=$(pg_log)

  local version
  version=$("$bindir/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
  if [[ ! -f $datadir/PG_VERSION ]]; then
    hub_log "initdb (PostgreSQL $version) in $datadir"
    # --no-sync: do not fsync the fresh cluster files; it only matters if the machine crashes in the
    # next seconds, and saves a lot of time on slow disks.
    if ! run_pg "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --no-locale \
      --no-sync --no-instructions >"$PG_STATE/initdb.log" 2>&1; then
      hub_tail_log "$PG_STATE/initdb.log"
      hub_die "initdb failed (log: $PG_STATE/initdb.log)"
    fi
    printf "\ninclude_if_exists = 'hub.conf'\n" >>"$datadir/postgresql.conf"
  elif [[ $(<"$datadir/PG_VERSION") != "$version" ]]; then
    hub_die "$datadir was made by PostgreSQL $(<"$datadir/PG_VERSION") but the server found is $version ($bindir): remove $(dirname "$datadir") and start again"
  fi
  write_config "$bindir" "$datadir"

  hub_log "starting PostgreSQL $version on $PG_HOST:$PG_PORT (log: $log)"
  if ! run_pg "$bindir/pg_ctl" start -D "$datadir" -l "$log" -w -t 120 >/dev/null 2>&1; then
    hub_tail_log "$log"
    hub_die "PostgreSQL did not start (log: $log)"
  fi
  if ! "$bindir/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -t 30; then
    hub_tail_log "$log"
    hub_die "PostgreSQL started but does not accept connections on $PG_HOST:$PG_PORT (log: $log)"
  fi
  hub_log "PostgreSQL ready: $PG_URL"
}

cmd_stop() {
  local bindir datadir other
  datadir=$(pg_datadir)
  if bindir=$(find_bindir) && own_running "$bindir"; then
    hub_lock postgres
    run_pg "$bindir/pg_ctl" stop -D "$datadir" -m fast -w -t 60 >/dev/null ||
      hub_die "pg_ctl stop failed (log: $(pg_log))"
    hub_log "PostgreSQL stopped ($datadir)"
  elif other=$(foreign_postgres_datadir) && [[ -n $other ]]; then
    hub_log "the PostgreSQL on $PG_HOST:$PG_PORT belongs to another data directory ($other); stop it with: runuser -u $PG_OS_USER -- ${bindir:-/usr/lib/postgresql/VERSION/bin}/pg_ctl stop -D '$other'"
  else
    hub_log "PostgreSQL is not running"
  fi
}

cmd_status() {
  local bindir other
  if bindir=$(find_bindir) && own_running "$bindir"; then
    printf 'running: pid %s, %s, data %s, log %s\n' "$(head -n1 "$(pg_datadir)/postmaster.pid")" \
      "postgres://postgres@$PG_HOST:$(own_port)/postgres" "$(pg_datadir)" "$(pg_log)"
    return 0
  fi
  if other=$(foreign_postgres_datadir) && [[ -n $other ]]; then
    printf 'running (another data directory: %s): %s\n' "$other" "$PG_URL"
    return 0
  fi
  if [[ -z ${bindir:-} ]]; then
    printf 'stopped (%s)\n' "$(missing_server_msg)"
  else
    printf 'stopped\n'
  fi
  return 3
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) printf '%s\n' "$PG_URL" ;;
  socket-url) printf '%s\n' "$PG_SOCKET_URL" ;;
  *)
    printf 'usage: %s {start|stop|status|url|socket-url}\n' "$0" >&2
    exit 2
    ;;
esac
