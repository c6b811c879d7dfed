-- Learns from one response (mirrors governor/gcra.rs and governor/local.rs).
-- KEYS[1]: the bucket's hash {tat, rate, burst, hold}. ARGV: fixed rate, fixed burst (rate 0: learn),
-- X-RateLimit-Limit, X-RateLimit-Remaining, the 429's pause in ms (-1 when absent), the share
-- of a learned limit used as the rate and as the burst.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
if rate <= 0 then
  if limit > 0 then
    rate = limit * tonumber(ARGV[6])
    burst = math.max(1, limit * tonumber(ARGV[7]))
    redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'burst', tostring(burst))
  else
    rate = tonumber(redis.call('HGET', KEYS[1], 'rate') or '0')
    burst = tonumber(redis.call('HGET', KEYS[1], 'burst') or '1')
  end
end
local pause = tonumber(ARGV[5])
if pause >= 0 then
  local hold = tonumber(redis.call('HGET', KEYS[1], 'hold') or '0')
  redis.call('HSET', KEYS[1], 'hold', tostring(math.max(hold, now + pause)))
  redis.call('PEXPIRE', KEYS[1], 3600000)
end
if rate <= 0 then
  return 0
end
local interval = 1000 / rate
local tolerance = (math.max(burst, 1) - 1) * interval
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
local remaining = tonumber(ARGV[4])
if remaining >= 0 then
  local used = math.max(burst - remaining, 0)
  tat = math.max(tat, now + used * interval)
end
if pause >= 0 then
  tat = math.max(tat, now + pause + tolerance)
end
redis.call('HSET', KEYS[1], 'tat', tostring(tat))
redis.call('PEXPIRE', KEYS[1], 3600000)
return 1
