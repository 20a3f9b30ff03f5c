import type { Redis } from 'ioredis';
import type { AaChallengeConsumeOutcome, AaChallengeStore } from '../passport/aa-challenge-store.js';

// Scripts keep "only if new" and "consume once" single atomic steps (no cjson: plain hash fields,
// so the embedded store runs them too).
const PUT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'orderId', ARGV[1], 'expiresAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local previous = redis.call('HSETNX', KEYS[1], 'consumed', '1')
return { redis.call('HGET', KEYS[1], 'orderId'), redis.call('HGET', KEYS[1], 'expiresAt'), previous }`;

/**
 * The Active Authentication challenge store on Redis: one hash per challenge, kept until
 * `expiresAt + retainMs` so a late replay is reported as reused or expired, not unknown.
 */
export function createRedisAaChallengeStore(redis: Redis, prefix: string): AaChallengeStore {
  const key = (hex: string) => `${prefix}:aa-challenge:{${hex}}`;
  return {
    async put(challengeHex, record, retainMs) {
      const ttl = Math.max(1, record.expiresAt - Date.now() + retainMs);
      const stored = (await redis.eval(
        PUT,
        1,
        key(challengeHex),
        record.orderId,
        String(record.expiresAt),
        String(ttl),
      )) as number;
      return stored === 1;
    },
    async consume(challengeHex): Promise<AaChallengeConsumeOutcome> {
      const reply = (await redis.eval(CONSUME, 1, key(challengeHex))) as [string, string, number] | null;
      if (!reply) return { found: false };
      const [orderId, expiresAt, previous] = reply;
      return {
        found: true,
        record: { orderId, expiresAt: Number(expiresAt) },
        alreadyConsumed: previous === 0,
      };
    },
  };
}
