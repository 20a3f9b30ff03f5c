import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SingleUseStore } from './single-use-store.js';

/**
 * `SingleUseStore` in Redis: `P:once:{HMAC(key)}` strings with a TTL. `take` is GET + DEL in one
 * MULTI (atomic: of two racing takes one gets the value); `claim` is SET NX.
 */
export function createRedisSingleUseStore(
  redis: Redis,
  options: { prefix: string; keySecret: string },
): SingleUseStore {
  const key = (k: string) =>
    `${options.prefix}:once:{${createHmac('sha256', options.keySecret).update(`once\0${k}`).digest('base64url')}}`;
  return {
    async put(k, value, ttl) {
      await redis.set(key(k), value, 'EX', ttl);
    },
    async take(k) {
      const replies = await redis.multi().get(key(k)).del(key(k)).exec();
      const value = replies?.[0]?.[1];
      return typeof value === 'string' ? value : undefined;
    },
    async claim(k, ttl) {
      return (await redis.set(key(k), '1', 'EX', ttl, 'NX')) === 'OK';
    },
  };
}
