import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisAdapterFactory, type RedisAdapterInstance } from '../../src/oidc/redis-adapter.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { deleteKeys, TEST_REDIS_URL } from '../support/start-provider.js';

/** Client assertion and DPoP jtis: exactly one concurrent first use wins, on both stores. */
describe.each([
  ['Redis', () => createRedisConnection(TEST_REDIS_URL)],
  ['in-memory store', () => createRedisConnection(undefined)],
])('replay detection on %s', (_name, connect) => {
  let redis: Redis;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  test('50 concurrent inserts of one id: one true, the rest false, with the TTL set once', async () => {
    const Adapter = createRedisAdapterFactory(redis, { prefix: `${prefix}:oidc:` });
    const replay = new Adapter('ReplayDetection') as unknown as RedisAdapterInstance;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => replay.insertIfAbsent('jti-1', { iss: 'rp', jti: 'jti-1' }, 30)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const keys = await redis.keys(`${prefix}:oidc:*`);
    expect(keys).toHaveLength(1);
    const ttl = await redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await replay.insertIfAbsent('jti-2', { iss: 'rp', jti: 'jti-2' }, 30)).toBe(true);
  });
});
