#!/usr/bin/env bash
# Feedback reports: how long one full report takes in each form, and a cohort
# of 100, on one core (bench/report_bench.cpp, pinned with taskset); then the
# report page on screen under load, beside nginx serving the same bytes; then
# the development plan's pages and its PDF.
#
#   bench/report.sh                  5 s of load
#   DURATION=10 LQF_THREADS=8 bench/report.sh
#
# The page is the demo director's report (`lqf init --demo`: 82 statements,
# 14 raters, a previous cycle, a cohort norm), fetched signed in as her.
set -euo pipefail
cd "$(dirname "$0")/.."
LQF=${LQF_BIN:-build/release/src/lqf}
BENCH=${LQF_BENCH_BIN:-build/release/bench/lqf_bench}
[[ -x $LQF && -x $BENCH ]] || { echo "build first: cmake --preset release && cmake --build --preset release"; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/setup test installs it)"; exit 1; }
source bench/lib.sh
duration=${DURATION:-5}
threads=${LQF_THREADS:-8}
connections=${CONNECTIONS:-16}

echo "== one report in each form, and a cohort of 100 (PDF and XLSX each), on one core"
taskset -c 0 "$BENCH" --benchmark_filter='BM_Report_' --benchmark_min_time=1 2>/dev/null |
  awk '/^BM_Report_/ {printf "%-24s %10s %s\n", $1, $2, $3}'

start_work

"$LQF" init --db "$work/lqf.db" --demo >/dev/null
port=$(free_port)
"$LQF" serve --db "$work/lqf.db" --listen "127.0.0.1:$port" --threads "$threads" --no-access-log \
  >"$work/serve.out" 2>"$work/serve.err" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs -o /dev/null "$base/health" && break; sleep 0.1; done

# Sign in as the demo director, as a browser would (CSRF cookie, then the form).
jar="$work/cookies"
csrf=$(curl -fs -c "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$csrf&email=director%40demo.lqf.test&password=demo-password-2026" \
  "$base/sign-in"
session=$(awk '$6 == "lqf_session" {print $7}' "$jar")
[[ -n $session ]] || { echo "could not sign in as the demo director"; exit 1; }
cycle=$(curl -fs -b "lqf_session=$session" "$base/cycles" | grep -o 'href="/cycles/[0-9]*"' | head -1 | grep -o '[0-9]*')
report="$base/cycles/$cycle/report"
mkdir -p "$work/www"
curl -fs -b "lqf_session=$session" -o "$work/www/page.html" "$report"
bytes=$(wc -c <"$work/www/page.html")

start_nginx "$work"

echo
echo "== the report page on screen ($bytes bytes); lqf serve --threads $threads; wrk -t2 -c$connections -d${duration}s"
printf '%-44s %12s %10s\n' target requests/s p99
printf '%-44s %12s %10s\n' ------ ---------- ---
printf '%-44s %s\n' "nginx: the report page, static" \
  "$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$nport/" | figures)"
printf '%-44s %s\n' "lqf: the report page, signed in" \
  "$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: lqf_session=$session" "$report" | figures)"

# The development plan, the progress view and Mentoring, coaching and appraisal: made for each
# request (who is asking, the plan, the person's supporters and sessions, and for progress every
# released cycle's means); and the plan as a PDF, one client at a time.
echo
echo "== Jo Bennett's development plan pages, signed in as her; wrk -t2 -c$connections -d${duration}s"
printf '%-44s %12s %10s\n' target requests/s p99
printf '%-44s %12s %10s\n' ------ ---------- ---
for page in /plan /plan/progress /support; do
  size=$(curl -fs -b "lqf_session=$session" "$base$page" | wc -c)
  printf '%-44s %s\n' "lqf: $page ($size bytes)" \
    "$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: lqf_session=$session" "$base$page" | figures)"
done
size=$(curl -fs -b "lqf_session=$session" "$base/plan.pdf" | wc -c)
printf '%-44s %s\n' "lqf: /plan.pdf ($size bytes), one client" \
  "$(wrk -t1 -c1 -d"${duration}s" --latency -H "Cookie: lqf_session=$session" "$base/plan.pdf" | figures)"
