import { randomBytes } from 'node:crypto';
import { createRedisAdapterFactory, type RedisAdapterInstance } from '../../src/oidc/redis-adapter.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

/** Client assertion and DPoP jtis: exactly one concurrent first use wins, on both stores. */
describe.each(STORES)('replay detection on %s', (_name, connect) => {
  const store = storeUnderTest(connect);

  test('50 concurrent inserts of one id: one true, the rest false, with the TTL set once', async () => {
    const Adapter = createRedisAdapterFactory(store.redis, {
      prefix: `${store.prefix}:oidc:`,
      keySecret: randomBytes(32).toString('base64url'),
    });
    const replay = new Adapter('ReplayDetection') as unknown as RedisAdapterInstance;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => replay.insertIfAbsent('jti-1', { iss: 'rp', jti: 'jti-1' }, 30)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const keys = await store.redis.keys(`${store.prefix}:oidc:*`);
    expect(keys).toHaveLength(1);
    const ttl = await store.redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await replay.insertIfAbsent('jti-2', { iss: 'rp', jti: 'jti-2' }, 30)).toBe(true);
  });
});
