-- Citizens answering a public poll: every request a complete form POSTed to /p/<slug>, with no cookie
-- (each a browser that has not answered yet). A submission answers 302 (to the thank-you page).
-- Arguments: the path, the form body (application/x-www-form-urlencoded), and the thread count (run_wrk).
local path, body

function init(args)
  path, body = args[1], args[2]
end

function request()
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "ura-bench",
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("URA submitted=%d seconds=%.3f request_p50_ms=%.1f request_p95_ms=%.1f request_p99_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
