# Sourced by bench/feedback.sh and bench/report.sh: a work folder cleaned up
# on exit with the servers in it, a free port, wrk's figures, and nginx
# serving one file as the measure of what a static server does with the same
# bytes on this machine.
#
#   start_work              makes $work (removed on exit, with $server and $nginx stopped)
#   free_port               prints a free loopback port
#   figures                 reads wrk's output, prints "requests/s p99"
#   start_nginx WORKDIR     serves WORKDIR/www/page.html at http://127.0.0.1:$nport/
#                           (one worker, access log off, sendfile; its config, pid,
#                           logs and temp paths in WORKDIR); sets $nginx to its pid

start_work() {
  work=$(mktemp -d)
  chmod 755 "$work"
  server="" nginx=""
  trap cleanup EXIT
}

cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [[ -n $nginx ]] && kill -QUIT "$nginx" 2>/dev/null && wait "$nginx" 2>/dev/null
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# "Requests/sec" and the 99% latency from wrk's output.
figures() { awk '/Requests\/sec/ {rps=$2} $1 == "99%" {p99=$2} END {printf "%12s %10s", rps, p99}'; }
start_nginx() {
  local work=$1
  local nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
  [[ -x $nginx_bin ]] || { echo "no nginx at $nginx_bin"; exit 1; }
  mkdir -p "$work/nginx-temp"
  chmod 644 "$work/www/page.html"
  nport=$(free_port)
  cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-temp/body;
  proxy_temp_path $work/nginx-temp/proxy;
  fastcgi_temp_path $work/nginx-temp/fastcgi;
  uwsgi_temp_path $work/nginx-temp/uwsgi;
  scgi_temp_path $work/nginx-temp/scgi;
  default_type text/html;
  sendfile on;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nport; root $work/www; location = / { try_files /page.html =404; } }
}
CONF
  "$nginx_bin" -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf" &
  nginx=$!
  for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done
}
