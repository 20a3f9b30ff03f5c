import { createRedisAuthRequestStore } from '../../src/device/login/create-redis-auth-request-store.js';
import type { AuthRequest } from '../../src/device/login/auth-request.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

/** Push approval requests: one pending per person, expiry by the injected clock, single-use answers. */
describe.each(STORES)('auth request store on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const clock = fixedClock(new Date('2026-11-26T10:00:00Z'));
  const store = () =>
    createRedisAuthRequestStore(db.redis, { prefix: db.prefix, keySecret: 's'.repeat(32), clock });
  let n = 0;
  const request = (pid: string): AuthRequest => ({
    id: `r_test${++n}`,
    kind: 'login',
    pid,
    deviceIds: ['d_1'],
    nonce: 'n'.repeat(22),
    code: 'ACDE',
    rpName: 'NAV',
    createdAt: clock.now().getTime(),
    expiresAt: clock.now().getTime() + 120_000,
    status: 'pending',
  });

  test('a second request while one is pending is refused; after the answer or expiry it is allowed', async () => {
    const pid = makeIdentityNumber({ birthDate: '1990-01-01' });
    const first = request(pid);
    expect((await store().create(first)).ok).toBe(true);
    expect(await store().create(request(pid))).toMatchObject({ ok: false, code: 'request.pending-exists' });
    expect((await store().pendingFor(pid))?.id).toBe(first.id);

    expect(await store().transition(first.id, 'pending', 'denied')).toBe('ok');
    await store().release(pid, first.id);
    const second = request(pid);
    expect((await store().create(second)).ok).toBe(true);

    // Time passes (the injected clock): the pending one is expired, answers are refused.
    clock.advance(121_000);
    expect(await store().pendingFor(pid)).toBeUndefined();
    expect(await store().transition(second.id, 'pending', 'approved')).toBe('expired');
    expect((await store().create(request(pid))).ok).toBe(true);
    clock.advance(-121_000);
  });

  test('20 concurrent answers: exactly one takes the request', async () => {
    const q = request(makeIdentityNumber({ birthDate: '1990-02-02' }));
    await store().create(q);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().transition(q.id, 'pending', i % 2 ? 'approved' : 'denied'),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(await store().transition(q.id, 'approved', 'completed')).toMatch(/ok|denied/);
  });

  test('key names carry neither the identity number nor the request id', async () => {
    const pid = makeIdentityNumber({ birthDate: '1990-03-03' });
    const q = request(pid);
    await store().create(q);
    await store().bindInteraction('uid-123', q.id);
    expect((await store().forInteraction('uid-123'))?.id).toBe(q.id);
    const keys = (await db.redis.keys(`${db.prefix}:auth-request*`)).join(' ');
    expect(keys).not.toContain(pid);
    expect(keys).not.toContain(q.id);
    expect(keys).not.toContain('uid-123');
  });
});
