#!/usr/bin/env bash
# Durability: a server killed (SIGKILL) in the middle of a burst of
# submissions loses no acknowledged answer. Raters submit their saved answers
# from four clients at once; each "Thank you" is noted; the server is killed
# without warning; a new server on the same database must show every noted
# rater as having given their feedback.
#
#   tests/integration/kill_test.sh LQF_BINARY SOURCE_ROOT
set -uo pipefail
lqf=${1:?usage: kill_test.sh LQF ROOT}
root=${2:?usage: kill_test.sh LQF ROOT}
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n $server ]] && kill -9 "$server" 2>/dev/null
  jobs -p | xargs -r kill 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }

"$lqf" init --db "$work/lqf.db" --root "$root" >/dev/null || fail "init"
"$lqf" demo --db "$work/lqf.db" --participants 40 --drafts --links-out "$work/links.txt" >/dev/null || fail "demo"

start_server() {
  "$lqf" serve --db "$work/lqf.db" --root "$root" --listen 127.0.0.1:0 --threads 4 --no-access-log \
    >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  base=""
  for _ in $(seq 100); do
    base=$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null | head -1 | sed 's#/$##') && [[ -n $base ]] && break
    sleep 0.1
  done
  [[ -n $base ]] || fail "the server did not start"
}
start_server

csrf=kill-test-csrf-token-0123456789abcdefghijkl
# Client N submits every fourth link from the Nth, noting each acknowledged one.
client() {
  local n=$1
  awk -v n="$n" 'NR % 4 == n' "$work/links.txt" | while read -r token; do
    body=$(curl -s --max-time 5 -b "lqf_csrf=$csrf" --data "csrf_token=$csrf&t=$token" "$base/feedback/submit") || break
    if grep -q "Thank you: your feedback has been given" <<<"$body"; then echo "$token" >>"$work/acked.$n"; fi
  done
}
for n in 0 1 2 3; do client "$n" & done

# Kill the server once some submissions are acknowledged, mid-burst.
for _ in $(seq 200); do
  acked=$(cat "$work"/acked.* 2>/dev/null | wc -l)
  ((acked >= 40)) && break
  sleep 0.05
done
kill -9 "$server"
wait "$server" 2>/dev/null
server=""
wait  # the clients stop at the first refused connection
acked=$(cat "$work"/acked.* 2>/dev/null | sort -u)
count=$(grep -c . <<<"$acked")
total=$(wc -l <"$work/links.txt")
((count > 0)) || fail "no submission was acknowledged before the kill"
((count < total)) || fail "every submission finished before the kill: the burst was too short to test anything"

start_server
missing=0
while read -r token; do
  page=$(curl -s "$base/feedback?t=$token")
  grep -q "You have given your feedback" <<<"$page" || missing=$((missing + 1))
done <<<"$acked"
((missing == 0)) || fail "$missing of $count acknowledged submissions were lost"
echo "ok   all $count acknowledged submissions (of $total attempted) survived SIGKILL"
