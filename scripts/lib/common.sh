# shellcheck shell=bash
# Shared helpers for the AlpesPartners scripts. Source it; do not execute it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Provides: logging (step/info/ok/warn/fail/die), paths (ALPES_ROOT, ALPES_CACHE_DIR, ALPES_RUN_DIR, ALPES_LOG_DIR),
# ensure_node_deps, wait_for_http, run_logged, pid-file process management and small utilities.

if [[ -n "${_ALPES_COMMON_SH:-}" ]]; then return 0; fi
_ALPES_COMMON_SH=1

# ---------------------------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------------------------
ALPES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# shellcheck disable=SC2034 # used by the scripts that source this file
ALPES_SCRIPTS_DIR="$ALPES_ROOT/scripts"
export ALPES_CACHE_DIR="${ALPES_CACHE_DIR:-$HOME/.cache/alpes}"
# Run dir (pid files, generated configuration, logs); git-ignored.
ALPES_RUN_DIR="${ALPES_RUN_DIR:-$ALPES_ROOT/.alpes}"
ALPES_LOG_DIR="$ALPES_RUN_DIR/logs"
ALPES_PID_DIR="$ALPES_RUN_DIR/pids"

# ---------------------------------------------------------------------------------------------------------------
# Logging (to stderr, timestamped; colour only when stderr is a terminal and NO_COLOR is unset)
# ---------------------------------------------------------------------------------------------------------------
if [[ -t 2 && -z "${NO_COLOR:-}" && "${TERM:-dumb}" != "dumb" ]]; then
  _C_RESET=$'\033[0m' _C_BOLD=$'\033[1m' _C_BLUE=$'\033[34m' _C_GREEN=$'\033[32m' _C_YELLOW=$'\033[33m' _C_RED=$'\033[31m' _C_DIM=$'\033[2m'
else
  _C_RESET='' _C_BOLD='' _C_BLUE='' _C_GREEN='' _C_YELLOW='' _C_RED='' _C_DIM=''
fi

_log() { # colour tag message...
  local colour="$1" tag="$2"
  shift 2
  printf '%s%s%s %s%-5s%s %s\n' "$_C_DIM" "$(date '+%H:%M:%S')" "$_C_RESET" "$colour$_C_BOLD" "$tag" "$_C_RESET" "$*" >&2
}
step() { _log "$_C_BLUE" '==>' "$*"; }
info() { _log '' '   ' "$*"; }
ok() { _log "$_C_GREEN" 'ok' "$*"; }
warn() { _log "$_C_YELLOW" 'warn' "$*"; }
fail() { _log "$_C_RED" 'FAIL' "$*"; }
die() {
  fail "$*"
  exit 1
}

# Print the last lines of a log file, indented, to stderr.
log_tail() { # file [lines]
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '%s----- last %s lines of %s -----%s\n' "$_C_DIM" "$lines" "$file" "$_C_RESET" >&2
    tail -n "$lines" "$file" | sed 's/^/  | /' >&2
    printf '%s----- end of %s -----%s\n' "$_C_DIM" "$file" "$_C_RESET" >&2
  else
    info "(log file $file is empty or missing)"
  fi
}

# Run a command with its output captured in a log file. On failure: name the step, show the log tail and its path.
run_logged() { # "step name" logfile cmd...
  local name="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$logfile")"
  local started=$SECONDS rc=0
  "$@" >"$logfile" 2>&1 || rc=$?
  if ((rc != 0)); then
    fail "$name failed (exit $rc) after $((SECONDS - started)) s"
    log_tail "$logfile" 40
    fail "$name: full log in $logfile"
    return "$rc"
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# Small utilities
# ---------------------------------------------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }

ensure_run_dirs() { mkdir -p "$ALPES_RUN_DIR" "$ALPES_LOG_DIR" "$ALPES_PID_DIR" "$ALPES_CACHE_DIR"; }

# Is something listening on host:port? (bash /dev/tcp, no extra tools)
port_open() { # port [host]
  local port="$1" host="${2:-127.0.0.1}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# Install Debian packages (we may be root; otherwise sudo when it is available without a password).
apt_install() { # pkg...
  local sudo=()
  if ((EUID != 0)); then
    if have sudo && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
      fail "need to install $* but not root and no password-less sudo; install them and re-run"
      return 1
    fi
  fi
  have apt-get || {
    fail "need to install $* but apt-get is not available"
    return 1
  }
  ensure_run_dirs
  local log="$ALPES_LOG_DIR/apt-get.log"
  step "Installing Debian packages: $* (log: $log)"
  run_logged "apt-get update" "$log" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
  run_logged "apt-get install $*" "$log.install" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$@" || return 1
  ok "installed $*"
}

# Seconds since the epoch (for durations that survive subshells).
now_s() { date +%s; }

# Format a duration in seconds as "1m05s" / "12s".
fmt_duration() { # seconds
  local s="$1"
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------------
# HTTP status code of a GET (000 when nothing answers).
http_status() { # url [max-time]
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-5}" "$1" 2>/dev/null || true
}

# Wait until a URL answers with the expected status (default: any 2xx). Optionally give up early when a pid dies.
wait_for_http() { # url timeout-seconds [expected-status|2xx] [pid-to-watch]
  local url="$1" timeout="${2:-60}" expected="${3:-2xx}" pid="${4:-}"
  local deadline=$((SECONDS + timeout)) code
  while :; do
    code="$(http_status "$url" 5)"
    if [[ "$expected" == "2xx" && "$code" == 2?? ]] || [[ "$code" == "$expected" ]]; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      fail "process $pid exited while waiting for $url (last status $code)"
      return 2
    fi
    if ((SECONDS >= deadline)); then
      fail "timed out after ${timeout} s waiting for $url (last status $code)"
      return 1
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Processes started by these scripts (pid files)
# ---------------------------------------------------------------------------------------------------------------
# A pid file holds one line: the pid. A process counts as "ours" only when it is alive and its command line still
# contains the marker given when it was started (protects against pid reuse after a reboot).
pidfile_pid() { # pidfile
  [[ -s "$1" ]] || return 1
  local pid
  pid="$(head -n1 "$1" | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  printf '%s\n' "$pid"
}

# Alive = exists and is not a zombie (an exited child waits for init to reap it, which can take seconds).
pid_alive() { # pid
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]]
}

pid_matches() { # pid marker
  local pid="$1" marker="$2"
  pid_alive "$pid" || return 1
  [[ -z "$marker" ]] && return 0
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

# Is the process of this pid file alive (and still the one we started)?
pidfile_alive() { # pidfile [marker]
  local pid
  pid="$(pidfile_pid "$1")" || return 1
  pid_matches "$pid" "${2:-}"
}

# Start a command detached (own session/process group), output appended to a log file, pid written to a pid file.
# The pid written is the command's own (the wrapper shell execs it), whether or not setsid had to fork.
start_detached() { # pidfile logfile cmd...
  local pidfile="$1" logfile="$2"
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  rm -f "$pidfile"
  local launcher=()
  if have setsid; then launcher=(setsid); else launcher=(nohup); fi
  # shellcheck disable=SC2016 # expanded by the inner shell
  "${launcher[@]}" bash -c 'echo "$$" >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 &
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && break
    sleep 0.05
  done
  pidfile_pid "$pidfile"
}

# Stop the process of a pid file: SIGTERM, wait, SIGKILL after the timeout; remove the pid file.
# Only touches a process that is alive and matches the marker. Returns 0 when nothing of ours is left running.
stop_pidfile() { # pidfile name [timeout-seconds] [marker]
  local pidfile="$1" name="$2" timeout="${3:-30}" marker="${4:-}" pid
  if ! pid="$(pidfile_pid "$pidfile")"; then
    info "$name: not started by these scripts (no pid file $pidfile)"
    rm -f "$pidfile"
    return 0
  fi
  if ! pid_matches "$pid" "$marker"; then
    info "$name: pid $pid from $pidfile is not running (stale pid file removed)"
    rm -f "$pidfile"
    return 0
  fi
  step "Stopping $name (pid $pid)"
  # Signal the whole process group when the process leads its own (setsid), else just the process.
  local target="$pid" pgid
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  [[ "$pgid" == "$pid" ]] && target="-$pid"
  kill -TERM -- "$target" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name did not exit within ${timeout} s; sending SIGKILL"
      kill -KILL -- "$target" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.2
  done
  if pid_alive "$pid"; then
    fail "$name (pid $pid) is still running"
    return 1
  fi
  rm -f "$pidfile"
  ok "$name stopped"
}

# ---------------------------------------------------------------------------------------------------------------
# Node dependencies
# ---------------------------------------------------------------------------------------------------------------
# `npm ci` when node_modules is missing or package-lock.json is newer than the installed tree's lock.
ensure_node_deps() {
  have node || die "Node.js 20+ is required (node not found on PATH)"
  have npm || die "npm is required (not found on PATH)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 20)) || die "Node.js 20+ is required (found $(node -v))"
  local lock="$ALPES_ROOT/package-lock.json" installed="$ALPES_ROOT/node_modules/.package-lock.json"
  if [[ -d "$ALPES_ROOT/node_modules" && -f "$installed" && ! "$lock" -nt "$installed" ]]; then
    ok "node dependencies up to date (node_modules)"
    return 0
  fi
  ensure_run_dirs
  local log="$ALPES_LOG_DIR/npm-ci.log"
  step "Installing node dependencies: npm ci (log: $log)"
  local t0=$SECONDS rc=0
  (cd "$ALPES_ROOT" && npm ci --no-audit --no-fund) >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    if ! grep -q 'can only install packages when your package.json and package-lock.json' "$log"; then
      log_tail "$log" 40
      die "step 'npm ci' failed (exit $rc); log: $log"
    fi
    # npm (seen with 11.x) writes package-lock.json without the other platforms' optional native bindings
    # (npm/cli#4828, #8320) and its own `npm ci` then calls the lock out of sync. Install from the lock anyway,
    # without rewriting package.json or package-lock.json (--no-save).
    if grep -q 'Missing: @' "$log" && ! grep 'Missing: @' "$log" | grep -qv 'binding\|@esbuild/\|@rollup/rollup-\|@swc/core-\|@nx/nx-'; then
      info "npm ci refused the lock only for other platforms' optional bindings (npm bug); installing with 'npm install --no-save'"
    else
      warn "package-lock.json is out of sync with package.json: npm ci refused it (details: $log)"
      warn "falling back to 'npm install --no-save' (package-lock.json is left untouched); regenerate and commit the lock to fix"
    fi
    (cd "$ALPES_ROOT" && run_logged "npm install --no-save" "$ALPES_LOG_DIR/npm-install.log" \
      npm install --no-save --no-audit --no-fund) || die "step 'npm install' failed; log: $ALPES_LOG_DIR/npm-install.log"
  fi
  ok "node dependencies installed in $(fmt_duration $((SECONDS - t0)))"
}

# Run a TypeScript script of scripts/tools with ts-node (transpile-only) and the tsconfig path aliases.
run_ts() { # script.ts args...
  local script="$1"
  shift
  (cd "$ALPES_ROOT" && TS_NODE_PROJECT="$ALPES_ROOT/tsconfig.scripts.json" TS_NODE_TRANSPILE_ONLY=true \
    node -r ts-node/register/transpile-only -r tsconfig-paths/register "$script" "$@")
}
