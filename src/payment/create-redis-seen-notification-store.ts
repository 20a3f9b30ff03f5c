import type { Cluster, Redis } from 'ioredis';
import type { SeenNotificationStore } from './seen-notification-store.js';

/**
 * Redis adapter of `SeenNotificationStore`: one string key per item, written with SET NX EX, so
 * of two instances receiving the same item at once exactly one gets `first`. Single-key
 * commands only, so it runs on a Cluster and on the embedded in-memory store alike.
 */
export function createRedisSeenNotificationStore(
  redis: Redis | Cluster,
  options: { readonly prefix: string },
): SeenNotificationStore {
  const key = (id: string) => `${options.prefix}${id}`;
  return {
    async remember(id, fingerprint, ttlSeconds) {
      // A key that expires between SET NX and GET is simply tried again.
      for (let attempt = 0; attempt < 3; attempt++) {
        if ((await redis.set(key(id), fingerprint, 'EX', ttlSeconds, 'NX')) === 'OK') return 'first';
        const existing = await redis.get(key(id));
        if (existing !== null) return existing === fingerprint ? 'same' : 'different';
      }
      throw new Error('seen-notification store: key keeps vanishing between SET NX and GET');
    },
    async lookup(id) {
      return (await redis.get(key(id))) ?? undefined;
    },
    async forget(id, fingerprint) {
      // Only our own record: another delivery may have written a different one meanwhile.
      if ((await redis.get(key(id))) === fingerprint) await redis.del(key(id));
    },
  };
}
