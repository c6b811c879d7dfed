-- Reserves the next request slot of one rate-limit bucket (GCRA; mirrors governor/gcra.rs).
-- KEYS[1]: the bucket's hash {tat, rate, burst, hold}. ARGV[1], ARGV[2]: a fixed rate per second and
-- burst (rate 0: use the learned ones). Returns the wait in microseconds. Times are Redis's
-- own clock, so every process of the fleet agrees on them.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
if rate <= 0 then
  rate = tonumber(redis.call('HGET', KEYS[1], 'rate') or '0')
  burst = tonumber(redis.call('HGET', KEYS[1], 'burst') or '1')
end
-- A 429's pause holds every caller, even before any quota is known.
local held = tonumber(redis.call('HGET', KEYS[1], 'hold') or '0') - now
if held < 0 then
  held = 0
end
if rate <= 0 then
  return math.floor(held * 1000)
end
local interval = 1000 / rate
local tolerance = (math.max(burst, 1) - 1) * interval
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
if tat < now then
  tat = now
end
local wait = tat - tolerance - now
if wait < held then
  wait = held
end
redis.call('HSET', KEYS[1], 'tat', tostring(tat + interval))
redis.call('PEXPIRE', KEYS[1], 3600000)
return math.floor(wait * 1000)
