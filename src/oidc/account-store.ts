import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Locale } from '../../config/load-config.js';

export interface AccountProfile {
  readonly locale?: Locale;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
}

/**
 * What the provider keeps about an account for its claims. The account id is the identity
 * number (pid); `sub` is derived from it pairwise per client, so the id itself is only ever
 * issued in the `pid` claim.
 *
 * @example
 *   await accounts.update(pid, { locale: 'nn' });
 *   (await accounts.get(pid))?.locale // 'nn'
 */
export interface AccountStore {
  get(accountId: string): Promise<AccountProfile | undefined>;
  update(accountId: string, changes: Partial<AccountProfile>): Promise<void>;
}

/**
 * Keyed by HMAC(secret, account id) so identity numbers never appear in Redis key names (keys
 * show up in SCAN, MONITOR and slow logs); kept `ttlSeconds` after the last change.
 */
export function createRedisAccountStore(
  redis: Redis,
  opts: { prefix: string; keySecret: string; ttlSeconds: number },
): AccountStore {
  const key = (id: string) =>
    `${opts.prefix}:account:{${createHmac('sha256', opts.keySecret).update(id).digest('base64url')}}`;
  return {
    async get(id) {
      const h = await redis.hgetall(key(id));
      return Object.keys(h).length ? (h as AccountProfile) : undefined;
    },
    async update(id, changes) {
      const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (!Object.keys(fields).length) return;
      await redis.multi().hset(key(id), fields).expire(key(id), opts.ttlSeconds).exec();
    },
  };
}
