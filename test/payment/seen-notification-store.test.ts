import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisSeenNotificationStore } from '../../src/payment/create-redis-seen-notification-store.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The same contract on real Redis and on the embedded in-memory store. */
describe.each([
  ['Redis', () => createRedisConnection(TEST_REDIS_URL)],
  ['in-memory store', () => createRedisConnection(undefined)],
])('seen-notification store on %s', (_name, connect) => {
  let redis: Redis;
  const prefix = `t${randomBytes(4).toString('hex')}:payment:seen:`;

  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  test('first sight, identical retry, edited replay', async () => {
    const store = createRedisSeenNotificationStore(redis, { prefix });
    expect(await store.remember('item-1', 'fp-a', 60)).toBe('first');
    expect(await store.remember('item-1', 'fp-a', 60)).toBe('same');
    expect(await store.remember('item-1', 'fp-b', 60)).toBe('different');
    expect(await store.lookup('item-1')).toBe('fp-a');
    expect(await store.lookup('never-seen')).toBeUndefined();
    const ttl = await redis.ttl(`${prefix}item-1`);
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  test('20 concurrent deliveries of one item: exactly one first', async () => {
    const store = createRedisSeenNotificationStore(redis, { prefix });
    const results = await Promise.all(Array.from({ length: 20 }, () => store.remember('item-2', 'fp', 60)));
    expect(results.filter((r) => r === 'first')).toHaveLength(1);
    expect(results.filter((r) => r === 'same')).toHaveLength(19);
  });

  test('forget removes only its own record', async () => {
    const store = createRedisSeenNotificationStore(redis, { prefix });
    await store.remember('item-3', 'mine', 60);
    await store.forget('item-3', 'someone-else');
    expect(await store.remember('item-3', 'mine', 60)).toBe('same');
    await store.forget('item-3', 'mine');
    expect(await store.remember('item-3', 'other', 60)).toBe('first');
  });
});
