-- wrk script: DynamoDB GetItem / PutItem calls on the load driver's table and key space (item i
-- lives at pk "user#<i/10, 10 digits>", sk i%10, with a 100-byte string "v"), so a run after
-- `loadgen --workload put --ops 0` (the preload) reads items that exist.
--
--   wrk -t2 -c16 -d10s -s benches/wrk/dynamodb.lua http://127.0.0.1:8000/ -- get|put [KEYS [KEY_ID]]
--
-- Requests carry a well-formed SigV4 Authorization header with a dummy signature, for access key
-- KEY_ID (default "dummy", the load driver's default): servers that accept any credentials, as
-- DynamoDB Local does, keep one database per access key, so it must be the preload's. Non-2xx
-- answers are counted by wrk and the first one is printed.

local op, keys
local threads = 0

-- Runs once per wrk thread before it starts: a distinct random seed for each.
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local table_name = "loadgen"
local value = string.rep("x", 100)

function init(args)
  op = args[1] or "get"
  keys = tonumber(args[2] or "100000")
  local key_id = args[3] or "dummy"
  if op ~= "get" and op ~= "put" then
    error("operation must be get or put, not " .. op)
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["X-Amz-Date"] = "20260101T000000Z"
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=" .. key_id
    .. "/20260101/us-east-1/dynamodb/aws4_request, "
    .. "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
    .. string.rep("0", 64)
  wrk.headers["X-Amz-Target"] = op == "get" and "DynamoDB_20120810.GetItem"
    or "DynamoDB_20120810.PutItem"
  math.randomseed(os.time() * 1000 + id)
end

local function key(i)
  return string.format('"pk":{"S":"user#%010d"},"sk":{"N":"%d"}', math.floor(i / 10), i % 10)
end

function request()
  local i = math.random(0, keys - 1)
  local body
  if op == "get" then
    body = '{"TableName":"' .. table_name .. '","Key":{' .. key(i) .. '}}'
  else
    body = '{"TableName":"' .. table_name .. '","Item":{' .. key(i)
      .. ',"v":{"S":"' .. value .. '"}}}'
  end
  return wrk.format(nil, "/", nil, body)
end

local reported = false
function response(status, headers, body)
  if status ~= 200 and not reported then
    reported = true
    io.stderr:write("first non-200 answer: " .. status .. " " .. body .. "\n")
  end
end
