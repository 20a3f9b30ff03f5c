import { fixedClock } from '../../src/shared/clock.js';
import { createRedisRateLimiter } from '../../src/shared/rate-limiter.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

describe.each(STORES)('rate limiter on %s', (_name, connect) => {
  const store = storeUnderTest(connect);

  test('allows the limit, refuses the next with Retry-After, and opens again in the next window', async () => {
    const clock = fixedClock(new Date('2026-11-25T12:00:10Z'));
    const limiter = createRedisRateLimiter(store.redis, {
      prefix: store.prefix,
      keySecret: 'k'.repeat(32),
      clock,
    });
    const rule = { limit: 3, windowSeconds: 60 };
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('pid:01817112390', rule));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ remaining: 0, retryAfterSeconds: 50 });
    clock.advance(50_000);
    expect((await limiter.hit('pid:01817112390', rule)).allowed).toBe(true);
  });

  test('buckets are independent, and concurrent hits are all counted', async () => {
    const limiter = createRedisRateLimiter(store.redis, {
      prefix: store.prefix,
      keySecret: 'k'.repeat(32),
      clock: fixedClock(new Date()),
    });
    const rule = { limit: 10, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 25 }, () => limiter.hit('ip:203.0.113.9', rule)));
    expect(results.filter((d) => d.allowed)).toHaveLength(10);
    expect((await limiter.hit('ip:198.51.100.1', rule)).allowed).toBe(true);
  });

  test('the identity number never appears in a key name', async () => {
    const limiter = createRedisRateLimiter(store.redis, {
      prefix: store.prefix,
      keySecret: 'k'.repeat(32),
      clock: fixedClock(new Date()),
    });
    await limiter.hit('pid:01817112390', { limit: 1, windowSeconds: 60 });
    const keys = await store.redis.keys(`${store.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('01817112390');
  });
});
