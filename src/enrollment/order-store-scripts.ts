// Appends the audit entries that follow the order fields in ARGV, starting at index `i`:
// count, then per entry a field count and the field/value pairs (the layout of audit-log.ts).
const APPEND_AUDIT = `
local function append_audit(stream, maxlen, i)
  local entries = tonumber(ARGV[i]); i = i + 1
  for _ = 1, entries do
    local n = tonumber(ARGV[i]); i = i + 1
    local fields = {}
    for j = 1, n do fields[j] = ARGV[i]; i = i + 1 end
    redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(fields))
  end
end
local function set_fields(key, i)
  local n = tonumber(ARGV[i]); i = i + 1
  for _ = 1, n do redis.call('HSET', key, ARGV[i], ARGV[i + 1]); i = i + 2 end
  return i
end
`;

/**
 * Lua scripts of the order store. A script, not WATCH/MULTI: the write depends on a read (the
 * version), and WATCH belongs to a connection, which every request of an instance shares; one
 * request's EXEC would drop another's WATCH. A script runs atomically like MULTI, so the order,
 * its code index and its audit entries are written together or not at all.
 *
 * No JSON in Lua (the embedded store has no cjson): the order travels as opaque hash fields, and
 * the script only compares the `version` field. Keys are in different hash slots (the audit stream
 * is one per deployment), so these scripts need a single Redis node or Sentinel, not a Cluster
 * (docs/registration-order.md, "Limits").
 */
export const orderStoreScripts = {
  /**
   * KEYS: order, code index, audit stream. ARGV: order id, ttl ms, audit maxlen, field count,
   * fields…, audit entries…. Returns 1, or 0 when the code is taken (draw another), or -1 when the
   * order id exists.
   */
  create: {
    numberOfKeys: 3,
    lua: `${APPEND_AUDIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local i = set_fields(KEYS[1], 4)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
append_audit(KEYS[3], ARGV[3], i)
return 1
`,
  },

  /**
   * Compare-and-set of one transition. KEYS: order, code index, audit stream. ARGV: expected
   * version, ttl ms, audit maxlen, field count, fields…, audit entries…. Returns 1 when written,
   * 0 when the order's version is not the expected one (someone else moved it, or it is gone).
   */
  transition: {
    numberOfKeys: 3,
    lua: `${APPEND_AUDIT}
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
local i = set_fields(KEYS[1], 4)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
append_audit(KEYS[3], ARGV[3], i)
return 1
`,
  },
} as const;
