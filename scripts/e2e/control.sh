#!/usr/bin/env bash
# Fault injection for the end-to-end fault drill (called by scripts/e2e/fault-drill.ts; usable by hand).
# Acts only on what these scripts started (pid files): an app of the current set, the Pulsar standalone, the MariaDB.
#
#   scripts/e2e/control.sh can <app:NAME|broker|mysql>   exit 0 when it can be injected; else prints why, exit 3
#   scripts/e2e/control.sh app-kill <app>                kill -9 the app
#   scripts/e2e/control.sh app-start <app>               start it again with its last launch environment, wait /health
#   scripts/e2e/control.sh broker-stop | broker-start    stop / start the Pulsar standalone these scripts started
#   scripts/e2e/control.sh mysql-restart                 restart the MariaDB these scripts started (MYSQL_PORT)
#
# Exit codes: 0 done, 3 not performed because it is not ours (reason on stdout), other = failed (see the message).
# Environment: the same as the scripts that started things (ALPES_RUN_DIR, ALPES_APPS_SET, PULSAR_*, MYSQL_*);
# E2E_MYSQL_PRIVATE=0 (set by an isolated run that did not start its MariaDB) refuses the MariaDB restart.
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
# shellcheck source=../lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
# shellcheck source=../lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"
# shellcheck source=../lib/apps.sh
source "$ALPES_SCRIPTS_DIR/lib/apps.sh"

not_ours() {
  printf '%s\n' "$*"
  exit 3
}

can() { # what
  case "$1" in
    app:*)
      local app="${1#app:}"
      app_running "$app" || not_ours "$app is not running as a process started by these scripts (no live pid in $(app_pidfile "$app"))"
      [[ -s "$(app_envfile "$app")" ]] || not_ours "$app has no recorded launch environment ($(app_envfile "$app")), so it could not be restarted"
      ;;
    broker)
      pulsar_ours_running || not_ours "the Pulsar broker at $PULSAR_HTTP_URL was not started by these scripts (no live pid in $PULSAR_PID_FILE); stopping someone else's broker is not done"
      ;;
    mysql)
      # An isolated run says whether it started the server itself: the pid file of a port is shared by every run of
      # this tree, so it alone does not tell whether the server belongs to this run.
      [[ "${E2E_MYSQL_PRIVATE:-}" != 0 ]] || not_ours "the MySQL/MariaDB at $MYSQL_HOST:$MYSQL_PORT was not started by this end-to-end run (E2E_MYSQL_PRIVATE=0); restarting a server other runs may use is not done"
      mysql_ours_running || not_ours "the MySQL/MariaDB at $MYSQL_HOST:$MYSQL_PORT was not started by these scripts (no live pid in $MYSQL_PID_FILE); restarting a shared server is not done"
      ;;
    *) die "unknown target '$1' (app:<name>, broker, mysql)" ;;
  esac
  printf 'ok\n'
}

case "${1:-}" in
  can) can "${2:?target}" ;;
  app-kill)
    can "app:${2:?app}" >&2
    kill9_app "$2"
    ;;
  app-start) restart_app "${2:?app}" ;;
  broker-stop)
    can broker >&2
    pulsar_stop
    ;;
  broker-start)
    # The pid file is gone after a stop: start our standalone again on the same configuration and data.
    pulsar_start
    ;;
  mysql-restart)
    can mysql >&2
    mysql_restart_ours
    ;;
  -h | --help | help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *)
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
