#!/usr/bin/env bash
# The same workload on each backend: SQLite (one file) and PostgreSQL (a
# throwaway cluster on loopback). Pages that touch the database on every
# request: the health check, a signed-in account page (the session is looked
# up and refreshed), and the people API (a list query under the access policy).
# Prints requests/s and p99 for each. Loopback only; bounded in time.
#
#   bench/backends.sh                 10 s per target, one server thread
#   DURATION=5 THREADS=2 bench/backends.sh
#
# THREADS sets `lqf serve --threads`; the pool then holds THREADS + 1
# connections (the default).
set -euo pipefail
cd "$(dirname "$0")/.."
LQF=${LQF_BIN:-build/release/src/lqf}
[[ -x $LQF ]] || { echo "build first: cmake --preset release && cmake --build --preset release"; exit 1; }
duration=${DURATION:-10}
threads=${THREADS:-1}
work=$(mktemp -d)
pg_dir=/tmp/lqf-bench-pg-$$  # the postgres user must reach it: not inside $work (mode 700)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  bash tests/support/pg_cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# run_backend NAME DB: serves DB, signs in as the demo administrator, loads the targets.
run_backend() {
  local name=$1 db=$2
  "$LQF" init --db "$db" --demo >/dev/null
  "$LQF" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" --no-access-log >"$work/$name.out" 2>"$work/$name.err" &
  server=$!
  local base=""
  for _ in $(seq 100); do
    base=$(grep -o 'http://[^ ]*' "$work/$name.out" 2>/dev/null | head -1 | sed 's#/$##') && [[ -n $base ]] && break
    sleep 0.1
  done
  local jar=$work/$name.jar csrf cookie
  csrf=$(curl -s -c "$jar" "$base/sign-in" | grep -o 'name="csrf_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -b "$jar" -c "$jar" \
    --data "csrf_token=$csrf&email=admin%40demo.lqf.test&password=demo-password-2026" "$base/sign-in"
  cookie=$(awk '$6 == "lqf_session" {print $7}' "$jar")
  for target in /health /account /api/v1/people; do
    local out rps p99
    out=$(wrk -t2 -c32 -d"${duration}s" --latency -H "Cookie: lqf_session=$cookie" "$base$target")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    printf '%-10s %-18s %12s %10s\n' "$name" "$target" "$rps" "$p99"
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=""
}

echo "server threads: $threads"
printf '%-10s %-18s %12s %10s\n' backend target requests/s p99
printf '%-10s %-18s %12s %10s\n' ------- ------ ---------- ---
run_backend sqlite "$work/lqf.db"
url=$(bash tests/support/pg_cluster.sh start "$pg_dir")
run_backend postgres "$url"
