#!/usr/bin/env bash
# MySQL/MariaDB for the services.
#
#   scripts/mysql.sh ensure             reuse a reachable server (MYSQL_HOST/PORT/USER/PASSWORD) or start a local
#                                       MariaDB (installing mariadb-server when needed), then create the databases
#   scripts/mysql.sh create-databases   CREATE DATABASE IF NOT EXISTS for every service database (utf8mb4)
#   scripts/mysql.sh status             reachability and whether these scripts started the server
#   scripts/mysql.sh stop               stop the MariaDB these scripts started (pid file); never another server
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  ensure) mysql_ensure ;;
  create-databases) mysql_create_databases ;;
  status) mysql_status ;;
  stop) mysql_stop ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
