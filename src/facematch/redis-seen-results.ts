import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SeenResults } from './create-jws-face-match-verifier.js';

/** SET NX with a TTL: atomic first use, on Redis and on the in-memory store. */
export function createRedisSeenResults(redis: Redis, prefix: string): SeenResults {
  return {
    async firstUse(id, ttlSeconds) {
      const key = `${prefix}:facematch:seen:{${createHash('sha256').update(id).digest('base64url')}}`;
      return (await redis.set(key, '1', 'EX', Math.ceil(ttlSeconds), 'NX')) === 'OK';
    },
  };
}
