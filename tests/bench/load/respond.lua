-- wrk script: every simulated person answers a survey once, the way a browser does it.
--
-- wrk -t T -c C -d S --timeout 30s -s respond.lua http://127.0.0.1:PORT -- PEOPLE PLAN T
--
-- PEOPLE: one signed-in session cookie (name=value) a line, one per person; thread n of T takes
--         lines n, n+T, n+2T, ... so no two threads answer as the same person.
-- PLAN:   one form a line, in the order a respondent posts them: "<path> <urlencoded fields>"
--         (without the CSRF token). The first path is also the first page fetched.
--
-- When a thread has no one left, it stops (flows still in flight on it are cut) and done() says
-- exhausted>0: give it more people or fewer seconds, as the rate over the run is then a lower bound.
--
-- A person's flow: GET the first path; on every 200 page, read its CSRF token and POST the next
-- form of the plan; on every redirect, GET the Location. The last post is answered with the
-- thank-you page itself (a 200 naming ".../done" as its canonical address): one full response.
-- Anything else is an error and the person is dropped. Several connections share a thread and wrk
-- does not say which connection a response came on, so each request carries its person in
-- X-Request-ID, which Ura echoes (intranet.security).
--
-- done() prints one line "URA key=value ..." that tests/bench/load/__init__.py reads.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } ura_timespec;
int clock_gettime(int clock_id, ura_timespec *tp);
]]
local clock = ffi.new("ura_timespec")

local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- the main state: the threads, for done()
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

-- a thread's state
local people, plan, ready, flows = {}, {}, {}, {}
local next_person, next_flow = 1, 0
completed, submitted, failed, exhausted, begun = 0, 0, 0, 0, 0
durations, samples = {}, {}

function init(args)
  local count = tonumber(args[3]) or 1
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if (n - 1) % count == thread_number - 1 then
      people[#people + 1] = line
    end
  end
  for line in io.lines(args[2]) do
    local path, fields = line:match("^(%S+)%s?(.*)$")
    plan[#plan + 1] = { path = path, fields = fields }
  end
end

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function send(flow, method, path, body)
  flow.method, flow.path = method, path
  local headers = { ["Cookie"] = flow.cookie, ["X-Request-ID"] = flow.id, ["User-Agent"] = "ura-bench" }
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  ready[#ready + 1] = wrk.format(method, path, headers, body)
end

local function fail(flow, why)
  failed = failed + 1
  if #samples < 3 then
    samples[#samples + 1] = why
  end
  flows[flow.id] = nil
end

function request()
  if #ready == 0 then
    local cookie = people[next_person]
    if not cookie then
      -- everyone of this thread has answered: stop rather than send requests that measure nothing
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", "/healthz", { ["User-Agent"] = "ura-bench" })
    end
    next_person, next_flow, begun = next_person + 1, next_flow + 1, begun + 1
    local flow = { id = "t" .. thread_number .. "-p" .. next_flow, cookie = cookie, step = 1, started = now_ms() }
    flows[flow.id] = flow
    send(flow, "GET", plan[1].path)
  end
  return table.remove(ready, 1)
end

function response(status, headers, body)
  local flow = flows[headers["X-Request-ID"] or ""]
  if not flow then
    return
  end
  local cookie = headers["Set-Cookie"]
  if cookie then -- the first page adds the CSRF token to the session cookie
    flow.cookie = cookie:match("^([^;]+)")
  end
  if status == 302 then
    local location = (headers["Location"] or ""):gsub("^https?://[^/]+", "")
    return send(flow, "GET", location)
  end
  if flow.step > #plan then -- the answer to the last post: the thank-you page
    if status ~= 200 or not body:match('<link rel="canonical" href="[^"]*/done">') then
      return fail(flow, flow.method .. " " .. flow.path .. ": " .. status .. ", not the thank-you page")
    end
    submitted, completed = submitted + 1, completed + 1
    durations[#durations + 1] = now_ms() - flow.started
    flows[flow.id] = nil
    return
  end
  if status ~= 200 or flow.method ~= "GET" then
    return fail(flow, flow.method .. " " .. flow.path .. ": " .. status)
  end
  local tag = body:match('<input[^>]-name="csrf_token"[^>]*>')
  local token = tag and tag:match('value="([^"]*)"')
  if not token then
    return fail(flow, "no CSRF token on " .. flow.path)
  end
  local form = plan[flow.step]
  flow.step = flow.step + 1
  local fields = form.fields ~= "" and (form.fields .. "&") or ""
  send(flow, "POST", form.path, fields .. "csrf_token=" .. urlencode(token))
end

function done(summary, latency, requests)
  local all, totals, notes = {}, { completed = 0, submitted = 0, failed = 0, exhausted = 0, begun = 0 }, {}
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    for _, value in ipairs(thread:get("durations") or {}) do
      all[#all + 1] = value
    end
    for _, note in ipairs(thread:get("samples") or {}) do
      notes[#notes + 1] = note
    end
  end
  table.sort(all)
  local function quantile(q)
    if #all == 0 then
      return 0
    end
    return all[math.max(1, math.ceil(q * #all))]
  end
  local errors = summary.errors
  io.write(string.format(
    "URA completed=%d submitted=%d failed=%d begun=%d exhausted=%d seconds=%.3f requests=%d " ..
    "request_p50_ms=%.1f request_p95_ms=%.1f request_p99_ms=%.1f response_p50_ms=%.1f response_p95_ms=%.1f " ..
    "socket_errors=%d status_errors=%d timeouts=%d\n",
    totals.completed, totals.submitted, totals.failed, totals.begun, totals.exhausted, summary.duration / 1e6, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    quantile(0.5), quantile(0.95),
    errors.connect + errors.read + errors.write, errors.status, errors.timeout))
  for _, note in ipairs(notes) do
    io.write("URA-ERROR " .. note .. "\n")
  end
end
