#!/usr/bin/env bash
# What `npm test` runs (after scripts/ensure-installed.mjs): start the real services the tests use,
# then lint, format check, typecheck and the jest suites of every workspace.
# Extra arguments go to jest: `npm test -- -t 'kafka'`.
#
# The services are left running on purpose (a rerun then starts in well under a second); the
# commands to stop them are printed at the end.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=services/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/services/lib.sh"
cd "$HUB_ROOT"

SERVICES="$HUB_ROOT/scripts/services"

print_stop_hint() {
  hub_log "services left running for faster reruns; to stop them:"
  hub_log "  bash scripts/services/postgres.sh stop"
  [[ -f $SERVICES/kafka.sh ]] && hub_log "  bash scripts/services/kafka.sh stop"
  return 0
}

step() { hub_log "== $* =="; }

step "PostgreSQL"
bash "$SERVICES/postgres.sh" start
hub_on_exit print_stop_hint
HUB_TEST_DATABASE_URL="$(bash "$SERVICES/postgres.sh" url)"
export HUB_TEST_DATABASE_URL

step "Kafka"
if [[ ! -f $SERVICES/kafka.sh ]]; then
  hub_die "scripts/services/kafka.sh is missing: it starts the Kafka broker the tests need (see shared/ARCHITECTURE.md, 'Real services in tests')"
fi
bash "$SERVICES/kafka.sh" start
HUB_TEST_KAFKA_BROKERS="$(bash "$SERVICES/kafka.sh" brokers)"
[[ -n $HUB_TEST_KAFKA_BROKERS ]] || hub_die "scripts/services/kafka.sh brokers printed nothing"
export HUB_TEST_KAFKA_BROKERS

step "Prometheus and Alertmanager binaries"
bash "$SERVICES/prometheus.sh" install

step "Chromium"
# The plugins' browser tests render their editors and panels in it.
bash "$SERVICES/chromium.sh" install
HUB_CHROMIUM="$(bash "$SERVICES/chromium.sh" path)"
export HUB_CHROMIUM

hub_log "HUB_TEST_DATABASE_URL=$HUB_TEST_DATABASE_URL HUB_TEST_KAFKA_BROKERS=$HUB_TEST_KAFKA_BROKERS"

step "eslint"
npx eslint .
step "prettier --check"
npx prettier --check .
step "typecheck"
npm run typecheck --workspaces --if-present
step "build"
# Crash and restart tests run the built processor (dist/) as a child process; the plugins' tests
# run it in-process with demo traffic.
npm run build --workspaces --if-present
step "jest"
npm test --workspaces --if-present -- "$@"
