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

export function createRedisAccountStore(redis: Redis, prefix: string): AccountStore {
  const key = (id: string) => `${prefix}:account:{${id}}`;
  return {
    async get(id) {
      const h = await redis.hgetall(key(id));
      return Object.keys(h).length ? (h as AccountProfile) : undefined;
    },
    async update(id, changes) {
      const fields = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (Object.keys(fields).length) await redis.hset(key(id), fields);
    },
  };
}
