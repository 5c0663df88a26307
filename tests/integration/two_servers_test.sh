#!/usr/bin/env bash
# Two LQF servers on two ports share one PostgreSQL database, as behind a load
# balancer (docs/deployment.md): a session made on one is valid on the other,
# and signing out on the other ends it on both.
# Usage: two_servers_test.sh PATH_TO_LQF SOURCE_ROOT URL_FILE
set -u
LQF=$1
ROOT=$2
BASE_URL=$(cat "$3") || { echo "no PostgreSQL URL in $3 (is the pg_start fixture running?)"; exit 1; }
URL=${BASE_URL%/*}/lqf_two_servers
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

psql -q "$BASE_URL" -c "DROP DATABASE IF EXISTS lqf_two_servers" -c "CREATE DATABASE lqf_two_servers" >/dev/null 2>&1 ||
  { echo "cannot create the test database"; exit 1; }
"$LQF" init --db "$URL" --root "$ROOT" --demo >/dev/null || { echo "init failed"; exit 1; }

start() {  # start NAME: runs a server in the background (its pid kept for cleanup)
  "$LQF" serve --db "$URL" --root "$ROOT" --listen 127.0.0.1:0 --no-access-log >"$WORK/$1.out" 2>"$WORK/$1.err" &
  pids+=($!)
}
address() {  # address NAME: waits for the server's "Listening on" line, prints its base URL
  for _ in $(seq 100); do
    if grep -q "Listening on" "$WORK/$1.out" 2>/dev/null; then
      grep -o 'http://[^ ]*' "$WORK/$1.out" | head -1 | sed 's#/$##'
      return
    fi
    sleep 0.1
  done
  echo "server $1 did not start" >&2
}
start a
start b
A=$(address a)
B=$(address b)
[[ -n $A && -n $B && $A != "$B" ]] && ok "two servers on two ports ($A, $B)" || fail "two servers start"

# Sign in on A, as a browser would.
jar=$WORK/jar
csrf=$(curl -s -c "$jar" "$A/sign-in" | grep -o 'name="csrf_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data "csrf_token=$csrf&email=admin%40demo.lqf.test&password=demo-password-2026" "$A/sign-in")
[[ $status == 303 ]] && ok "signed in on A" || fail "sign in on A (status $status)"

# The same cookie on B: the session lives in the shared database.
page=$(curl -s -b "$jar" "$B/account")
grep -q "Alex Morgan" <<<"$page" && ok "the session made on A is valid on B" || fail "session valid on B"

# Sign out on B; the session is gone on A too.
csrf=$(curl -s -b "$jar" "$B/sign-out" | grep -o 'name="csrf_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -b "$jar" -c "$jar" --data "csrf_token=$csrf" "$B/sign-out"
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$A/account")
[[ $status == 303 ]] && ok "signing out on B ends the session on A" || fail "sign out on B (A answered $status)"

# Both stop gracefully.
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do
  if wait "$pid"; then ok "server $pid stopped cleanly"; else fail "server $pid exit code $?"; fi
done
pids=()
psql -q "$BASE_URL" -c "DROP DATABASE IF EXISTS lqf_two_servers" >/dev/null 2>&1

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
