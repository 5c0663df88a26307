# Sourced by the bench scripts: nginx serving one file, as the measure of
# what a static server does with the same bytes on this machine.
#
#   start_nginx WORKDIR     serves WORKDIR/www/page.html at http://127.0.0.1:$nport/
#                           (one worker, access log off, sendfile; its config, pid,
#                           logs and temp paths in WORKDIR); sets $nginx to its pid
#
# The caller stops it (kill -QUIT "$nginx") in its exit trap.
start_nginx() {
  local work=$1
  local nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
  [[ -x $nginx_bin ]] || { echo "no nginx at $nginx_bin"; exit 1; }
  mkdir -p "$work/nginx-temp"
  chmod 644 "$work/www/page.html"
  nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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
