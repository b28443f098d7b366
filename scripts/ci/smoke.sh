#!/usr/bin/env bash
# What a newcomer does: `npm start` on an empty data folder must serve the API with demo data on
# SQLite; and production mode must refuse to start without its secrets (exit 78, clear message).
set -euo pipefail
cd "$(dirname "$0")/../.."

data=$(mktemp -d)
port=3917
log="$data/server.log"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT

DATA_DIR="$data" PORT="$port" node server/dist/main.js >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/health"
echo
test -f "$data/smart-repair.sqlite" || { echo "no SQLite file under the data folder" >&2; exit 1; }
grep -q 'sunny.admin' "$log" || { cat "$log"; echo "demo logins were not printed" >&2; exit 1; }
token=$(curl -fsS -H 'content-type: application/json' -d '{"account":"sunny.admin","password":"Repair#2026"}' \
  "http://127.0.0.1:$port/api/auth/login" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).accessToken))')
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/communities" | grep -q '阳光花园'
curl -fsS "http://127.0.0.1:$port/api/docs-json" | grep -q '"openapi"'
echo "npm start: health, demo login, communities and OpenAPI all answer"

set +e
NODE_ENV=production DATA_DIR="$data" PORT=$((port + 1)) node server/dist/main.js >"$data/prod.log" 2>&1
code=$?
set -e
if [ "$code" -ne 78 ] || ! grep -q 'JWT_SECRET: required in production' "$data/prod.log"; then
  cat "$data/prod.log"
  echo "production without JWT_SECRET should exit 78 with a clear message (got $code)" >&2
  exit 1
fi
echo "production without secrets: refused with exit 78"
