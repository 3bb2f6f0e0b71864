#!/usr/bin/env bash
# Regenerates the small recordings the profiler's golden-file tests read.
#
#   ./mvnw -B -q package -DskipTests
#   profiler/src/test/resources/jfr/generate.sh [JAVA_HOME]
#
# Runs the proxy (service/target/shadowcat.jar, default config.yml: embedded demo upstream) on
# 127.0.0.1, sends a fixed mix of MCP requests, dumps the flight recording through
# POST /tasks/jfr-dump on the admin port, and copies it here as proxy-java<feature>.jfr.
# Run it once per JDK the tests cover (17 and 25). New recordings change the reports' figures: refresh
# the golden files with `./mvnw -B -q -pl profiler test -Dgolden.update=true` and review the diff.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
java_home="${1:-${JAVA_HOME:-}}"
java="${java_home:+$java_home/bin/}java"
feature="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
port=18480
admin=18481
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$work"
"$java" -Ddw.server.applicationConnectors[0].port=$port -Ddw.server.adminConnectors[0].port=$admin \
    -Ddw.jfr.dumpDirectory="$work" -Ddw.logging.level=WARN \
    -jar "$root/service/target/shadowcat.jar" server "$root/config.yml" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$admin/healthcheck" && break
  sleep 0.2
done

mcp() { # body [session]
  curl -s -D "$work/headers" -o /dev/null -X POST "http://127.0.0.1:$port/mcp" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2025-06-18' ${2:+-H "Mcp-Session-Id: $2"} --data "$1"
}
mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"generate.sh","version":"1"}}}'
session="$(tr -d '\r' <"$work/headers" | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p')"
mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' "$session"
for i in $(seq 2 41); do
  mcp '{"jsonrpc":"2.0","id":'$i',"method":"tools/call","params":{"name":"echo","arguments":{"message":"m'$i'"}}}' "$session"
done
for i in $(seq 42 51); do
  mcp '{"jsonrpc":"2.0","id":'$i',"method":"tools/list"}' "$session"
done
for i in $(seq 52 56); do
  mcp '{"jsonrpc":"2.0","id":'$i',"method":"ping"}' "$session"
done
out="$(curl -s -X POST "http://127.0.0.1:$admin/tasks/jfr-dump?file=dump.jfr")"
cp "$out" "$here/proxy-java$feature.jfr"
echo "wrote $here/proxy-java$feature.jfr ($(wc -c <"$here/proxy-java$feature.jfr") bytes)"
