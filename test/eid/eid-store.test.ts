import { createRedisEidStore } from '../../src/eid/create-redis-eid-store.js';
import { person } from '../authenticator/support/app-login.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

const DAY = 86_400_000;

/** Issued eIDs: the activation secret is shown once, stored as a hash and consumed once. */
describe.each(STORES)('eID store on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const clock = fixedClock(new Date('2026-11-26T10:00:00Z'));
  const store = () => createRedisEidStore(db.redis, { prefix: db.prefix, keySecret: 'k'.repeat(32), clock });

  test('issue → check → consume: active once, the secret is not stored and cannot be used again', async () => {
    const pid = makeIdentityNumber({ birthDate: '1990-05-17' });
    const { record, secret } = await store().issue(person(pid), { validForMs: 30 * DAY });
    expect(record).toMatchObject({ pid, status: 'issued_not_activated', givenName: 'Åse Marie' });
    expect(secret).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

    const keys = await db.redis.keys(`${db.prefix}:eid:*`);
    expect(keys.join()).not.toContain(pid);
    for (const k of keys)
      expect(JSON.stringify(await db.redis.hgetall(k))).not.toContain(secret.replace(/-/g, ''));

    expect(await store().checkActivationSecret(pid, secret.toLowerCase().replace(/-/g, ' '))).toMatchObject({
      ok: true,
    });
    expect((await store().get(pid))?.status).toBe('issued_not_activated');
    const used = await store().consumeActivation(pid, secret);
    expect(used).toMatchObject({
      ok: true,
      value: { status: 'active', activatedAt: clock.now().toISOString() },
    });
    expect(await store().consumeActivation(pid, secret)).toMatchObject({
      ok: false,
      code: 'activation.used',
    });
    expect(await store().checkActivationSecret(pid, secret)).toMatchObject({
      ok: false,
      code: 'activation.used',
    });
  });

  test('20 concurrent consumes of one secret: exactly one succeeds', async () => {
    const pid = makeIdentityNumber({ birthDate: '1985-01-02' });
    const { secret } = await store().issue(person(pid), { validForMs: DAY });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store().consumeActivation(pid, secret)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  test('wrong secret, another person’s secret, expired secret and malformed input are refused without change', async () => {
    const a = makeIdentityNumber({ birthDate: '1970-03-03' });
    const b = makeIdentityNumber({ birthDate: '1971-04-04' });
    const { secret: sa } = await store().issue(person(a), { validForMs: DAY });
    const { secret: sb } = await store().issue(person(b), { validForMs: DAY });
    expect(await store().consumeActivation(a, sb)).toMatchObject({ ok: false, code: 'activation.invalid' });
    expect(await store().consumeActivation(a, 'not a code')).toMatchObject({
      ok: false,
      code: 'activation.invalid',
    });
    expect(
      await store().consumeActivation(makeIdentityNumber({ birthDate: '1972-05-05' }), sa),
    ).toMatchObject({
      ok: false,
      code: 'activation.invalid',
    });
    clock.advance(DAY);
    expect(await store().consumeActivation(a, sa)).toMatchObject({ ok: false, code: 'activation.expired' });
    clock.advance(-DAY);
    expect((await store().get(a))?.status).toBe('issued_not_activated');
  });

  test('re-issue replaces the secret, keeps the id and an active status; revoke blocks activation', async () => {
    const pid = makeIdentityNumber({ birthDate: '1960-06-06' });
    const first = await store().issue(person(pid), { validForMs: DAY });
    await store().consumeActivation(pid, first.secret);
    const second = await store().issue(person(pid), { validForMs: DAY });
    expect(second.record).toMatchObject({ id: first.record.id, status: 'active' });
    expect(second.secret).not.toBe(first.secret);
    expect(await store().checkActivationSecret(pid, second.secret)).toMatchObject({ ok: true });

    expect(await store().setRevoked(pid, true)).toMatchObject({ ok: true, value: { status: 'revoked' } });
    expect(await store().consumeActivation(pid, second.secret)).toMatchObject({
      ok: false,
      code: 'activation.invalid',
    });
    // A new registration does not lift the revocation; only support does.
    const third = await store().issue(person(pid), { validForMs: DAY });
    expect(third.record.status).toBe('revoked');
    expect(await store().checkActivationSecret(pid, third.secret)).toMatchObject({
      ok: false,
      code: 'activation.invalid',
    });
    expect(await store().setRevoked(pid, false)).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(await store().setRevoked(makeIdentityNumber({ birthDate: '1961-07-07' }), true)).toMatchObject({
      ok: false,
      code: 'eid.not-found',
    });
  });
});
