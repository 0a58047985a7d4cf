# shellcheck shell=bash
# MySQL/MariaDB for the services: find a reachable server, else start a local MariaDB (installing it when needed),
# and create the service databases. Source after common.sh.
#
# Environment (defaults): MYSQL_HOST=127.0.0.1 MYSQL_PORT=3306 MYSQL_USER=root MYSQL_PASSWORD=(empty)
#   ALPES_DATABASES="afiliados conversiones marketing tracking_queries monitoreo"
#   MYSQL_DATA_DIR=$ALPES_CACHE_DIR/mariadb-data/$MYSQL_PORT   (only for a server these scripts start)
#   MYSQL_START_TIMEOUT=60
#
# A second, private server (e.g. the one the end-to-end fault drill restarts) is just another MYSQL_PORT: it gets its
# own data dir, socket, pid file (.alpes/pids/mysql-<port>.pid) and log (.alpes/logs/mariadb-<port>.log); port 3306
# keeps the historical mysql.pid / mariadb.log.

if [[ -n "${_ALPES_MYSQL_SH:-}" ]]; then return 0; fi
_ALPES_MYSQL_SH=1

export MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}"
export MYSQL_PORT="${MYSQL_PORT:-3306}"
export MYSQL_USER="${MYSQL_USER:-root}"
export MYSQL_PASSWORD="${MYSQL_PASSWORD:-}"
ALPES_DATABASES="${ALPES_DATABASES:-afiliados conversiones marketing tracking_queries monitoreo}"
MYSQL_DATA_DIR="${MYSQL_DATA_DIR:-$ALPES_CACHE_DIR/mariadb-data/$MYSQL_PORT}"
MYSQL_START_TIMEOUT="${MYSQL_START_TIMEOUT:-60}"

if [[ "$MYSQL_PORT" == "3306" ]]; then
  MYSQL_PID_FILE="$ALPES_PID_DIR/mysql.pid"
  MYSQL_LOG_FILE="$ALPES_LOG_DIR/mariadb.log"
else
  MYSQL_PID_FILE="$ALPES_PID_DIR/mysql-$MYSQL_PORT.pid"
  MYSQL_LOG_FILE="$ALPES_LOG_DIR/mariadb-$MYSQL_PORT.log"
fi
MYSQL_SOCKET="${TMPDIR:-/tmp}/alpes-mariadb-$MYSQL_PORT.sock"
# Set to 1 by mysql_ensure when this shell started the server.
MYSQL_STARTED_BY_US="${MYSQL_STARTED_BY_US:-0}"

# ---------------------------------------------------------------------------------------------------------------
# Client: mariadb / mysql CLI when installed, else mysql2 from node_modules
# ---------------------------------------------------------------------------------------------------------------
_mysql_cli() {
  if have mariadb; then printf 'mariadb\n'; elif have mysql; then printf 'mysql\n'; else return 1; fi
}

# Run SQL against MYSQL_HOST:MYSQL_PORT; rows printed tab-separated without headers.
mysql_exec() { # sql
  local sql="$1" cli
  if cli="$(_mysql_cli)"; then
    MYSQL_PWD="$MYSQL_PASSWORD" "$cli" --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" \
      --connect-timeout=3 -N -B -e "$sql"
    return
  fi
  [[ -d "$ALPES_ROOT/node_modules/mysql2" ]] || {
    fail "no mariadb/mysql client and no node_modules/mysql2 (run npm ci)"
    return 1
  }
  ALPES_SQL="$sql" node -e '
    const mysql = require(require("path").join(process.argv[1], "node_modules/mysql2/promise"));
    (async () => {
      const c = await mysql.createConnection({
        host: process.env.MYSQL_HOST, port: Number(process.env.MYSQL_PORT), user: process.env.MYSQL_USER,
        password: process.env.MYSQL_PASSWORD || "", connectTimeout: 3000, multipleStatements: true,
      });
      try {
        const [rows] = await c.query(process.env.ALPES_SQL);
        const sets = Array.isArray(rows) && rows.some(Array.isArray) ? rows : [rows];
        for (const set of sets) if (Array.isArray(set)) for (const r of set) console.log(Object.values(r).join("\t"));
      } finally { await c.end(); }
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' "$ALPES_ROOT"
}

mysql_reachable() { mysql_exec 'SELECT 1' >/dev/null 2>&1; }

_mysql_host_is_local() { [[ "$MYSQL_HOST" == "127.0.0.1" || "$MYSQL_HOST" == "localhost" || "$MYSQL_HOST" == "::1" ]]; }

# ---------------------------------------------------------------------------------------------------------------
# Local server (MariaDB) started by these scripts
# ---------------------------------------------------------------------------------------------------------------
_mysql_find_bin() { # name... -> first found on PATH or in /usr/sbin, /usr/bin
  local n d
  for n in "$@"; do
    if have "$n"; then
      command -v "$n"
      return 0
    fi
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      if [[ -x "$d/$n" ]]; then
        printf '%s\n' "$d/$n"
        return 0
      fi
    done
  done
  return 1
}

mysql_ours_running() { pidfile_alive "$MYSQL_PID_FILE" "$MYSQL_DATA_DIR"; }

_mysql_server_args() { # mysqld-binary
  local args=(--no-defaults "--datadir=$MYSQL_DATA_DIR" "--port=$MYSQL_PORT" "--bind-address=$MYSQL_HOST"
    "--socket=$MYSQL_SOCKET" "--pid-file=$MYSQL_DATA_DIR/mysqld.pid" "--log-error=$MYSQL_LOG_FILE"
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
    --innodb-buffer-pool-size=256M --max-connections=500)
  [[ "$MYSQL_HOST" == "localhost" ]] && args[3]="--bind-address=127.0.0.1"
  ((EUID == 0)) && args+=(--user=root)
  printf '%s\n' "${args[@]}"
}

mysql_start_local() {
  ensure_run_dirs
  if mysql_ours_running; then
    info "MariaDB started by these scripts is running (pid $(pidfile_pid "$MYSQL_PID_FILE"))"
  else
    local mysqld installdb
    if ! mysqld="$(_mysql_find_bin mariadbd mysqld)"; then
      step "No MySQL/MariaDB server installed: installing mariadb-server from Debian"
      apt_install mariadb-server || return 1
      # The package may have started its own service on the default port.
      if mysql_reachable; then
        ok "MariaDB from the Debian package answers at $MYSQL_HOST:$MYSQL_PORT"
        return 0
      fi
      mysqld="$(_mysql_find_bin mariadbd mysqld)" || {
        fail "mariadb-server installed but no mariadbd/mysqld binary found"
        return 1
      }
    fi
    if port_open "$MYSQL_PORT"; then
      fail "port $MYSQL_PORT is in use but MySQL does not accept $MYSQL_USER@$MYSQL_HOST:$MYSQL_PORT"
      fail "check MYSQL_USER / MYSQL_PASSWORD, or choose another MYSQL_PORT"
      return 1
    fi
    if [[ ! -d "$MYSQL_DATA_DIR/mysql" ]]; then
      installdb="$(_mysql_find_bin mariadb-install-db mysql_install_db)" || {
        fail "no mariadb-install-db to initialise $MYSQL_DATA_DIR"
        return 1
      }
      step "Initialising a MariaDB data dir in $MYSQL_DATA_DIR"
      mkdir -p "$(dirname "$MYSQL_DATA_DIR")"
      local tmp="$MYSQL_DATA_DIR.init"
      rm -rf "$tmp"
      local user_arg=()
      ((EUID == 0)) && user_arg=(--user=root)
      run_logged "mariadb-install-db" "$ALPES_LOG_DIR/mariadb-install-db.log" \
        "$installdb" --no-defaults "--datadir=$tmp" "${user_arg[@]}" \
        --auth-root-authentication-method=normal --skip-test-db || return 1
      mv "$tmp" "$MYSQL_DATA_DIR"
      ok "initialised $MYSQL_DATA_DIR"
    fi
    local args=()
    mapfile -t args < <(_mysql_server_args "$mysqld")
    step "Starting MariaDB on $MYSQL_HOST:$MYSQL_PORT (data $MYSQL_DATA_DIR, log $MYSQL_LOG_FILE)"
    start_detached "$MYSQL_PID_FILE" "$MYSQL_LOG_FILE" "$mysqld" "${args[@]}" >/dev/null
    MYSQL_STARTED_BY_US=1
  fi
  local pid deadline=$((SECONDS + MYSQL_START_TIMEOUT))
  pid="$(pidfile_pid "$MYSQL_PID_FILE")"
  # The fresh server has root@localhost with an empty password: connect over its socket to create the app user.
  until _mysql_socket_exec 'SELECT 1' >/dev/null 2>&1; do
    if ! pid_alive "$pid"; then
      log_tail "$MYSQL_LOG_FILE" 30
      fail "MariaDB exited during start-up; log: $MYSQL_LOG_FILE"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$MYSQL_LOG_FILE" 30
      fail "MariaDB not ready after ${MYSQL_START_TIMEOUT} s; log: $MYSQL_LOG_FILE"
      return 1
    fi
    sleep 1
  done
  _mysql_ensure_user
  mysql_reachable || {
    fail "MariaDB started but $MYSQL_USER@$MYSQL_HOST:$MYSQL_PORT cannot log in; log: $MYSQL_LOG_FILE"
    return 1
  }
  ok "MariaDB ready at $MYSQL_HOST:$MYSQL_PORT (pid $pid)"
}

_mysql_socket_exec() { # sql (as root over the unix socket of the server we started)
  local cli
  cli="$(_mysql_cli)" || return 1
  [[ -S "$MYSQL_SOCKET" ]] || return 1
  # The client reads MYSQL_HOST / MYSQL_TCP_PORT / MYSQL_PWD from the environment and would then connect over TCP
  # to whatever server MYSQL_HOST names: drop them so this only ever talks to our socket.
  env -u MYSQL_HOST -u MYSQL_TCP_PORT -u MYSQL_PWD -u MYSQL_UNIX_PORT \
    "$cli" --no-defaults --protocol=SOCKET -S "$MYSQL_SOCKET" -u root -N -B -e "$1"
}

_mysql_sql_quote() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }

# Make MYSQL_USER/MYSQL_PASSWORD work over TCP on the server we started.
_mysql_ensure_user() {
  mysql_reachable && return 0
  _mysql_cli >/dev/null || return 0
  local u p
  u="$(_mysql_sql_quote "$MYSQL_USER")" p="$(_mysql_sql_quote "$MYSQL_PASSWORD")"
  info "creating MySQL user $MYSQL_USER for TCP access"
  _mysql_socket_exec "CREATE USER IF NOT EXISTS $u@'localhost' IDENTIFIED BY $p;
    CREATE USER IF NOT EXISTS $u@'127.0.0.1' IDENTIFIED BY $p; CREATE USER IF NOT EXISTS $u@'%' IDENTIFIED BY $p;
    ALTER USER $u@'localhost' IDENTIFIED BY $p; ALTER USER $u@'127.0.0.1' IDENTIFIED BY $p; ALTER USER $u@'%' IDENTIFIED BY $p;
    GRANT ALL PRIVILEGES ON *.* TO $u@'localhost' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO $u@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO $u@'%' WITH GRANT OPTION; FLUSH PRIVILEGES;"
}

mysql_stop() {
  if mysql_ours_running; then
    stop_pidfile "$MYSQL_PID_FILE" "MariaDB" 60 "$MYSQL_DATA_DIR"
  else
    rm -f "$MYSQL_PID_FILE"
    info "no MariaDB started by these scripts is running (a server at $MYSQL_HOST:$MYSQL_PORT, if any, is left alone)"
  fi
}

# Restart the server these scripts started (SIGTERM, wait, start on the same data dir). Returns 3, changing nothing,
# when the server at MYSQL_HOST:MYSQL_PORT was not started by these scripts (a shared server is never restarted).
mysql_restart_ours() {
  if ! mysql_ours_running; then
    info "the MySQL/MariaDB at $MYSQL_HOST:$MYSQL_PORT was not started by these scripts: not restarting it"
    return 3
  fi
  step "Restarting the MariaDB these scripts started ($MYSQL_HOST:$MYSQL_PORT)"
  stop_pidfile "$MYSQL_PID_FILE" "MariaDB" 60 "$MYSQL_DATA_DIR" || return 1
  mysql_start_local
}

# ---------------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------------
mysql_ensure_server() {
  if mysql_reachable; then
    if mysql_ours_running; then
      ok "MariaDB (started by these scripts, pid $(pidfile_pid "$MYSQL_PID_FILE")) at $MYSQL_HOST:$MYSQL_PORT"
    else
      local v
      v="$(mysql_exec 'SELECT VERSION()' 2>/dev/null || true)"
      ok "reusing MySQL/MariaDB ${v:+$v }at $MYSQL_HOST:$MYSQL_PORT (user $MYSQL_USER)"
    fi
    return 0
  fi
  if ! _mysql_host_is_local; then
    fail "MySQL at $MYSQL_HOST:$MYSQL_PORT is not reachable as $MYSQL_USER (and it is not local, so none is started)"
    return 1
  fi
  info "no MySQL/MariaDB answers at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER"
  mysql_start_local
}

mysql_create_databases() {
  local existing db created=() found=()
  existing="$(mysql_exec 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA')" || {
    fail "cannot list databases at $MYSQL_HOST:$MYSQL_PORT"
    return 1
  }
  for db in $ALPES_DATABASES; do
    if grep -qxF "$db" <<<"$existing"; then
      found+=("$db")
    else
      mysql_exec "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" || {
        fail "could not create database $db"
        return 1
      }
      created+=("$db")
    fi
  done
  ((${#created[@]} == 0)) || ok "created databases: ${created[*]}"
  ((${#found[@]} == 0)) || ok "databases already present: ${found[*]}"
}

mysql_ensure() {
  mysql_ensure_server && mysql_create_databases
}

mysql_status() {
  if mysql_reachable; then
    ok "MySQL reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER ($(mysql_exec 'SELECT VERSION()' 2>/dev/null || echo '?'))"
  else
    fail "MySQL not reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER"
    return 1
  fi
  if mysql_ours_running; then
    info "started by these scripts: pid $(pidfile_pid "$MYSQL_PID_FILE"), data $MYSQL_DATA_DIR, log $MYSQL_LOG_FILE"
  else
    info "not started by these scripts"
  fi
}
