import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import type { Redis } from 'ioredis';
import { createJwsFaceMatchVerifier } from '../../src/facematch/create-jws-face-match-verifier.js';
import { createRedisSeenResults } from '../../src/facematch/redis-seen-results.js';
import {
  createSandboxFaceMatchVendor,
  SANDBOX_VENDOR,
} from '../../src/facematch/sandbox-face-match-vendor.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { deleteKeys, TEST_REDIS_URL } from '../support/start-provider.js';

const AUDIENCE = 'https://eid.example.test';
const policy = { minScore: 0.85, maxAgeSeconds: 600 };
const dg2 = randomBytes(20_000);
const dg2Sha256 = createHash('sha256').update(dg2).digest('base64url');
const binding = { orderId: 'order-1', dg2Sha256 };

describe.each([
  ['Redis', () => createRedisConnection(TEST_REDIS_URL)],
  ['the in-memory store', () => createRedisConnection(undefined)],
])('face match results, replay memory on %s', (_name, connect) => {
  let redis: Redis;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const now = new Date();
  const clock = fixedClock(now);
  const vendor = createSandboxFaceMatchVendor(AUDIENCE);
  let verifier: ReturnType<typeof createJwsFaceMatchVerifier>;

  beforeAll(() => {
    redis = connect();
    verifier = createJwsFaceMatchVerifier({
      keys: vendor.keys,
      issuer: SANDBOX_VENDOR,
      audience: AUDIENCE,
      policy,
      seen: createRedisSeenResults(redis, prefix),
      clock,
    });
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
  });

  const good = (over: Partial<Parameters<typeof vendor.sign>[0]> = {}) =>
    vendor.sign({ orderId: 'order-1', dg2, score: 0.93, liveness: 'pass', at: now, ...over });

  test('a fresh, bound, live result above the threshold is accepted once', async () => {
    const jws = await good();
    const r = await verifier.verify(jws, binding);
    expect(r).toMatchObject({ ok: true, value: { vendor: SANDBOX_VENDOR, score: 0.93, liveness: 'pass' } });
    expect(await verifier.verify(jws, binding)).toMatchObject({ ok: false, code: 'facematch.replayed' });
  });

  test.each([
    ['another order', { orderId: 'order-2' }, 'facematch.order-mismatch'],
    ['another chip image', { dg2: randomBytes(100) }, 'facematch.dg2-mismatch'],
    ['a failed liveness check', { liveness: 'fail' as const }, 'facematch.liveness-failed'],
    ['a score below the threshold', { score: 0.5 }, 'facematch.below-threshold'],
    ['a result from half an hour ago', { at: new Date(now.getTime() - 30 * 60_000) }, 'facematch.expired'],
    ['a result dated five minutes ahead', { at: new Date(now.getTime() + 5 * 60_000) }, 'facematch.expired'],
  ])('refuses %s', async (_what, over, code) => {
    expect(await verifier.verify(await good(over), binding)).toMatchObject({ ok: false, code });
  });

  test('accepts a result from a vendor whose clock is a few seconds ahead of ours', async () => {
    const r = await verifier.verify(await good({ at: new Date(now.getTime() + 10_000) }), binding);
    expect(r).toMatchObject({ ok: true });
  });

  test('refuses a result signed by a key that is not the vendor’s', async () => {
    const stranger = createSandboxFaceMatchVendor(AUDIENCE);
    expect(
      await verifier.verify(
        await stranger.sign({ orderId: 'order-1', dg2, score: 0.99, liveness: 'pass', at: now }),
        binding,
      ),
    ).toMatchObject({
      ok: false,
      code: 'facematch.signature',
    });
  });

  test('refuses garbage and results missing a claim', async () => {
    expect(await verifier.verify('not-a-jws', binding)).toMatchObject({
      ok: false,
      code: 'facematch.malformed',
    });
    const tampered = (await good()).split('.');
    const payload = JSON.parse(Buffer.from(tampered[1]!, 'base64url').toString());
    payload.score = 1;
    tampered[1] = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(await verifier.verify(tampered.join('.'), binding)).toMatchObject({
      ok: false,
      code: 'facematch.signature',
    });
  });
});

test('a real vendor configured by its JWKS (RSA, PS256) is verified the same way', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // The results are stamped with the verifier's clock: with the real time a second could tick
  // over between the two, and an iat one second ahead of the clock is refused.
  const now = new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const jwks = {
    keys: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'vendor-2026', alg: 'PS256' }],
  };
  const redis = createRedisConnection(undefined);
  const verifier = createJwsFaceMatchVerifier({
    keys: createLocalJWKSet(jwks),
    issuer: 'https://reader-vendor.example',
    audience: AUDIENCE,
    policy,
    seen: createRedisSeenResults(redis, 'vendor'),
    clock: fixedClock(now),
  });
  const jws = await new SignJWT({ order_id: 'order-1', dg2_sha256: dg2Sha256, score: 0.9, liveness: 'pass' })
    .setProtectedHeader({ alg: 'PS256', kid: 'vendor-2026' })
    .setIssuer('https://reader-vendor.example')
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti('result-123456')
    .sign(privateKey);
  expect(await verifier.verify(jws, binding)).toMatchObject({
    ok: true,
    value: { vendor: 'https://reader-vendor.example', score: 0.9 },
  });
  const noClaim = await new SignJWT({ order_id: 'order-1', score: 0.9, liveness: 'pass' })
    .setProtectedHeader({ alg: 'PS256', kid: 'vendor-2026' })
    .setIssuer('https://reader-vendor.example')
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .setJti('result-654321')
    .sign(privateKey);
  expect(await verifier.verify(noClaim, binding)).toMatchObject({ ok: false, code: 'facematch.malformed' });
  redis.disconnect();
});
