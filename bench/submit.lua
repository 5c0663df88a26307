-- wrk script: each request submits one rater's saved answers (POST
-- /feedback/submit), each token once, spread over wrk's threads. Counts the
-- answers acknowledged ("Thank you") and anything else.
--   LINKS=file-of-tokens wrk -s bench/submit.lua URL
local tokens = {}
for line in io.lines(os.getenv("LINKS")) do tokens[#tokens + 1] = line end

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- A CSRF cookie and the same value in the form (the double-submit check).
local csrf = "benchmark-csrf-token-0123456789abcdefghij"

function init(args)
  next_index = id
  thanked = 0
  other = 0
  exhausted = 0
  stride = tonumber(os.getenv("WRK_THREADS") or "2")
end

function request()
  local token = tokens[next_index]
  next_index = next_index + stride
  if token == nil then
    exhausted = exhausted + 1
    token = "exhausted"
  end
  return wrk.format("POST", "/feedback/submit",
    { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "lqf_csrf=" .. csrf },
    "csrf_token=" .. csrf .. "&t=" .. token)
end

function response(status, headers, body)
  if status == 200 and body:find("Thank you: your feedback has been given", 1, true) then
    thanked = thanked + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local t, o, e = 0, 0, 0
  for _, thread in ipairs(threads) do
    t = t + thread:get("thanked")
    o = o + thread:get("other")
    e = e + thread:get("exhausted")
  end
  io.write(string.format("acknowledged %d other %d out-of-tokens %d\n", t, o, e))
end
