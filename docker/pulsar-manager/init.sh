#!/bin/sh
# One-shot job for docker-compose.yml: creates the Pulsar Manager super-user and registers the broker as an
# environment, so http://localhost:9527 is usable at once. Best effort: nothing depends on it.
set -u
PM="${PULSAR_MANAGER_URL:-http://pulsar-manager:7750}"
USER_NAME="${PULSAR_MANAGER_USER:-admin}"
USER_PASSWORD="${PULSAR_MANAGER_PASSWORD:-apachepulsar}"
BROKER="${PULSAR_HTTP_URL:-http://pulsar:8080}"

i=0
until curl -fsS -o /dev/null "$PM/pulsar-manager/csrf-token"; do
  i=$((i + 1))
  if [ "$i" -ge 60 ]; then echo "pulsar-manager not answering at $PM" >&2; exit 1; fi
  sleep 2
done

jar=/tmp/pm-cookies
csrf="$(curl -fsS -c "$jar" "$PM/pulsar-manager/csrf-token")"
curl -sS -b "$jar" -H "X-XSRF-TOKEN: $csrf" -H "Cookie: XSRF-TOKEN=$csrf;" -H 'Content-Type: application/json' \
  -X PUT "$PM/pulsar-manager/users/superuser" \
  -d "{\"name\":\"$USER_NAME\",\"password\":\"$USER_PASSWORD\",\"description\":\"AlpesPartners\",\"email\":\"admin@alpes.local\"}"
echo

# Log in and register the environment (ignored when it already exists).
headers="$(curl -sS -D - -o /dev/null -b "$jar" -H "X-XSRF-TOKEN: $csrf" -H "Cookie: XSRF-TOKEN=$csrf;" \
  -H 'Content-Type: application/json' -X POST "$PM/pulsar-manager/login" \
  -d "{\"username\":\"$USER_NAME\",\"password\":\"$USER_PASSWORD\"}" | tr -d '\r')"
token="$(printf '%s\n' "$headers" | sed -n 's/^token: //Ip' | head -n1)"
if [ -n "$token" ]; then
  curl -sS -H "X-XSRF-TOKEN: $csrf" -H "Cookie: XSRF-TOKEN=$csrf;" -H "token: $token" -H "username: $USER_NAME" \
    -H 'Content-Type: application/json' -X PUT "$PM/pulsar-manager/environments/environment" \
    -d "{\"name\":\"alpes-standalone\",\"broker\":\"$BROKER\"}"
  echo
else
  echo "could not log in to Pulsar Manager; add the environment $BROKER by hand at http://localhost:9527" >&2
fi
echo "Pulsar Manager: http://localhost:9527 (user $USER_NAME)"
exit 0
