-- One event of a lockout rule, applied atomically to one counter: the Redis mirror
-- of Apply in lockout.go (script.go documents the arguments; the numbers of the
-- rules come from Go, none is written here).
--
-- KEYS[1]  the counter, a hash: n (events counted), f (first), l (last), u (until),
--          times as decimal unix nanoseconds
-- ARGV[1]  the rule's algorithm: 1 SignIn's lockout, 2 a limit of wrong attempts in
--          a window (WrongCode, SignUpCode, AttributeCode, PreviousPassword),
--          3 Delivery's rate limit
-- ARGV[2]  now, decimal unix nanoseconds (the caller's clock, never Redis's)
-- ARGV[3]  expiry of the key in milliseconds (Rule.TTL), garbage collection only
-- SignIn:    ARGV[4] FreeFailures, ARGV[5] QuietReset (ns), ARGV[6..] the lockout
--            after the FreeFailures-th, (FreeFailures+1)-th, ... counted failure
--            (ns), the last one repeating
-- windowed:  ARGV[4] the rule's max, ARGV[5] its window (ns)
-- Delivery:  ARGV[4] DeliveryMax, ARGV[5] DeliveryWindow (ns), ARGV[6] the count's cap
--
-- Returns 1 when the event was limited, else 0.
--
-- Lua's numbers are doubles, exact only below 2^53, and unix nanoseconds are not:
-- a time is kept as {seconds, nanoseconds}. Differences and sums of times and
-- durations near the rules' thresholds (at most hours) are then exact.

local E9 = 1000000000

local function parse(s)
  if not s then
    return {0, 0}
  end
  local len = string.len(s)
  if len <= 9 then
    return {0, tonumber(s)}
  end
  return {tonumber(string.sub(s, 1, len - 9)), tonumber(string.sub(s, len - 8))}
end

local function str(t)
  if t[1] == 0 then
    return string.format('%d', t[2])
  end
  return string.format('%d%09d', t[1], t[2])
end

local function since(a, b) -- a - b in nanoseconds
  return (a[1] - b[1]) * E9 + (a[2] - b[2])
end

local function add(t, d)
  local ns = t[2] + d
  local carry = math.floor(ns / E9)
  return {t[1] + carry, ns - carry * E9}
end

local function before(a, b)
  return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
end

local function zero(t)
  return t[1] == 0 and t[2] == 0
end

local key = KEYS[1]
local rule = tonumber(ARGV[1])
local now = parse(ARGV[2])
local ttl = ARGV[3]

local v = redis.call('HMGET', key, 'n', 'f', 'l', 'u')
local n = tonumber(v[1]) or 0
local first, last, ends = parse(v[2]), parse(v[3]), parse(v[4])

local function save()
  redis.call('HSET', key, 'n', string.format('%d', n), 'f', str(first), 'l', str(last), 'u', str(ends))
  redis.call('PEXPIRE', key, ttl)
end

local function clear()
  n, first, last, ends = 0, {0, 0}, {0, 0}, {0, 0}
end

if rule == 1 then
  local free, quiet = tonumber(ARGV[4]), tonumber(ARGV[5])
  if before(now, ends) then
    return 1
  end
  if n > 0 and since(now, last) >= quiet then
    clear()
  end
  n = n + 1
  last = now
  if zero(first) then
    first = now
  end
  if n > free - 1 then
    local i = math.min(6 + n - free, #ARGV)
    ends = add(now, tonumber(ARGV[i]))
  end
  save()
  return 0
elseif rule == 2 then
  local max, window = tonumber(ARGV[4]), tonumber(ARGV[5])
  if n > 0 and since(now, first) >= window then
    clear()
  end
  if n >= max then
    return 1
  end
  if n == 0 then
    first = now
  end
  n = n + 1
  last = now
  save()
  return 0
elseif rule == 3 then
  local max, window, cap = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  if n > 0 and since(now, first) >= window then
    clear()
  end
  if n == 0 then
    first = now
  end
  if n < cap then
    n = n + 1
  end
  last = now
  save()
  if n > max then
    return 1
  end
  return 0
end
return redis.error_reply('maskedauth lockout: unknown rule')
