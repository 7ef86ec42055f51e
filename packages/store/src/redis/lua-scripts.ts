/**
 * The Redis store's operations, each one Lua script: Redis runs a script alone, so every multi-step operation is
 * atomic and takes one round trip. Times come from Redis's own clock (TIME), never from the callers', so
 * processes on hosts whose clocks disagree still share one nonce order, one decay and one lease expiry.
 *
 * Numbers go back as strings: Redis turns a Lua number into an integer reply, which would cut a counter's level.
 * A value the script cannot read is reported as an error starting with KRAKENKIT_CORRUPT.
 */

import { MAX_QUEUED_WAIT_MS, MAX_WAITERS, QUEUE_RETRY_MS } from '../budget-queue.js';
import { DECAYED_LEVEL_MARGIN } from '../counter-math.js';

// Shared by every script: the clock, exact number formatting, and the counter rule of counter-math.ts.
const PRELUDE = `
local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function int(n) return string.format('%.0f', n) end
local function num(n) return string.format('%.17g', n) end
local function corrupt(what) return redis.error_reply('KRAKENKIT_CORRUPT ' .. what) end
local function split(value)
  local space = string.find(value, ' ', 1, true)
  if not space then return nil end
  return tonumber(string.sub(value, 1, space - 1)), string.sub(value, space + 1)
end
-- A counter is stored as "<level> <at>", or "<level> <at> e" when its level is exact (see counter-math.ts).
local MARGIN = ${DECAYED_LEVEL_MARGIN}
local function level_at(value, decay, now)
  if not value then return 0, true end
  local level, rest = split(value)
  if level == nil or rest == nil then error('KRAKENKIT_CORRUPT a counter') end
  local atText, flag = rest, nil
  local space = string.find(rest, ' ', 1, true)
  if space then atText, flag = string.sub(rest, 1, space - 1), string.sub(rest, space + 1) end
  local at = tonumber(atText)
  if at == nil or (flag ~= nil and flag ~= 'e') then error('KRAKENKIT_CORRUPT a counter') end
  local d = math.max(0, now - at) / 1000 * decay
  local raw = level - d
  if raw <= -MARGIN then return 0, true end
  return math.max(0, raw), flag == 'e' and d == 0
end
local function decayed(value, decay, now)
  local level = level_at(value, decay, now)
  return level
end
local function charge(value, cost, max, decay, force, now)
  local level, exact = level_at(value, decay, now)
  local limit = max
  if not exact and decay > 0 then limit = max - MARGIN end
  if force or level + cost <= limit then
    local after = level + cost
    local stored = num(after) .. ' ' .. num(now)
    if exact and not force then stored = stored .. ' e' end
    return true, after, stored, '0'
  end
  local retry = '-1'
  if decay > 0 then retry = int(math.ceil((level + cost - max + MARGIN) / decay * 1000)) end
  return false, level, nil, retry
end
local function read_after(meta, list, after)
  local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
  local base = tonumber(redis.call('HGET', meta, 'base') or '0')
  local snapshot = redis.call('HGET', meta, 'snapshot')
  if seq == nil or base == nil then error('KRAKENKIT_CORRUPT a journal') end
  local out = {int(seq), '0', '', ''}
  local from = after
  if snapshot and after < base then
    from = base
    out = {int(seq), '1', int(base), snapshot}
  end
  out[5] = int(from + 1)
  if from < seq then
    local items = redis.call('LRANGE', list, math.max(0, from - base), -1)
    for i = 1, #items do out[5 + i] = items[i] end
  end
  return out
end
`;

// The budget queue of budget-queue.ts: a hash, "<waiter id> <counter>" → "<queuedAt ms> <until ms> <max>".
const BUDGET_QUEUE = `
local QUEUE_RETRY_MS = ${QUEUE_RETRY_MS}
local function read_queue(key, now)
  local queue = {}
  local all = redis.call('HGETALL', key)
  for k = 1, #all, 2 do
    local field = all[k]
    local queued, rest = split(all[k + 1])
    local untilText, maxText = nil, nil
    if rest then untilText, maxText = split(rest) end
    local untilMs = untilText
    local max = tonumber(maxText)
    local space = string.find(field, ' ', 1, true)
    if queued == nil or untilMs == nil or max == nil or not space then error('KRAKENKIT_CORRUPT a budget waiter') end
    if untilMs <= now then
      redis.call('HDEL', key, field)
    else
      table.insert(queue, {id = string.sub(field, 1, space - 1), counter = string.sub(field, space + 1),
        queued = queued, untilMs = untilMs, max = max, field = field})
    end
  end
  table.sort(queue, function(a, b)
    if a.queued ~= b.queued then return a.queued < b.queued end
    return a.field < b.field
  end)
  return queue
end
local function ahead_of(queue, counter, max, id)
  local same, mine = nil, false
  for _, entry in ipairs(queue) do
    if entry.counter == counter and entry.max >= max then
      if entry.id == id then
        mine = true
      elseif entry.max > max then
        return entry
      elseif not mine and same == nil then
        same = entry
      end
    end
  end
  return same
end
local function enqueue(key, id, counter, max, now, retry, grace)
  if retry == nil or retry < 0 or retry > ${MAX_QUEUED_WAIT_MS} then return end
  local field = id .. ' ' .. counter
  local untilMs = now + retry + grace
  local queued = now
  local current = redis.call('HGET', key, field)
  if current then
    local q, rest = split(current)
    local u = nil
    if rest then u = split(rest) end
    if q ~= nil and u ~= nil and u > now then
      queued = q
      if u > untilMs then untilMs = u end
    end
  elseif redis.call('HLEN', key) >= ${MAX_WAITERS} then
    return
  end
  redis.call('HSET', key, field, num(queued) .. ' ' .. num(untilMs) .. ' ' .. num(max))
end
`;

function script(body: string): string {
  return `${PRELUDE}\n${body}`;
}

/**
 * KEYS: nonce, calls, counters, budget queue[, journal meta, entries]. ARGV: window, leaseMs, waiter id ('' for
 * none), waiter graceMs, endingCount, (nonce, chargeCount,
 * (counter, cost, max, decay, force)…)…, chargeCount, (counter, cost, max, decay, force)…, hasCommit ('1'/'0')
 * [, expectedSeq, entries…].
 * → {'1', nonce, seq, (granted, level, retry)…} | {'0', retryInMs, (granted, level, retry)…} | {'stale', …read_after}
 * Endings happen whatever the answer; the slot, the charges and the entries only all together.
 */
export const BEGIN_CALL = script(`${BUDGET_QUEUE}
local us = now_us()
local ms = math.floor(us / 1000)
local now = us / 1000
local waiter = ARGV[3]
local grace = tonumber(ARGV[4])
local i = 6
for _ = 1, tonumber(ARGV[5]) do
  redis.call('ZREM', KEYS[2], ARGV[i])
  local count = tonumber(ARGV[i + 1])
  i = i + 2
  for _ = 1, count do
    local ok, level, value = charge(redis.call('HGET', KEYS[3], ARGV[i]), tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]),
      tonumber(ARGV[i + 3]), true, now)
    redis.call('HSET', KEYS[3], ARGV[i], value)
    i = i + 5
  end
end
local chargeCount = tonumber(ARGV[i])
local chargeAt = i + 1
local commitAt = chargeAt + chargeCount * 5
local seq = nil
if ARGV[commitAt] == '1' then
  seq = tonumber(redis.call('HGET', KEYS[5], 'seq') or '0')
  if seq == nil then return corrupt('a journal') end
  local expected = tonumber(ARGV[commitAt + 1])
  if seq ~= expected then
    local read = read_after(KEYS[5], KEYS[6], expected)
    table.insert(read, 1, 'stale')
    return read
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms)
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if last == nil then return corrupt('the last nonce') end
local nonce = us
if last >= nonce then nonce = last + 1 end
local window = tonumber(ARGV[1])
local oldest = nil
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local n = tonumber(member)
  if n == nil then return corrupt('a call in flight') end
  if oldest == nil or n < oldest then oldest = n end
end
if oldest ~= nil and not (window > 0 and nonce - oldest <= window) then return {'0', '1'} end
local queue = nil
if waiter ~= '' and chargeCount > 0 then
  queue = read_queue(KEYS[4], now)
  for c = 0, chargeCount - 1 do
    local b = chargeAt + c * 5
    if ARGV[b + 4] ~= '1' then
      local ahead = ahead_of(queue, ARGV[b], tonumber(ARGV[b + 2]), waiter)
      if ahead ~= nil then
        local retry = math.max(1, math.min(QUEUE_RETRY_MS, math.ceil(ahead.untilMs - now)))
        local level = decayed(redis.call('HGET', KEYS[3], ARGV[b]), tonumber(ARGV[b + 3]), now)
        enqueue(KEYS[4], waiter, ARGV[b], tonumber(ARGV[b + 2]), now, retry, grace)
        return {'0', int(retry), '0', num(level), int(retry)}
      end
    end
  end
end
local staged, order, answers = {}, {}, {}
for c = 0, chargeCount - 1 do
  local b = chargeAt + c * 5
  local name = ARGV[b]
  local current = staged[name]
  if current == nil then current = redis.call('HGET', KEYS[3], name) end
  local ok, level, value, retry = charge(current, tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]),
    ARGV[b + 4] == '1', now)
  table.insert(answers, ok and '1' or '0')
  table.insert(answers, num(level))
  table.insert(answers, retry)
  if not ok then
    if queue ~= nil then enqueue(KEYS[4], waiter, name, tonumber(ARGV[b + 2]), now, tonumber(retry), grace) end
    table.insert(answers, 1, retry)
    table.insert(answers, 1, '0')
    return answers
  end
  if staged[name] == nil then table.insert(order, name) end
  staged[name] = value
end
for _, name in ipairs(order) do redis.call('HSET', KEYS[3], name, staged[name]) end
if queue ~= nil then
  for _, entry in ipairs(queue) do
    if entry.id == waiter then redis.call('HDEL', KEYS[4], entry.field) end
  end
end
local seqText = ''
if seq ~= nil then
  for j = commitAt + 2, #ARGV do redis.call('RPUSH', KEYS[6], ARGV[j]) end
  seq = seq + (#ARGV - commitAt - 1)
  redis.call('HSET', KEYS[5], 'seq', int(seq))
  seqText = int(seq)
end
local text = int(nonce)
redis.call('SET', KEYS[1], text)
redis.call('ZADD', KEYS[2], ms + tonumber(ARGV[2]), text)
table.insert(answers, 1, seqText)
table.insert(answers, 1, text)
table.insert(answers, 1, '1')
return answers
`);

/** KEYS: calls, counters. ARGV: nonce, (counter, cost, max, decay)… → 0. Each charge is forced. */
export const END_CALL = script(`
redis.call('ZREM', KEYS[1], ARGV[1])
local now = now_us() / 1000
for b = 2, #ARGV, 4 do
  local ok, level, value = charge(redis.call('HGET', KEYS[2], ARGV[b]), tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]),
    tonumber(ARGV[b + 3]), true, now)
  redis.call('HSET', KEYS[2], ARGV[b], value)
end
return 0
`);

/** KEYS: counters. ARGV: counter, cost, max, decayPerSecond, force ('1'/'0'). → {granted, level, retryInMs} */
export const CHARGE = script(`
local now = now_us() / 1000
local ok, level, value, retry = charge(redis.call('HGET', KEYS[1], ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4]), ARGV[5] == '1', now)
if ok then
  redis.call('HSET', KEYS[1], ARGV[1], value)
  return {'1', num(level), '0'}
end
return {'0', num(level), retry}
`);

/** KEYS: counters. ARGV: counter, decayPerSecond. → level */
export const COUNTER_LEVEL = script(`
return num(decayed(redis.call('HGET', KEYS[1], ARGV[1]), tonumber(ARGV[2]), now_us() / 1000))
`);

/**
 * KEYS: journal meta, entries, counters. ARGV: expectedSeq, chargeCount, (counter, cost, max, decay, force)…,
 * entries… → {'appended', seq, (granted, level, retry)…} | {'refused', seq, (granted, level, retry)…} |
 * {'stale', …read_after}
 */
export const COMMIT = script(`
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if seq == nil then return corrupt('a journal') end
if seq ~= tonumber(ARGV[1]) then
  local read = read_after(KEYS[1], KEYS[2], tonumber(ARGV[1]))
  table.insert(read, 1, 'stale')
  return read
end
local now = now_us() / 1000
local count = tonumber(ARGV[2])
local staged, order, answers = {}, {}, {}
for i = 0, count - 1 do
  local b = 3 + i * 5
  local name = ARGV[b]
  local current = staged[name]
  if current == nil then current = redis.call('HGET', KEYS[3], name) end
  local ok, level, value, retry = charge(current, tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3]),
    ARGV[b + 4] == '1', now)
  table.insert(answers, ok and '1' or '0')
  table.insert(answers, num(level))
  table.insert(answers, retry)
  if not ok then
    table.insert(answers, 1, int(seq))
    table.insert(answers, 1, 'refused')
    return answers
  end
  if staged[name] == nil then table.insert(order, name) end
  staged[name] = value
end
for _, name in ipairs(order) do redis.call('HSET', KEYS[3], name, staged[name]) end
for j = 3 + count * 5, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[j]) end
seq = seq + (#ARGV - 2 - count * 5)
redis.call('HSET', KEYS[1], 'seq', int(seq))
table.insert(answers, 1, int(seq))
table.insert(answers, 1, 'appended')
return answers
`);

/** KEYS: journal meta, entries. ARGV: afterSeq. → read_after */
export const READ_JOURNAL = script(`
return read_after(KEYS[1], KEYS[2], tonumber(ARGV[1]))
`);

/** KEYS: journal meta, entries. ARGV: seq, state. */
export const COMPACT_JOURNAL = script(`
local current = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local base = tonumber(redis.call('HGET', KEYS[1], 'base') or '0')
local snapshot = redis.call('HGET', KEYS[1], 'snapshot')
local seq = tonumber(ARGV[1])
if current == nil or base == nil then return corrupt('a journal') end
if seq > current or (snapshot and base >= seq) then return 0 end
if seq > base then redis.call('LTRIM', KEYS[2], seq - base, -1) end
redis.call('HSET', KEYS[1], 'base', int(seq), 'snapshot', ARGV[2])
return 1
`);

// Leases: one hash per account, name → "<expiresAt> <holder>", expiry by Redis's clock.
const LEASE_PRELUDE = `
local now = math.floor(now_us() / 1000)
local function lease(name)
  local value = redis.call('HGET', KEYS[1], name)
  if not value then return nil end
  local expires, holder = split(value)
  if expires == nil then error('KRAKENKIT_CORRUPT a lease') end
  return expires, holder
end
`;

/** KEYS: leases. ARGV: name, holder, ttlMs. → {'1', expiresAt} | {'0', expiresAt, holder} */
export const ACQUIRE_LEASE = script(`${LEASE_PRELUDE}
local expires, holder = lease(ARGV[1])
if expires ~= nil and holder ~= ARGV[2] and expires > now then return {'0', int(expires), holder} end
local until_ms = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], int(until_ms) .. ' ' .. ARGV[2])
return {'1', int(until_ms)}
`);

/** KEYS: leases. ARGV: name, holder, ttlMs. → 1 | 0 */
export const RENEW_LEASE = script(`${LEASE_PRELUDE}
local expires, holder = lease(ARGV[1])
if expires == nil or holder ~= ARGV[2] or expires <= now then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], int(now + tonumber(ARGV[3])) .. ' ' .. ARGV[2])
return 1
`);

/** KEYS: leases. ARGV: name, holder. */
export const RELEASE_LEASE = script(`${LEASE_PRELUDE}
local expires, holder = lease(ARGV[1])
if expires ~= nil and holder == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`);

/** KEYS: leases. ARGV: prefix. → {name, expiresAt, holder}… (expired leases are dropped on the way) */
export const LIST_LEASES = script(`${LEASE_PRELUDE}
local out = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local name = all[i]
  local expires, holder = split(all[i + 1])
  if expires == nil then return corrupt('a lease') end
  if expires <= now then
    redis.call('HDEL', KEYS[1], name)
  elseif string.sub(name, 1, #ARGV[1]) == ARGV[1] then
    table.insert(out, name)
    table.insert(out, int(expires))
    table.insert(out, holder)
  end
end
return out
`);

// Records: a hash key → value, and a sorted set of the keys (all scores 0) for listing by prefix in key order.
/** KEYS: records, record keys. ARGV: key, value. */
export const PUT_RECORD = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return 0
`;

/** KEYS: records, record keys. ARGV: key. */
export const DELETE_RECORD = `
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 0
`;

/** KEYS: records, record keys. ARGV: prefix. → {key, value}… */
export const LIST_RECORDS = `
local keys
if ARGV[1] == '' then
  keys = redis.call('ZRANGEBYLEX', KEYS[2], '-', '+')
else
  keys = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1], '(' .. ARGV[1] .. '\\255')
end
local out = {}
for _, key in ipairs(keys) do
  local value = redis.call('HGET', KEYS[1], key)
  if value then
    table.insert(out, key)
    table.insert(out, value)
  end
end
return out
`;
