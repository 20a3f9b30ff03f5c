import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ReaderSessions } from './reader-sessions.js';

// GET and DEL as one step: two readers racing with one token see one order id.
const TAKE = `local v = redis.call('GET', KEYS[1]) if v then redis.call('DEL', KEYS[1]) end return v`;

/**
 * Reader tokens and sessions on Redis: `<prefix>:reader-token:{sha256}` and
 * `<prefix>:reader-session:{sha256}` → order id, with a TTL; `<prefix>:reader-current:<orderId>`
 * → the digest of the order's one live session. Only hashes of the tokens are key names, so a
 * key listing cannot be replayed.
 */
export function createRedisReaderSessions(redis: Redis, prefix: string): ReaderSessions {
  const digest = (s: string) => createHash('sha256').update(s).digest('base64url');
  const tokenKey = (t: string) => `${prefix}:reader-token:{${digest(t)}}`;
  const sessionKeyOfDigest = (d: string) => `${prefix}:reader-session:{${d}}`;
  const sessionKey = (s: string) => sessionKeyOfDigest(digest(s));
  // The order's current session (its digest), so a new session ends the previous one.
  const currentKey = (orderId: string) => `${prefix}:reader-current:${orderId}`;
  const fresh = async (key: (s: string) => string, orderId: string, ttlSeconds: number) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const value = randomBytes(32).toString('base64url');
      if ((await redis.set(key(value), orderId, 'EX', ttlSeconds, 'NX')) === 'OK') return value;
    }
    throw new Error('reader sessions: three random tokens collided; the random source is broken');
  };
  return {
    issueToken: (orderId, ttl) => fresh(tokenKey, orderId, ttl),
    async consumeToken(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      return ((await redis.eval(TAKE, 1, tokenKey(token))) as string | null) ?? undefined;
    },
    async dropToken(token) {
      if (/^[A-Za-z0-9_-]{43}$/.test(token)) await redis.del(tokenKey(token));
    },
    async openSession(orderId, ttl) {
      const session = await fresh(sessionKey, orderId, ttl);
      // Each opener swaps itself in and ends whoever was current: of two racing opens, one stays.
      const previous = await redis.getset(currentKey(orderId), digest(session));
      await redis.expire(currentKey(orderId), ttl);
      if (previous && previous !== digest(session)) await redis.del(sessionKeyOfDigest(previous));
      return session;
    },
    async orderOf(session) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(session)) return undefined;
      return (await redis.get(sessionKey(session))) ?? undefined;
    },
  };
}
