-- wrk script: replays the pre-signed callbacks of bench/gen_requests.py, one file per wrk thread,
-- and counts answers by their envelope: error_code 0 is success; anything else (non-2xx, error_code 100,
-- another code) is an error. Usage: wrk -t2 -c32 -d15s -s bench/spi.lua URL -- <file prefix> <result file>

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1] .. "." .. id, "rb"))
  local data = f:read("*a")
  f:close()
  reqs = {}
  local pos = 1
  while true do
    local e = data:find("\0", pos, true)
    if not e then break end
    reqs[#reqs + 1] = data:sub(pos, e - 1)
    pos = e + 1
  end
  n, sent, ok, retry, other = #reqs, 0, 0, 0, 0
  result_file = args[2]
end

function request()
  -- Past the end of its file a thread starts over: the repeats are redeliveries, still valid traffic.
  sent = sent + 1
  return reqs[(sent - 1) % n + 1]
end

function response(status, headers, body)
  if status == 200 and body:find('"error_code":0,', 1, true) then
    ok = ok + 1
  elseif status == 200 and body:find('"error_code":100,', 1, true) then
    retry = retry + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s, o, r, x, per_thread = 0, 0, 0, 0, {}
  for _, t in ipairs(threads) do
    s = s + t:get("sent"); o = o + t:get("ok"); r = r + t:get("retry"); x = x + t:get("other")
    per_thread[#per_thread + 1] = t:get("id") .. ":" .. t:get("sent")
  end
  local e = summary.errors
  local out = assert(io.open(threads[1]:get("result_file") or "/dev/stdout", "w"))
  out:write(string.format(
    "completed=%d sent=%d ok=%d retry100=%d other=%d sock_connect=%d sock_read=%d sock_write=%d timeout=%d " ..
    "duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d per_thread=%s\n",
    summary.requests, s, o, r, x, e.connect, e.read, e.write, e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(per_thread, ",")))
  out:close()
end
