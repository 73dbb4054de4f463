/**
 * The AttemptGate's Redis scripts, two per side: the account's (its counters and attempts in
 * flight) and the IP's (its window counters and attempts in flight). Redis Cluster runs a script
 * only over keys of one hash slot, and an account is tried from many IPs and an IP tries many
 * accounts, so each side has its own hash tag (`{s:<subject>}`, `{ip:<factor>:<bucket>}`) and its
 * own scripts; AttemptGate calls the account's first, then the IP's, and gives back a place
 * taken on one side when the other refuses. Each budget is still checked and reserved in one
 * atomic step on its own side, so concurrent guesses never exceed what the same guesses one after
 * another would get, and the refusal reasons keep their order: permanent, ip, source, account, busy.
 *
 * Account KEYS: 1 the subject's counters (hash; fields `<factor>:n|u` for the account,
 * `<factor>:p:<ip>:n|u` per source IP), 2 the subject's attempts in flight for the factor (zset
 * `<ip> <id>` → lease end). IP KEYS: 1 the IP's attempts in flight (zset `<id>`), 2/3 the IP's
 * failures in the current/previous window (counters), 4/5 accounts signed in from the IP in the
 * current/previous window (sets).
 *
 * ARGV (both sides): 1 factor, 2 now (ms, from the Clock), 3 attempt id, 4 IP bucket, 5 has IP (0|1),
 * 6 sourceFreeFailures, 7 accountFreeFailures, 8 baseDelay (s), 9 maxDelay (s),
 * 10 permanentLockAfter, 11 ipMaxFailures, 12 ipCreditPerAccount, 13 window (ms), 14 lease (ms),
 * 15 counter TTL (ms), 16 begin: captcha solved (0|1); finish: 'fail' | 'ok' | 'drop', 17 subject,
 * 18 (IP begin only) take a place (1) or only check the budget (0).
 *
 * Time is the Clock's, compared in the scripts; Redis TTLs only clean up.
 */
const ARGS = `
local f = ARGV[1]
local now = tonumber(ARGV[2])
local id = ARGV[3]
local b = ARGV[4]
local sourceFree = tonumber(ARGV[6])
local accountFree = tonumber(ARGV[7])
local permanent = tonumber(ARGV[10])
local W = tonumber(ARGV[13])
local leaseMs = tonumber(ARGV[14])
`;

const ACCOUNT = `${ARGS}
local nField, uField = f .. ':n', f .. ':u'
local pnField, puField = f .. ':p:' .. b .. ':n', f .. ':p:' .. b .. ':u'
local member = b .. ' ' .. id

local function num(field)
  return tonumber(redis.call('HGET', KEYS[1], field) or '0')
end

-- Wait after failure n when 'free' failures are free: base, doubling, capped (ms).
local function waitAfter(n, free)
  local w = tonumber(ARGV[8]) * (2 ^ (n - free - 1))
  local max = tonumber(ARGV[9])
  if w > max then w = max end
  return math.floor(w) * 1000
end

-- A permanent lock in any factor keeps the whole hash; otherwise it expires ttl after the last write.
local function expireOrPersist(ttl)
  local all = redis.call('HGETALL', KEYS[1])
  if #all == 0 then return end
  for i = 1, #all, 2 do
    if string.sub(all[i], -2) == ':u' and all[i + 1] == '-1' then
      redis.call('PERSIST', KEYS[1])
      return
    end
  end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
`;

const IP = `${ARGS}
-- Sliding window: the previous window's failures count less as the current one goes on.
-- Returns the failures now counted, the budget, and the wait (ms) until that count is under it.
local function ipUsage()
  local e = now % W
  local cur = tonumber(redis.call('GET', KEYS[2]) or '0')
  local prev = tonumber(redis.call('GET', KEYS[3]) or '0')
  local signedIn = redis.call('SCARD', KEYS[4]) + redis.call('SCARD', KEYS[5])
  local budget = tonumber(ARGV[11]) + tonumber(ARGV[12]) * signedIn
  local failures = cur + prev * (1 - e / W)
  local wait = 0
  if failures >= budget then
    if cur >= budget then wait = (W - e) + W * (1 - budget / cur) + 1
    else wait = W * (1 - (budget - cur) / prev) - e + 1 end
  end
  return failures, budget, math.ceil(wait)
end
`;

/**
 * The account's side of begin. Returns {code, wait ms}: 0 go (its place is taken), 1 permanent
 * lock, 3 this account from this IP waits, 4 the account waits (a captcha would lift it), 5 busy:
 * the attempts in flight already use what the counters allow, so this one must wait for them.
 *
 * Attempts in flight count against the remaining budgets: N right-password logins run at once
 * as long as the budgets allow N failures; beyond that they queue instead of being refused, and
 * concurrent wrong guesses can never exceed what the same guesses one after another would get.
 */
export const ACCOUNT_BEGIN_SCRIPT = `${ACCOUNT}
local n, u = num(nField), num(uField)
if u == -1 or n >= permanent then return {1, 0} end
local pn, pu = num(pnField), num(puField)
if pu > now then return {3, pu - now} end
local accountLeft = permanent - n
if ARGV[16] ~= '1' then
  if u > now then return {4, u - now} end
  accountLeft = math.min(accountLeft, math.max(1, accountFree + 1 - n))
end
local sourceLeft = math.max(1, sourceFree + 1 - pn)

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZRANGE', KEYS[2], 0, -1)
local fromSource = 0
for _, m in ipairs(inFlight) do
  if string.sub(m, 1, #b + 1) == b .. ' ' then fromSource = fromSource + 1 end
end
if #inFlight >= accountLeft or fromSource >= sourceLeft then return {5, 0} end
redis.call('ZADD', KEYS[2], now + leaseMs, member)
redis.call('PEXPIRE', KEYS[2], leaseMs * 2)
return {0, 0}
`;

/**
 * The IP's side of begin. Returns {code, wait ms}: 0 go (with ARGV[18] '1', its place is taken),
 * 2 the IP is over its budget, 5 busy: its attempts in flight use what is left of the budget.
 */
export const IP_BEGIN_SCRIPT = `${IP}
local failures, budget, wait = ipUsage()
local ipLeft = budget - failures
if ipLeft <= 0 then return {2, wait} end
if ARGV[18] ~= '1' then return {0, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= ipLeft then return {5, 0} end
redis.call('ZADD', KEYS[1], now + leaseMs, id)
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
return {0, 0}
`;

/**
 * The account's side of finish. 'drop' (not verified: infrastructure error) only gives the place
 * back; 'ok' also resets the account's counters and this source's (other sources keep their
 * waits); 'fail' counts one verified failure. Returns {account failures, source failures, source
 * wait end (ms, 0 none), account wait end (ms, 0 none, -1 permanent)}.
 */
export const ACCOUNT_FINISH_SCRIPT = `${ACCOUNT}
local mode = ARGV[16]
redis.call('ZREM', KEYS[2], member)
if mode == 'drop' then return {0, 0, 0, 0} end
local ttl = tonumber(ARGV[15])
if mode == 'ok' then
  -- The hash keeps whatever expiry it has: no lock of this factor is left, and another factor's
  -- permanent lock must stay persistent.
  redis.call('HDEL', KEYS[1], nField, uField, pnField, puField)
  return {0, 0, 0, 0}
end
local n = redis.call('HINCRBY', KEYS[1], nField, 1)
local pn = redis.call('HINCRBY', KEYS[1], pnField, 1)
local pu, u = 0, 0
if pn > sourceFree then pu = now + waitAfter(pn, sourceFree) end
if n >= permanent then u = -1 elseif n > accountFree then u = now + waitAfter(n, accountFree) end
redis.call('HSET', KEYS[1], uField, u, puField, pu)
expireOrPersist(ttl)
return {n, pn, pu, u}
`;

/**
 * The IP's side of finish: gives the place back; 'ok' credits the IP with the account signed in
 * (ARGV[17]), 'fail' counts the failure in the window. Returns 1 if this failure used up the IP's
 * budget, else 0.
 */
export const IP_FINISH_SCRIPT = `${IP}
local mode = ARGV[16]
redis.call('ZREM', KEYS[1], id)
if mode == 'drop' then return 0 end
if mode == 'ok' then
  redis.call('SADD', KEYS[4], ARGV[17])
  redis.call('PEXPIRE', KEYS[4], W * 2)
  return 0
end
local before, budget = ipUsage()
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], W * 2)
if before < budget and before + 1 >= budget then return 1 end
return 0
`;
