import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { deleteKeys, TEST_REDIS_URL } from './start-provider.js';

/** For `describe.each(STORES)`: every store-backed adapter is tested on both stores. */
export const STORES: [string, () => Redis][] = [
  ['Redis', () => createRedisConnection(TEST_REDIS_URL)],
  ['the in-memory store', () => createRedisConnection(undefined)],
];

/** Opens the store before the suite and removes its keys and connection after it. */
export function storeUnderTest(connect: () => Redis): { readonly redis: Redis; readonly prefix: string } {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  let redis: Redis | undefined;
  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis?.disconnect();
  });
  return {
    get redis() {
      if (!redis) throw new Error('the store is opened in beforeAll');
      return redis;
    },
    prefix,
  };
}
