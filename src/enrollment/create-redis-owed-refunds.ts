import type { Redis } from 'ioredis';
import type { OwedRefund, OwedRefunds } from './owed-refunds.js';

type ClaimRedis = Redis & {
  owedRefundsClaim(
    schedule: string,
    entries: string,
    now: string,
    limit: string,
    leaseUntil: string,
  ): Promise<string[]>;
};

// KEYS[1] schedule (sorted set: member → next attempt, ms), KEYS[2] entries (hash: member → JSON);
// ARGV now, limit, lease-until. Takes the due members and moves them to the lease end at once;
// answers the members (the data is read after: the embedded store's Lua cannot return HGET
// results in a table).
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  if redis.call('HEXISTS', KEYS[2], member) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[3], member)
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return due
`;

/**
 * Owed refunds in keys of one hash slot: `P:{owed-refunds}:schedule` (sorted by next attempt),
 * `P:{owed-refunds}:entries` (the JSON of each) and `P:{owed-refunds}:refused` (refused by the
 * PSP, for an operator). Members are `orderId:pspReference`: neither
 * is personal data. No TTL: an owed refund stays until it is made or found impossible.
 *
 * @example const owed = createRedisOwedRefunds(redis, 'eid');
 */
export function createRedisOwedRefunds(redis: Redis, prefix: string): OwedRefunds {
  const r = redis as ClaimRedis;
  if (typeof r.owedRefundsClaim !== 'function')
    redis.defineCommand('owedRefundsClaim', { numberOfKeys: 2, lua: CLAIM });
  const schedule = `${prefix}:{owed-refunds}:schedule`;
  const entries = `${prefix}:{owed-refunds}:entries`;
  const refused = `${prefix}:{owed-refunds}:refused`;
  const member = (orderId: string, pspReference: string) => `${orderId}:${pspReference}`;
  return {
    async record(entry, nextAttemptAt) {
      const m = member(entry.orderId, entry.pspReference);
      await redis
        .multi()
        .hset(entries, m, JSON.stringify(entry))
        .zadd(schedule, nextAttemptAt.getTime(), m)
        .exec();
    },
    async clear(orderId, pspReference) {
      const m = member(orderId, pspReference);
      await redis.multi().zrem(schedule, m).hdel(entries, m).hdel(refused, m).exec();
    },
    async markRefused(entry) {
      const m = member(entry.orderId, entry.pspReference);
      await redis.multi().zrem(schedule, m).hdel(entries, m).hset(refused, m, JSON.stringify(entry)).exec();
    },
    async claimDue(now, limit, leaseMs) {
      const raw = await r.owedRefundsClaim(
        schedule,
        entries,
        String(now.getTime()),
        String(limit),
        String(now.getTime() + leaseMs),
      );
      // The embedded store answers an empty Lua table with a non-array.
      const members = Array.isArray(raw) ? raw : [];
      if (members.length === 0) return [];
      const data = await Promise.all(members.map((m) => redis.hget(entries, m)));
      return data.flatMap((json) => (json ? [JSON.parse(json) as OwedRefund] : []));
    },
    async counts() {
      const [owed, refusedCount] = await Promise.all([redis.zcard(schedule), redis.hlen(refused)]);
      return { owed, refused: refusedCount };
    },
  };
}
