#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests.
#
#   pg_cluster.sh start DIR   creates and starts a cluster in DIR (on the first free
#                             loopback port from 55433 up), creates the database
#                             lqf_test and prints one line: its URL (also
#                             written to DIR/url, for tests to read)
#   pg_cluster.sh stop DIR    stops that cluster (fast) and removes DIR
#
# Only the cluster in DIR is ever touched. The server listens on 127.0.0.1 and on a
# unix socket inside DIR, with trust authentication: nothing off this machine can
# reach it, but any local user can, as its superuser, while it runs, so run it only
# where every local user is trusted (a CI runner, a development container). It runs
# with fsync off: quick to start and to write to, worthless after a crash, which is
# what a test wants.
# postgres refuses to run as root, so as root the server runs as the postgres user.
set -euo pipefail

readonly kFirstPort=55433
readonly kPortsToTry=50
readonly kDatabase=lqf_test
readonly kMarker=.lqf-pg-cluster  # marks a directory this script made, so stop never removes anything else

Die() {
  echo "pg_cluster.sh: $*" >&2
  exit 1
}

FindPgBin() {
  if [[ -n "${LQF_PG_BIN:-}" ]]; then
    echo "$LQF_PG_BIN"
  elif [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
    echo /usr/lib/postgresql/15/bin
  elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/pg_ctl" ]]; then
    pg_config --bindir
  else
    Die "no PostgreSQL server found; install it with: apt-get install -y --no-install-recommends postgresql"
  fi
}

# Runs a command as the user the server runs as: postgres when we are root.
AsServerUser() {
  if [[ "$(id -u)" -eq 0 ]]; then
    if command -v runuser >/dev/null; then
      runuser -u postgres -- "$@"
    else
      su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

# True if something already accepts connections on 127.0.0.1:PORT.
PortTaken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

Running() {
  [[ -f "$dir/data/postmaster.pid" ]] && AsServerUser "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

Url() {
  echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/$kDatabase" | tee "$dir/url"
}

Start() {
  if Running && [[ -f "$dir/port" ]]; then
    Url
    return
  fi
  [[ "$dir" != *[[:space:]]* ]] || Die "the directory must not contain spaces: $dir"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  touch "$dir/$kMarker"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres: "$dir"
    AsServerUser test -x "$dir" || Die "the postgres user cannot reach $dir; use a directory under /tmp"
  fi
  chmod 700 "$dir"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    AsServerUser "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N \
      >"$dir/initdb.log" 2>&1 || Die "initdb failed: $(tail -n 5 "$dir/initdb.log")"
  fi
  # Another cluster may hold any port; two starts at once may pick the same
  # free one, so a failed bind moves on to the next port rather than failing.
  local port=$kFirstPort started=""
  for ((i = 0; i < kPortsToTry; ++i, ++port)); do
    PortTaken "$port" && continue
    : >"$dir/log"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$dir/log"; fi
    if AsServerUser "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      started=1
      break
    fi
    grep -q "could not bind\|could not create lock file\|Address already in use" "$dir/log" ||
      Die "the server did not start: $(tail -n 5 "$dir/log")"
  done
  [[ -n "$started" ]] || Die "no free port in $kFirstPort-$((kFirstPort + kPortsToTry - 1))"
  echo "$port" >"$dir/port"
  if [[ -z "$(AsServerUser "$pg_bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = '$kDatabase'")" ]]; then
    AsServerUser "$pg_bin/createdb" -h "$dir" -p "$port" -U postgres "$kDatabase" ||
      Die "cannot create the database $kDatabase"
  fi
  Url
}

Stop() {
  [[ -e "$dir" ]] || return 0
  [[ -f "$dir/$kMarker" ]] || Die "$dir was not made by pg_cluster.sh; leaving it alone"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    AsServerUser "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

[[ $# -eq 2 ]] || Die "usage: pg_cluster.sh start|stop DIR"
dir=$2
pg_bin=$(FindPgBin)
case "$1" in
  start) Start ;;
  stop) Stop ;;
  *) Die "usage: pg_cluster.sh start|stop DIR" ;;
esac
