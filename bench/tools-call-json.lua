-- wrk script: bench/tools-call.lua's MCP tools/call, plus one JSON line at the end with the run's
-- requests/s and latency percentiles in microseconds, for bench/gate-suite to read.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "tools-call.lua")

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      '{"requests":%d,"errors":%d,"rps":%.3f,"p50":%.1f,"p90":%.1f,"p99":%.1f,"mean":%.2f}\n',
      summary.requests, errors, summary.requests / seconds, latency:percentile(50),
      latency:percentile(90), latency:percentile(99), latency.mean))
end
