#!/usr/bin/env bash
# Feedback under load, on SQLite: the questionnaire a rater opens from their
# email, and durable submissions of whole sets of answers, beside nginx
# serving the same questionnaire page as a static file in the same run.
#
#   bench/feedback.sh                       5 s per target
#   DURATION=10 PARTICIPANTS=4000 LQF_THREADS=8 bench/feedback.sh
#
# Seeds a database with `lqf demo --drafts` (PARTICIPANTS x 14 raters, each with
# a complete draft of the whole framework, 82 statements), then measures with wrk:
#   - GET page 2 of the questionnaire (the 17 skills): one rater's link again
#     and again, then a different rater's each time (bench/open.lua); and the
#     check-your-answers page (all 82 statements with the rater's answers);
#   - POST /feedback/submit, each request a different rater's link, so every
#     acknowledged request ("Thank you") is a submission committed to disk
#     (synchronous=FULL; writes arriving together share one commit).
# Prints requests/s and p99 for each, and nginx's rate. Loopback only; bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
LQF=${LQF_BIN:-build/release/src/lqf}
[[ -x $LQF ]] || { echo "build first: cmake --preset release && cmake --build --preset release"; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/setup test installs it)"; exit 1; }
source bench/lib.sh
duration=${DURATION:-5}
participants=${PARTICIPANTS:-2500}
threads=${LQF_THREADS:-8}
connections=${CONNECTIONS:-32}
start_work

"$LQF" init --db "$work/lqf.db" >/dev/null
seed_start=$(date +%s.%N)
"$LQF" demo --db "$work/lqf.db" --participants "$participants" --drafts --links-out "$work/links.txt" >/dev/null
seed_s=$(echo "$(date +%s.%N) - $seed_start" | bc)
links=$(wc -l <"$work/links.txt")

port=$(free_port)
"$LQF" serve --db "$work/lqf.db" --listen "127.0.0.1:$port" --threads "$threads" --no-access-log \
  >"$work/serve.out" 2>"$work/serve.err" &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs -o /dev/null "$base/health" && break; sleep 0.1; done
token=$(head -1 "$work/links.txt")

# nginx serves the very bytes of the questionnaire page.
mkdir -p "$work/www"
curl -fs -o "$work/www/page.html" "$base/feedback?t=$token&page=2"
start_nginx "$work"

echo "seeded $links raters' drafts ($participants participants) in ${seed_s%.*} s; lqf serve --threads $threads; wrk -t2 -c$connections -d${duration}s"
printf '%-44s %12s %10s\n' target requests/s p99
printf '%-44s %12s %10s\n' ------ ---------- ---
printf '%-44s %s\n' "nginx: the questionnaire page, static" \
  "$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$nport/" | figures)"
printf '%-44s %s\n' "lqf: questionnaire page 2 (17 statements)" \
  "$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base/feedback?t=$token&page=2" | figures)"
printf '%-44s %s\n' "lqf: page 2, a different rater each time" \
  "$(LINKS="$work/links.txt" WRK_THREADS=2 wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/open.lua "$base/" | figures)"
printf '%-44s %s\n' "lqf: check your answers (82 statements)" \
  "$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$base/feedback?t=$token&check=1" | figures)"
out=$(LINKS="$work/links.txt" WRK_THREADS=2 wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/submit.lua "$base/")
printf '%-44s %s\n' "lqf: submit a whole set of answers" "$(figures <<<"$out")"
echo "$out" | tail -1
if grep -q "out-of-tokens [1-9]" <<<"$out"; then
  echo "note: the links ran out during the run; the submission rate above is too low: raise PARTICIPANTS"
fi
