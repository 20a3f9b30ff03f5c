// Lua for the eID store. The embedded in-memory store has no cjson, so the fields a script must
// read (status, secret hash, expiry, consumption) are hash fields of their own; the rest of the
// record is one JSON field the scripts never parse. HGET, not HMGET: the embedded store answers
// a missing HMGET field with a value Lua finds truthy.

/**
 * KEYS[1] record. ARGV: id-if-new, data, secretHash, expiresAtMs, issuedAt.
 * Keeps an existing id and an `active` or `revoked` status (only support lifts a revocation);
 * a new record becomes issued_not_activated. Returns the id.
 */
const issue = `
local id = redis.call('HGET', KEYS[1], 'id')
if not id then id = ARGV[1] end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'active' and status ~= 'revoked' then status = 'issued_not_activated' end
redis.call('HDEL', KEYS[1], 'consumedAt')
redis.call('HSET', KEYS[1], 'id', id, 'data', ARGV[2], 'secretHash', ARGV[3],
  'expiresAtMs', ARGV[4], 'issuedAt', ARGV[5], 'status', status)
return id
`;

/**
 * KEYS[1] record. ARGV: secretHash, nowMs, nowIso, consume ('1' or '0').
 * Returns 'ok', 'activation.invalid', 'activation.expired' or 'activation.used'.
 */
const activation = `
local function get(field) return redis.call('HGET', KEYS[1], field) end
local hash = get('secretHash')
if not hash or get('status') == 'revoked' or hash ~= ARGV[1] then return 'activation.invalid' end
if get('consumedAt') then return 'activation.used' end
if tonumber(get('expiresAtMs')) <= tonumber(ARGV[2]) then return 'activation.expired' end
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'consumedAt', ARGV[3], 'status', 'active')
  if not redis.call('HGET', KEYS[1], 'activatedAt') then
    redis.call('HSET', KEYS[1], 'activatedAt', ARGV[3])
  end
end
return 'ok'
`;

/**
 * KEYS[1] record. ARGV: revoke ('1' or '0'). Reinstating goes back to `active` when the eID was
 * ever activated. Returns the new status, or false when there is no record.
 */
const revoke = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local status = 'revoked'
if ARGV[1] ~= '1' then
  if redis.call('HGET', KEYS[1], 'activatedAt') then status = 'active' else status = 'issued_not_activated' end
end
redis.call('HSET', KEYS[1], 'status', status)
return status
`;

export const eidStoreScripts = {
  issue: { numberOfKeys: 1, lua: issue },
  activation: { numberOfKeys: 1, lua: activation },
  revoke: { numberOfKeys: 1, lua: revoke },
} as const;
