#!/usr/bin/env bash
# Checks docker-compose.yml and docker/Dockerfile on a machine without a Docker engine.
#
#   scripts/check_docker.sh                  everything below
#   scripts/check_docker.sh --static         only 1–4 (no build, no running; a few seconds)
#   scripts/check_docker.sh --apps a,b       build and run only these apps (default: all five)
#
#   1. `docker-compose config` (v1, the Debian package; `docker compose` v2 when that is what is installed) accepts
#      the file, also with host-side overrides (ports, credentials), which must take effect.
#   2. The resolved configuration matches the code: each app's port, database, MySQL account, broker URL, start order
#      (MySQL + Pulsar healthy, pulsar-setup completed), health checks, and every environment variable handed to an
#      app is one the code reads; the broker settings equal those scripts/lib/pulsar.sh applies.
#   3. The Dockerfile statically: stages, every COPY source exists and survives .dockerignore, non-root USER,
#      HEALTHCHECK, EXPOSE, the targets and build args docker-compose.yml uses; shell scripts pass shellcheck.
#   4. The Pulsar health-check script against this machine's broker.
#   5. The Dockerfile's stages executed outside Docker (docker/check/docker_check.py emulate: npm ci, nx build,
#      npm prune, the COPYs) in a temporary directory, then each image run as a container would run it
#      (docker/check/run-images.ts): its CMD from its WORKDIR with only its ENV + its compose environment, as an
#      unprivileged user, until its own HEALTHCHECK passes; /docs-json, monitoreo's dashboard assets, SIGTERM stop;
#      the tools image's set-up script in read-only --check mode. Needs MySQL/MariaDB and Pulsar reachable as for
#      the tests (MYSQL_*, PULSAR_HTTP_URL); isolated on throw-away databases and per-run topics.
#
# What cannot be checked without an engine: pulling the images (node, mysql, apachepulsar/*, curlimages/curl), the
# MySQL and Pulsar containers themselves, container networking and the compose start-up order at run time.
#
# Environment: ALPES_DOCKER_CHECK_DIR (work directory, default a fresh mktemp dir, removed unless KEEP=1).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ALPES_ROOT"

static_only=0
apps="afiliados,conversiones,marketing-comisiones,tracking-queries,monitoreo"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --static) static_only=1 ;;
    --apps) apps="${2:?--apps needs a comma-separated list}"; shift ;;
    -h | --help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done

problems=0
problem() { fail "$*"; problems=$((problems + 1)); }

work="${ALPES_DOCKER_CHECK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/alpes-docker-check.XXXXXX")}"
mkdir -p "$work"
# The images are run as an unprivileged user (step 5), which must reach them.
chmod 755 "$work"
cleanup() { [[ "${KEEP:-0}" == 1 || -n "${ALPES_DOCKER_CHECK_DIR:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------------
step "1. docker-compose config"
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  die "neither docker-compose (apt-get install docker-compose) nor docker compose is installed"
fi
info "$("${compose[@]}" version 2>/dev/null | head -n1)"
# A python3 with PyYAML: the Debian one has it whenever docker-compose v1 is installed.
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import yaml' 2>/dev/null; then py="$candidate"; break; fi
done
[[ -n "$py" ]] || die "python3 with PyYAML is needed (apt-get install python3-yaml; it comes with docker-compose)"
export ALPES_CHECK_PYTHON="$py"

# Run from an empty directory with an empty environment for the variables the file interpolates, so a developer's
# .env or exported PULSAR_HTTP_PORT does not change what is checked.
compose_config() { # [VAR=value...]
  env -u AFILIADOS_PORT -u CONVERSIONES_PORT -u MARKETING_COMISIONES_PORT -u TRACKING_QUERIES_PORT -u MONITOREO_PORT \
    -u PULSAR_HTTP_PORT -u PULSAR_BROKER_PORT -u ALPES_DB_USER -u ALPES_DB_PASSWORD -u LOG_LEVEL -u PULSAR_MEM \
    "$@" "${compose[@]}" --project-directory "$ALPES_ROOT" -f "$ALPES_ROOT/docker-compose.yml" config
}
if compose_config >"$work/compose.yml" 2>"$work/compose.err"; then
  ok "docker-compose.yml accepted ($(grep -c '^  [a-z]' <(sed -n '/^services:/,/^[a-z]/p' "$work/compose.yml")) services)"
  [[ -s "$work/compose.err" ]] && { warn "warnings from compose:"; sed 's/^/    /' "$work/compose.err"; }
else
  problem "docker-compose config refused the file:"; sed 's/^/    /' "$work/compose.err"; exit 1
fi
compose_config AFILIADOS_PORT=9101 MONITOREO_PORT=9105 ALPES_DB_PASSWORD=s3cret LOG_LEVEL=debug >"$work/compose-override.yml" 2>/dev/null ||
  problem "docker-compose config refused the file with overrides"
override_ok="$("$py" - "$work/compose-override.yml" <<'PY'
import sys, yaml
s = yaml.safe_load(open(sys.argv[1]))['services']
def published(svc):
    return {str(p.get('published')) if isinstance(p, dict) else str(p).split(':')[-2] for p in s[svc].get('ports', [])}
checks = [
    '9101' in published('afiliados'), '9105' in published('monitoreo'),
    s['afiliados']['environment']['MYSQL_PASSWORD'] == 's3cret', s['mysql-afiliados']['environment']['MYSQL_PASSWORD'] == 's3cret',
    s['tracking-queries']['environment']['LOG_LEVEL'] == 'debug',
    s['afiliados']['environment']['PORT'] in ('8001', 8001),
]
print('yes' if all(checks) else 'no: ' + repr(checks))
PY
)"
if [[ "$override_ok" == yes ]]; then
  ok "host overrides take effect (AFILIADOS_PORT, MONITOREO_PORT, ALPES_DB_PASSWORD, LOG_LEVEL)"
else
  problem "host overrides do not take effect: $override_ok"
fi

# ---------------------------------------------------------------------------------------------------------------
step "2. docker-compose configuration against the code"
"$py" docker/check/docker_check.py compose "$work/compose.yml" || problems=$((problems + 1))

# ---------------------------------------------------------------------------------------------------------------
step "3. Dockerfile (static) and shell scripts"
"$py" docker/check/docker_check.py dockerfile || problems=$((problems + 1))
mapfile -t shells < <(find docker -name '*.sh' -type f; echo scripts/check_docker.sh)
if command -v shellcheck >/dev/null 2>&1; then
  if shellcheck -x -P scripts "${shells[@]}"; then ok "shellcheck: ${shells[*]}"; else problem "shellcheck found problems"; fi
else
  for f in "${shells[@]}"; do bash -n "$f" || problem "syntax error in $f"; done
  warn "shellcheck not installed (apt-get install shellcheck): syntax checked only"
fi
if npx --no-install tsc -p docker/check/tsconfig.json --noEmit >"$work/tsc.log" 2>&1; then ok "docker/check/*.ts type-checks"; else
  problem "docker/check/*.ts does not type-check:"; sed 's/^/    /' "$work/tsc.log"
fi

# ---------------------------------------------------------------------------------------------------------------
step "4. Pulsar health-check script (docker/pulsar/healthcheck.sh) against ${PULSAR_HTTP_URL:=http://127.0.0.1:8080}"
if curl -fsS -m 5 -o /dev/null "$PULSAR_HTTP_URL/admin/v2/brokers/health" 2>/dev/null; then
  if PULSAR_HEALTH_URL="$PULSAR_HTTP_URL" sh docker/pulsar/healthcheck.sh; then ok "healthy broker → exit 0"; else
    problem "healthcheck.sh fails against a healthy broker"
  fi
  if PULSAR_HEALTH_URL="http://127.0.0.1:9" sh docker/pulsar/healthcheck.sh 2>/dev/null; then problem "healthcheck.sh passes with no broker"; else ok "no broker → non-zero"; fi
else
  warn "no broker at $PULSAR_HTTP_URL: health-check script not exercised (bash scripts/pulsar.sh ensure)"
fi

if [[ "$static_only" == 1 ]]; then
  [[ "$problems" == 0 ]] && { ok "static Docker checks passed"; exit 0; }
  die "$problems check group(s) failed"
fi

# ---------------------------------------------------------------------------------------------------------------
step "5. Dockerfile stages executed outside Docker, images run as containers (work dir $work)"
[[ -d node_modules/ts-node ]] || ensure_node_deps
images=("tools:tools")
names=(tools)
IFS=',' read -r -a app_list <<<"$apps"
for app in "${app_list[@]}"; do
  port="$("$py" -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["services"][sys.argv[2]]["build"]["args"]["PORT"])' "$work/compose.yml" "$app" 2>/dev/null)" ||
    die "no service $app with build arg PORT in docker-compose.yml"
  images+=("$app:runtime:APP=$app,PORT=$port")
  names+=("$app")
done
# The node:20 images bring npm 10, this machine may have another major: the RUN steps get npm 10 from the registry.
npm_version="${ALPES_CHECK_NPM_VERSION:-10.8.2}"
npm_dir="$ALPES_CACHE_DIR/npm-$npm_version"
if [[ ! -x "$npm_dir/node_modules/.bin/npm" ]]; then
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --no-save "npm@$npm_version" >"$work/npm-install.log" 2>&1 ||
    warn "could not install npm $npm_version (log: $work/npm-install.log); the stages run with this machine's npm $(npm --version)"
fi
emulate_path="$PATH"
if [[ -x "$npm_dir/node_modules/.bin/npm" ]]; then
  emulate_path="$npm_dir/node_modules/.bin:$PATH"
  info "RUN steps use npm $(PATH="$emulate_path" npm --version 2>/dev/null) (the node:20 images' major), node $(node --version)"
fi
if PATH="$emulate_path" "$py" docker/check/docker_check.py emulate "$work/build" "${images[@]}" >"$work/emulate.log" 2>&1; then
  grep -E '^\[|^==' "$work/emulate.log" | grep -E 'RUN|exit|== image' | sed 's/^/    /'
  grep -q 'falling back to npm install' "$work"/build/logs/*.log 2>/dev/null &&
    warn "npm ci refused package-lock.json (out of sync with package.json); the image build fell back to npm install --no-save, as scripts/lib/common.sh does"
  ok "every stage built: ${names[*]}"
else
  tail -n 30 "$work/emulate.log" | sed 's/^/    /'
  problem "the emulated docker build failed (log: $work/emulate.log)"
  KEEP=1
  die "$problems check group(s) failed"
fi
for name in "${names[@]:1}"; do
  root="$("$py" -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["root"] + m["workdir"])' "$work/build/$name.json")"
  info "image $name: $(du -sh "$root" | cut -f1) (node_modules $(du -sh "$root/node_modules" | cut -f1))"
done
if TS_NODE_PROJECT="$ALPES_ROOT/tsconfig.scripts.json" TS_NODE_TRANSPILE_ONLY=true \
  node -r ts-node/register/transpile-only -r tsconfig-paths/register docker/check/run-images.ts \
  "$work/build" "$work/compose.yml" "${names[@]}"; then
  ok "every image ran as its container would"
else
  problem "running the images failed (logs: $work/build/logs; kept)"
  KEEP=1
fi

[[ "$problems" == 0 ]] || die "$problems check group(s) failed"
ok "Docker checks passed"
