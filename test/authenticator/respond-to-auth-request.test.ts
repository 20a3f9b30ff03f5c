import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { buildDeviceJws } from '../../src/device/app/build-device-jws.js';
import { createRedisDeviceRecords } from '../../src/device/app/create-redis-device-records.js';
import { createRedisSingleUseStore } from '../../src/device/app/create-redis-single-use-store.js';
import type { DeviceCertificateIssuer } from '../../src/device/app/device-certificate-issuer.js';
import type { DeviceRecord } from '../../src/device/app/device-record.js';
import type { AuthRequest } from '../../src/device/login/auth-request.js';
import { createRedisAuthRequestStore } from '../../src/device/login/create-redis-auth-request-store.js';
import { respondToAuthRequest, type RespondDeps } from '../../src/device/login/respond-to-auth-request.js';
import { createRedisEidStore } from '../../src/eid/create-redis-eid-store.js';
import { createRedisAuditLog } from '../../src/shared/audit-log.js';
import { fixedClock } from '../../src/shared/clock.js';
import { err } from '../../src/shared/result.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';
import { DAY, person } from './support/app-login.js';

/** Step 1 of the activation does all its work before it is `approved`: a failure leaves nothing half done. */
describe.each(STORES)('answering step 1 on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const clock = fixedClock(new Date('2026-11-26T10:00:00Z'));
  const keySecret = 'k'.repeat(32);

  test('the certificate cannot be issued: the device stays not enabled, the request fails, audited', async () => {
    const prefix = db.prefix;
    const opts = { prefix, keySecret, clock };
    const removed: string[] = [];
    const failingCa: DeviceCertificateIssuer = {
      issue: () => Promise.resolve(err('ca.unavailable', 'the issuing CA is not reachable')),
    };
    const deps: RespondDeps = {
      eids: createRedisEidStore(db.redis, opts),
      records: createRedisDeviceRecords(db.redis, { prefix, keySecret }),
      requests: createRedisAuthRequestStore(db.redis, opts),
      once: createRedisSingleUseStore(db.redis, { prefix, keySecret }),
      audit: createRedisAuditLog(db.redis, prefix, clock),
      certificates: failingCa,
      devices: {
        remove: (id) => {
          removed.push(id);
          return Promise.resolve(err('device.not-found', 'not in this test'));
        },
      },
      clock,
    };
    const pid = makeIdentityNumber({ birthDate: '1979-09-09' });
    const { secret } = await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
    const device: DeviceRecord = {
      id: 'd_respondtest0000000000',
      pid,
      publicJwk: { kty, crv, x, y } as JWK,
      platform: 'android',
      appVersion: 'test/1',
      attestationLevel: 'none',
      status: 'pending_activation',
      enrolledAt: clock.now().toISOString(),
      pendingUntil: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
    };
    await deps.records.create(device);
    const request: AuthRequest = {
      id: 'r_respondtest000000000000',
      kind: 'activate',
      pid,
      deviceIds: [device.id],
      nonce: 'n'.repeat(22),
      code: 'ACDE',
      rpName: 'NAV',
      step: 1,
      createdAt: clock.now().getTime(),
      expiresAt: clock.now().getTime() + 120_000,
      status: 'pending',
    };
    expect((await deps.requests.create(request)).ok).toBe(true);

    const jws = await buildDeviceJws(
      privateKey,
      { kid: device.id },
      {
        op: 'respond',
        rid: request.id,
        nonce: request.nonce,
        code: 'ACDE',
        rp: 'NAV',
        decision: 'approve',
        uv: 'pin',
        iat: Math.floor(clock.now().getTime() / 1000),
        activation_secret: secret,
      },
    );
    const answer = await respondToAuthRequest(deps, { requestId: request.id, jws });
    expect(answer).toMatchObject({ ok: false, code: 'device.certificate-failed' });
    expect((await deps.records.get(device.id))?.status).toBe('pending_activation');
    expect((await deps.requests.get(request.id))?.status).toBe('failed');
    expect(await deps.requests.pendingFor(pid)).toBeUndefined();
    expect(await deps.audit.recent(5)).toContainEqual(
      expect.objectContaining({
        action: 'eid.activate',
        target: device.id,
        outcome: 'device.certificate-failed',
      }),
    );
    // A replay of the same approval changes nothing.
    expect(await respondToAuthRequest(deps, { requestId: request.id, jws })).toMatchObject({
      ok: false,
      code: 'request.already-answered',
    });
  });
});
