# Shared by the bench scripts: free ports, an upstream, proxies with the aim configuration, wrk runs.
# Source it from the repository root; it sets `work` (a temporary directory) and stops what it started on exit.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The fixed JSON-RPC result nginx answers with when it plays the upstream.
NGINX_RESULT='{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"hello"}]}}'

nginx_conf() { # name server-block -> $work/name.conf (one worker, no access log, temp paths under $work)
  mkdir -p "$work/$1"
  cat > "$work/$1.conf" <<NGINX
worker_processes 1;
pid $work/$1.pid;
error_log $work/$1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/$1/body;
  proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fastcgi;
  uwsgi_temp_path $work/$1/uwsgi;
  scgi_temp_path $work/$1/scgi;
  $2
}
NGINX
}

start_upstream() { # demo|nginx jar [demo latency] -> upstream_port, upstream (URL), upstream_pid
  upstream_port=$(free_port)
  upstream=http://127.0.0.1:$upstream_port/mcp
  case $1 in
    demo) java -Xms256m -Xmx256m -jar "$2" demo-upstream --port "$upstream_port" --latency "${3:-0ms}" > "$work/upstream.log" 2>&1 & pids+=($!) ;;
    nginx)
      command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 2; }
      nginx_conf upstream "server {
    listen 127.0.0.1:$upstream_port backlog=4096;
    keepalive_requests 10000000;
    location /mcp { default_type application/json; return 200 '$NGINX_RESULT'; }
  }"
      nginx -c "$work/upstream.conf" -g 'daemon off;' & pids+=($!) ;;
    *) echo "the upstream must be demo or nginx" >&2; exit 2 ;;
  esac
  upstream_pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "$upstream" && return 0; sleep 0.2; done
}

# nginx as a plain reverse proxy of the same upstream (1 worker, HTTP/1.1 keep-alive to the upstream): the yardstick.
# nginx_proxy_worker is its one worker process (empty if it did not start), whose CPU is the proxy's.
start_nginx_proxy() { # -> nginx_proxy_port, nginx_proxy_pid, nginx_proxy_worker
  nginx_proxy_port=$(free_port)
  nginx_conf nginx-proxy "upstream mcp { server 127.0.0.1:$upstream_port; keepalive 512; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$nginx_proxy_port backlog=4096;
    keepalive_requests 10000000;
    location /mcp { proxy_pass http://mcp; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"
  nginx -c "$work/nginx-proxy.conf" -g 'daemon off;' & pids+=($!)
  nginx_proxy_pid=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_proxy_port/mcp" && break; sleep 0.2; done
  nginx_proxy_worker=$(pgrep -P "$nginx_proxy_pid" | head -1 || true)
}

# A plain Java proxy of bench/ (JettyProxy: Jetty alone; NettyProxy: Netty, both legs on one event loop; NioRelay: no
# HTTP stack), run from source on bench/classpath with the given jar, in front of the upstream; waits until it answers. Further arguments
# go to java (e.g. -Djetty.client=netty).
start_java_yardstick() { # JettyProxy|NettyProxy|NioRelay jar [java options] -> yardstick_port, yardstick_pid, yardstick_url
  local tool=$1 target=$upstream classpath
  [[ $tool == NioRelay ]] && target=$upstream_port
  classpath=$(bench/classpath "$2") || exit 2
  yardstick_port=$(free_port)
  local log=$work/$tool.$yardstick_port.log
  java -Xms512m -Xmx512m "${@:3}" -cp "$classpath" "bench/$tool.java" "$yardstick_port" "$target" > "$log" 2>&1 & pids+=($!)
  yardstick_pid=$!
  yardstick_url=http://127.0.0.1:$yardstick_port/mcp
  for _ in $(seq 1 100); do curl -s -o /dev/null "$yardstick_url" && return 0; sleep 0.2; done
  echo "bench/$tool.java did not start:" >&2; cat "$log" >&2; exit 1
}

# The aim configuration (docs/performance_guide.md, 6): auth (JWT, development key), policy rules evaluated on every request,
# rate limits in four tiers (high enough never to refuse this load), JFR's continuous recording and the
# live breakdown, as config.yml ships them; no request log, no gzip, 8-16 threads as config.yml.
aim_config() { # name port admin -> $work/name.yml
  cat > "$work/$1.yml" <<YAML
server:
  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: $2, acceptQueueSize: 4096${selector_threads:+, selectorThreads: $selector_threads}}]
  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: $3}]
  minThreads: 8
  maxThreads: ${max_threads:-16}
  gzip: {enabled: false}
  requestLog: {appenders: []}
sessions: {key: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}
upstreams: [{name: bench, url: "$upstream"}]
auth:
  type: jwt
  resource: http://127.0.0.1/mcp
  issuer: urn:shadowcat:bench
  requiredScopes: [mcp]
  keys: {type: development, path: "$work/dev-key.json"}
policy:
  defaultAction: allow
  rules:
    - {id: no-deletes, priority: 50, when: {tool: {regex: "delete_.*"}}, action: deny}
    - {id: admin-only, priority: 40, when: {all: [{tool: {prefix: "admin_"}}, {not: {scope: admin}}]}, action: deny}
    - {id: blocked-nets, priority: 30, when: {clientAddress: [10.99.0.0/16]}, action: deny}
rateLimits:
  global: [{limit: 10000000, per: 1s}]
  subject: [{limit: 5000000, per: 1s}]
  session: [{limit: 5000000, per: 1s}]
  tool: [{limit: 5000000, per: 1s}]
jfr: {enabled: true, dumpDirectory: "$work/recordings"}
breakdown: {enabled: true}
logging: {level: INFO}
YAML
}

start_proxy() { # name jar [extra java options...] -> ${name}_port, ${name}_admin, ${name}_pid
  local name=$1 jar=$2 port admin; shift 2
  port=$(free_port); admin=$(free_port)
  aim_config "$name" "$port" "$admin"
  java -Xms512m -Xmx512m "$@" -jar "$jar" server "$work/$name.yml" > "$work/$name.log" 2>&1 & pids+=($!)
  eval "${name}_pid=$!"
  for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$admin/healthcheck" && break; sleep 0.2; done
  curl -s -o /dev/null "http://127.0.0.1:$admin/healthcheck" || { echo "proxy $name did not come up:" >&2; cat "$work/$name.log" >&2; exit 1; }
  eval "${name}_port=$port ${name}_admin=$admin"
}

mint_token() { java -jar "$1" token "$2" --subject wrk --scope mcp --ttl 2h 2>/dev/null; }
# A token of the aim configuration for runs with no Shadowcat to mint it from: nginx and the yardsticks get the same
# request, bearer token included (passed on unread).
aim_token() { aim_config token-source "$(free_port)" "$(free_port)"; mint_token "$1" "$work/token-source.yml"; }

open_session() { # url -> the Mcp-Session-Id the server answered with (empty for nginx's fixed answer)
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Authorization: Bearer $token" "$1" \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}' \
    | awk 'tolower($1)=="mcp-session-id:" {print $2}' | tr -d '\r'
}

# wrk prints latencies with units; normalise to microseconds.
to_us() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) print n; else if (v ~ /ms$/) print n*1000; else if (v ~ /s$/) print n*1000000; else print n }'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # url session duration connections [pid] -> "rps p50us p99us cpu_us_per_request(0 without pid)"
  local out before=0 after=0 requests
  [[ -n ${5:-} ]] && before=$(cpu_ticks "$5")
  out=$(MCP_SESSION=$2 MCP_TOKEN=$token wrk -t1 -c"$4" -d"$3" --timeout 10s --latency -s bench/tools-call.lua "$1")
  [[ -n ${5:-} ]] && after=$(cpu_ticks "$5")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo "errors from $1:" >&2; grep "Non-2xx\|Socket errors" <<<"$out" >&2; fi
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(to_us "$(awk '$1=="50%" {print $2}' <<<"$out")") $(to_us "$(awk '$1=="99%" {print $2}' <<<"$out")") $(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
