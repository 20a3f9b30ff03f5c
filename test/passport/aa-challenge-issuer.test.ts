import { fixedClock } from '../../src/shared/clock.js';
import { createAaChallengeIssuer } from '../../src/passport/aa-challenge-issuer.js';
import { createMemoryAaChallengeStore } from '../../src/passport/create-memory-aa-challenge-store.js';

// The server-issued Active Authentication nonce: 8 bytes, single use, bound to one order, expiring.

const setup = () => {
  const clock = fixedClock(new Date('2026-06-01T12:00:00Z'));
  const store = createMemoryAaChallengeStore(clock);
  const issuer = createAaChallengeIssuer({ store, clock, ttlMs: 60_000, retainMs: 300_000 });
  return { clock, store, issuer };
};

test('issues 8 random bytes that the same order can use once', async () => {
  const { issuer } = setup();
  const { challenge, expiresAt } = await issuer.issue('order-1');
  expect(challenge).toHaveLength(8);
  expect(expiresAt.toISOString()).toBe('2026-06-01T12:01:00.000Z');
  expect(await issuer.consume('order-1', challenge)).toEqual({ ok: true, value: { issuedFor: 'order-1' } });
});

test('a second use is reported as reused', async () => {
  const { issuer } = setup();
  const { challenge } = await issuer.issue('order-1');
  await issuer.consume('order-1', challenge);
  expect(await issuer.consume('order-1', challenge)).toMatchObject({
    ok: false,
    code: 'aa.challenge-reused',
  });
});

test('a challenge of another order is foreign, and is burnt by the attempt', async () => {
  const { issuer } = setup();
  const { challenge } = await issuer.issue('order-1');
  expect(await issuer.consume('order-2', challenge)).toMatchObject({
    ok: false,
    code: 'aa.challenge-foreign',
  });
  expect(await issuer.consume('order-1', challenge)).toMatchObject({
    ok: false,
    code: 'aa.challenge-reused',
  });
});

test('after its lifetime a challenge is expired; long after, unknown', async () => {
  const { issuer, clock } = setup();
  const { challenge } = await issuer.issue('order-1');
  clock.advance(60_001);
  expect(await issuer.consume('order-1', challenge)).toMatchObject({
    ok: false,
    code: 'aa.challenge-expired',
  });
  const second = await issuer.issue('order-1');
  clock.advance(60_000 + 300_000 + 1);
  expect(await issuer.consume('order-1', second.challenge)).toMatchObject({
    ok: false,
    code: 'aa.challenge-unknown',
  });
});

test('a challenge never issued is unknown; a wrong length is malformed', async () => {
  const { issuer } = setup();
  expect(await issuer.consume('order-1', new Uint8Array(8))).toMatchObject({
    ok: false,
    code: 'aa.challenge-unknown',
  });
  expect(await issuer.consume('order-1', new Uint8Array(7))).toMatchObject({
    ok: false,
    code: 'aa.challenge-malformed',
  });
});

test('concurrent consumes: exactly one wins', async () => {
  const { issuer } = setup();
  const { challenge } = await issuer.issue('order-1');
  const results = await Promise.all(Array.from({ length: 10 }, () => issuer.consume('order-1', challenge)));
  expect(results.filter((r) => r.ok)).toHaveLength(1);
});

test('a colliding nonce is drawn again (store put refuses duplicates)', async () => {
  const clock = fixedClock(new Date('2026-06-01T12:00:00Z'));
  const store = createMemoryAaChallengeStore(clock);
  const draws = [new Uint8Array(8), new Uint8Array(8), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)];
  const issuer = createAaChallengeIssuer({ store, clock, random: () => draws.shift()! });
  expect((await issuer.issue('a')).challenge).toEqual(new Uint8Array(8));
  expect((await issuer.issue('b')).challenge).toEqual(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
});
