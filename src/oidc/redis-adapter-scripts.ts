/**
 * Lua scripts of the oidc-provider Redis adapter, for the steps a MULTI cannot express because
 * what they write depends on what they read. The hot path (find, upsert, consume) needs none:
 * it is plain commands and MULTI transactions, because the embedded store runs every script in a
 * fresh Lua VM (about a millisecond each), while a transaction costs microseconds.
 *
 * Constraints the scripts are written to (see docs/redis-key-layout.md):
 * - Every script touches the keys of ONE hash slot: its KEYS share a `{...}` tag, and the grant
 *   members it derives from `base` carry the same tag, so they run on Redis Cluster.
 * - No JSON decoding in Lua: the embedded store (ioredis-mock, fengari) has no `cjson`. What a
 *   script needs (`uid`, `userCode`) is kept in plain hash fields beside the JSON `payload`.
 * - Behave the same on the embedded store: HGET of a missing field is `false` on both (HMGET is
 *   not), and the emulation only returns tables written as literals, so a list of any length
 *   comes back as one newline-joined string (member names and index fields have no newline).
 * - No raw id anywhere a script reads or returns: member names (`<Model>:<keyId>`) and the `uid`
 *   and `userCode` fields hold keyIds, HMAC-SHA256 of the id, base64url (see redis-adapter.ts),
 *   so what a script gets as arguments and hands back is as safe to log as a key name.
 */
export const redisAdapterScripts = {
  /**
   * Deletes every member of a grant in one step, so no token of the grant is left behind however
   * many are being written at the same moment (each write adds its entry and its membership in
   * one transaction: it is either entirely before this script or entirely after it).
   * The Grant record goes too only when asked (`dropRecord` '1', after a replay): otherwise that
   * is oidc-provider's revokeGrantPolicy, which destroys it through the Grant model itself.
   * KEYS: members, grant record. ARGV: base (key prefix of the grant slot), dropRecord '1'|'0'.
   * Returns "name\nuserCode\nuid\n..." for every member deleted ('' for none), for the caller to
   * drop the members' locators and secondary indexes, which live in other slots: the name is
   * `<Model>:<keyId>`, which names the locator, and the two fields hold the keyIds that name the
   * index keys, so no raw uid or user code is needed for the clean-up.
   */
  oidcAdapterRevokeGrant: {
    numberOfKeys: 2,
    lua: `
local out = {}
local names = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, name in ipairs(names) do
  local key = ARGV[1] .. name
  table.insert(out, name)
  table.insert(out, redis.call('HGET', key, 'userCode') or '')
  table.insert(out, redis.call('HGET', key, 'uid') or '')
  redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
if ARGV[2] == '1' then redis.call('DEL', KEYS[2]) end
return table.concat(out, '\\n')
`,
  },

  /**
   * Deletes a secondary index entry only if it still names this entry, so cleaning up after an
   * old entry never removes the index of a newer one (e.g. a Session whose id was rotated).
   * KEYS: index. ARGV: the entry's keyId (what the index holds).
   */
  oidcAdapterDeleteIfEquals: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  },
} as const;
