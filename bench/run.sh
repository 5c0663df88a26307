#!/usr/bin/env bash
# Load benchmark: LQF against nginx serving the same bytes, on loopback.
#
#   bench/run.sh                       # 10 s per target
#   DURATION=30 LQF_THREADS=2 bench/run.sh
#
# Environment:
#   LQF_BIN         the lqf executable (default: build/release/lqf or build/release/src/lqf)
#   DURATION        seconds of load per target (default 10, at most 120)
#   CONNECTIONS     wrk connections (default 64); THREADS_WRK wrk threads (default 2)
#   LQF_THREADS     passed to `lqf serve --threads`
#   LQF_ACCESS_LOG  1 keeps lqf's access log on (default off, as nginx's is)
#   LQF_SERVE_ARGS  extra words for `lqf serve`
#   LQF_BENCH_ARGS  extra arguments for the Google Benchmark binary
#   STRICT=1        exit 1 when a target in bench/README.md is missed
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root
# CMake puts the executable in the build folder of src/, unless told otherwise.
default_lqf_bin="$repo_root/build/release/lqf"
[[ -x "$default_lqf_bin" ]] || default_lqf_bin="$repo_root/build/release/src/lqf"
readonly lqf_bin="${LQF_BIN:-$default_lqf_bin}"
readonly micro_bench="$repo_root/build/release/bench/lqf_bench"
readonly nginx_bin="${NGINX_BIN:-/usr/sbin/nginx}"
readonly duration="${DURATION:-10}"
readonly connections="${CONNECTIONS:-64}"
readonly wrk_threads="${THREADS_WRK:-2}"
readonly host=127.0.0.1
# Bounds, so a wedged server cannot hang the run.
readonly kStartTimeoutS=10
readonly kStopTimeoutS=5
readonly kMicroBenchTimeoutS=300
# Targets (see bench/README.md).
readonly kMinRatioToNginx=0.5
readonly kMaxP99Ms=10
readonly kMaxRssKb=$((50 * 1024))

die() { echo "bench: $*" >&2; exit 1; }

if ! [[ "$duration" =~ ^[0-9]+$ ]] || ((duration < 1 || duration > 120)); then
  die "DURATION must be a whole number of seconds from 1 to 120 (got '$duration')"
fi
[[ -x "$lqf_bin" ]] ||
  die "no lqf executable at $lqf_bin; build it with: cmake --preset release && cmake --build --preset release (or set LQF_BIN)"
[[ -x "$nginx_bin" ]] || die "no nginx at $nginx_bin (apt-get install nginx-light)"
for tool in wrk curl timeout; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/lqf-bench.XXXXXX")"
lqf_pid=""
nginx_pid=""

# Stops what this script started (by PID, never by name) and removes its files.
cleanup() {
  local status=$?
  if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait_for_exit "$nginx_pid" || kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  if [[ -n "$lqf_pid" ]] && kill -0 "$lqf_pid" 2>/dev/null; then
    kill -TERM "$lqf_pid" 2>/dev/null || true
    if ! wait_for_exit "$lqf_pid"; then
      echo "bench: lqf did not stop within ${kStopTimeoutS} s of SIGTERM; killing it" >&2
      kill -KILL "$lqf_pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$work_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to kStopTimeoutS for a child to exit; fails if it is still running.
wait_for_exit() {
  local pid=$1 i
  for ((i = 0; i < kStopTimeoutS * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  return 1
}

# A loopback port nothing is listening on (nginx needs one chosen up front).
free_port() {
  local port i
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port on $host"
}

# Starts lqf on a fresh database and sets lqf_pid and lqf_url.
start_lqf() {
  local db="$work_dir/lqf.db" line="" i
  "$lqf_bin" init --db "$db" >"$work_dir/init.log" 2>&1 ||
    { cat "$work_dir/init.log" >&2; die "lqf init failed"; }
  local -a args=(serve --db "$db" --listen "$host:0")
  [[ -n "${LQF_THREADS:-}" ]] && args+=(--threads "$LQF_THREADS")
  # Like for like: nginx runs with its access log off too.
  [[ "${LQF_ACCESS_LOG:-0}" == 1 ]] || args+=(--no-access-log)
  # shellcheck disable=SC2206 # word splitting of LQF_SERVE_ARGS is intended
  [[ -n "${LQF_SERVE_ARGS:-}" ]] && args+=(${LQF_SERVE_ARGS})
  # Anything logged goes to a file: cheaper than a terminal under load.
  "$lqf_bin" "${args[@]}" >"$work_dir/lqf.out" 2>"$work_dir/lqf.log" &
  lqf_pid=$!
  for ((i = 0; i < kStartTimeoutS * 10; i++)); do
    line="$(head -n 1 "$work_dir/lqf.out")"
    [[ -n "$line" ]] && break
    kill -0 "$lqf_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ "$line" =~ ^Listening\ on\ (http://127\.0\.0\.1:[0-9]+)/$ ]] ||
    { tail -n 20 "$work_dir/lqf.log" >&2; die "lqf printed no 'Listening on http://127.0.0.1:PORT/' line within ${kStartTimeoutS} s (got '$line')"; }
  lqf_url="${BASH_REMATCH[1]}"
}

# Starts nginx serving a copy of LQF's framework page; sets nginx_pid and nginx_url.
start_nginx() {
  local port www="$work_dir/www"
  port="$(free_port)"
  mkdir -p "$www" "$work_dir/nginx-temp"
  curl -fsS --max-time 5 -o "$www/framework.html" "$lqf_url/frameworks/nlqf-2010" ||
    die "could not fetch $lqf_url/frameworks/nlqf-2010 from lqf"
  # nginx's worker runs as nobody when started by root: let it read the copy.
  chmod 755 "$work_dir" "$www"
  chmod 644 "$www/framework.html"
  cat >"$work_dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work_dir/nginx.pid;
error_log $work_dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work_dir/nginx-temp/body;
  proxy_temp_path $work_dir/nginx-temp/proxy;
  fastcgi_temp_path $work_dir/nginx-temp/fastcgi;
  uwsgi_temp_path $work_dir/nginx-temp/uwsgi;
  scgi_temp_path $work_dir/nginx-temp/scgi;
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  server {
    listen $host:$port;
    root $www;
    location = / { try_files /framework.html =404; }
  }
}
EOF
  "$nginx_bin" -p "$work_dir" -e "$work_dir/nginx-error.log" -c "$work_dir/nginx.conf" &
  nginx_pid=$!
  nginx_url="http://$host:$port"
  local i
  for ((i = 0; i < kStartTimeoutS * 10; i++)); do
    curl -fsS --max-time 1 -o /dev/null "$nginx_url/" 2>/dev/null && return 0
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work_dir/nginx-error.log" >&2 || true
  die "nginx did not start on $nginx_url"
}

# Turns a wrk latency ("850.00us", "1.23ms", "2.00s") into milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# Runs wrk against one URL; appends "name rps p50 p99 errors" to results.
declare -a results=()
run_wrk() {
  local name=$1 url=$2 out="$work_dir/wrk-$1.txt"
  local status
  status="$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' "$url")" || die "$url did not answer"
  [[ "$status" == 200 ]] || die "$url answered $status, not 200"
  echo "bench: $name: wrk -t$wrk_threads -c$connections -d${duration}s $url" >&2
  timeout $((duration + 30)) wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out" ||
    { cat "$out" >&2; die "wrk failed against $url"; }
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  # Non-2xx answers and socket errors would make the rate meaningless: count them.
  errors="$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
                 /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                 END { print n + 0 }' "$out")"
  [[ -n "$rps" ]] || { cat "$out" >&2; die "could not read wrk's output for $name"; }
  results+=("$name $rps $p50 $p99 $errors")
}

print_table() {
  local nginx_rps=$1 row name rps p50 p99 errors
  printf '\n%-26s %12s %9s %9s %9s %8s\n' "target" "requests/s" "p50 ms" "p99 ms" "vs nginx" "errors"
  printf '%-26s %12s %9s %9s %9s %8s\n' "------" "----------" "------" "------" "--------" "------"
  for row in "${results[@]}"; do
    read -r name rps p50 p99 errors <<<"$row"
    printf '%-26s %12.0f %9s %9s %9s %8s\n' "$name" "$rps" "$p50" "$p99" \
      "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" "$errors"
  done
}

# Prints each target from bench/README.md with whether this run met it.
check_targets() {
  local nginx_rps=$1 rss_kb=$2 row name rps p50 p99 errors failed=0
  local framework_rps="" framework_p99=""
  for row in "${results[@]}"; do
    read -r name rps p50 p99 errors <<<"$row"
    [[ "$name" == "lqf-framework" ]] && framework_rps=$rps framework_p99=$p99
  done
  verdict() { if awk "BEGIN { exit !($2) }"; then echo "  met:    $1"; else echo "  MISSED: $1"; failed=1; fi; }
  echo
  echo "targets:"
  verdict "framework page >= ${kMinRatioToNginx} x nginx's rate ($framework_rps vs $nginx_rps req/s)" \
    "$framework_rps >= $kMinRatioToNginx * $nginx_rps"
  verdict "framework page p99 < ${kMaxP99Ms} ms at $connections connections (${framework_p99} ms)" \
    "$framework_p99 < $kMaxP99Ms"
  verdict "resident memory < $((kMaxRssKb / 1024)) MB after load ($((rss_kb / 1024)) MB peak)" \
    "$rss_kb < $kMaxRssKb"
  if [[ "${STRICT:-0}" == 1 && $failed == 1 ]]; then
    return 1
  fi
  return 0
}

main() {
  start_lqf
  start_nginx
  echo "bench: lqf $lqf_url (pid $lqf_pid${LQF_THREADS:+, $LQF_THREADS threads}), nginx $nginx_url (pid $nginx_pid); $(nproc) cores" >&2

  run_wrk nginx-static "$nginx_url/"
  run_wrk lqf-framework "$lqf_url/frameworks/nlqf-2010"
  run_wrk lqf-functional-area "$lqf_url/frameworks/nlqf-2010/K1.1"
  run_wrk lqf-api-framework "$lqf_url/api/v1/frameworks/nlqf-2010"
  run_wrk lqf-health "$lqf_url/health"

  local nginx_rps
  nginx_rps="$(awk '{ print $2; exit }' <<<"${results[0]}")"
  print_table "$nginx_rps"

  kill -0 "$lqf_pid" 2>/dev/null || { tail -n 20 "$work_dir/lqf.log" >&2; die "lqf exited during the load"; }
  local rss_kb hwm_kb
  rss_kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$lqf_pid/status")"
  hwm_kb="$(awk '/^VmHWM:/ { print $2 }' "/proc/$lqf_pid/status")"
  printf '\nlqf memory after load: VmRSS %d kB (%.1f MB), VmHWM %d kB (%.1f MB)\n' \
    "$rss_kb" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" \
    "$hwm_kb" "$(awk -v k="$hwm_kb" 'BEGIN { print k / 1024 }')"
  echo "page bytes: $(wc -c <"$work_dir/www/framework.html") (framework overview, as served to both)"

  local targets_ok=0
  check_targets "$nginx_rps" "$hwm_kb" || targets_ok=1

  if [[ -x "$micro_bench" ]]; then
    echo
    echo "micro-benchmarks ($micro_bench):"
    # shellcheck disable=SC2086 # word splitting of LQF_BENCH_ARGS is intended
    timeout "$kMicroBenchTimeoutS" "$micro_bench" ${LQF_BENCH_ARGS:-}
  else
    echo
    echo "micro-benchmarks: none at $micro_bench (built by the release preset)"
  fi
  return "$targets_ok"
}

main "$@"
