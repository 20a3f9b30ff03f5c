import { createAaChallengeIssuer } from '../../src/passport/aa-challenge-issuer.js';
import { createRedisAaChallengeStore } from '../../src/enrollment/redis-aa-challenge-store.js';
import { fixedClock } from '../../src/shared/clock.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

/** Server-issued AA nonces on the shared store: single use, bound to one order, expiring. */
describe.each(STORES)('AA challenges on %s', (_name, connect) => {
  const db = storeUnderTest(connect);

  test('put refuses a second record under the same challenge', async () => {
    const store = createRedisAaChallengeStore(db.redis, db.prefix);
    expect(await store.put('00aa', { orderId: 'o1', expiresAt: Date.now() + 60_000 }, 60_000)).toBe(true);
    expect(await store.put('00aa', { orderId: 'o2', expiresAt: Date.now() + 60_000 }, 60_000)).toBe(false);
    expect(await store.consume('00aa')).toMatchObject({
      found: true,
      record: { orderId: 'o1' },
      alreadyConsumed: false,
    });
  });

  test('50 concurrent consumes: exactly one first use; unknown challenges are not created', async () => {
    const store = createRedisAaChallengeStore(db.redis, db.prefix);
    await store.put('11bb', { orderId: 'o1', expiresAt: Date.now() + 60_000 }, 60_000);
    const results = await Promise.all(Array.from({ length: 50 }, () => store.consume('11bb')));
    expect(results.filter((r) => r.found && !r.alreadyConsumed)).toHaveLength(1);
    expect(await store.consume('ffff')).toEqual({ found: false });
    expect(await db.redis.exists(`${db.prefix}:aa-challenge:{ffff}`)).toBe(0);
  });

  test('through the issuer: first use, reused, foreign and expired challenges each have their outcome', async () => {
    const clock = fixedClock(new Date());
    const issuer = createAaChallengeIssuer({
      store: createRedisAaChallengeStore(db.redis, db.prefix),
      clock,
    });
    const a = await issuer.issue('order-a');
    expect(a.challenge).toHaveLength(8);
    expect(await issuer.consume('order-a', a.challenge)).toEqual({
      ok: true,
      value: { issuedFor: 'order-a' },
    });
    expect(await issuer.consume('order-a', a.challenge)).toMatchObject({
      ok: false,
      code: 'aa.challenge-reused',
    });
    const b = await issuer.issue('order-b');
    expect(await issuer.consume('order-a', b.challenge)).toMatchObject({
      ok: false,
      code: 'aa.challenge-foreign',
    });
    const c = await issuer.issue('order-c');
    clock.advance(c.expiresAt.getTime() - clock.now().getTime() + 1);
    expect(await issuer.consume('order-c', c.challenge)).toMatchObject({
      ok: false,
      code: 'aa.challenge-expired',
    });
  });
});
