-- wrk script: each request opens questionnaire page 2 of a different
-- rater's link (the links file, in turn, spread over wrk's threads), as on a
-- morning when many raters open their emails.
--   LINKS=file-of-tokens WRK_THREADS=2 wrk -s bench/open.lua URL
local tokens = {}
for line in io.lines(os.getenv("LINKS")) do tokens[#tokens + 1] = line end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  next_index = id
  stride = tonumber(os.getenv("WRK_THREADS") or "2")
end

function request()
  local token = tokens[(next_index - 1) % #tokens + 1]
  next_index = next_index + stride
  return wrk.format("GET", "/feedback?t=" .. token .. "&page=2")
end
