import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { createDeviceCertificateIssuer } from '../../src/device/app/device-certificate-issuer.js';
import { createDeviceStore } from '../../src/device/app/create-device-store.js';
import { createRedisDeviceRecords } from '../../src/device/app/create-redis-device-records.js';
import type { DeviceRecord } from '../../src/device/app/device-record.js';
import { createRedisDeviceCertificateRegistry } from '../../src/device/certificate/create-redis-device-certificate-registry.js';
import { generateSandboxIssuingCa } from '../../src/device/certificate/generate-sandbox-issuing-ca.js';
import { createRedisEidStore } from '../../src/eid/create-redis-eid-store.js';
import { createRedisAuditLog } from '../../src/shared/audit-log.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { person } from '../authenticator/support/app-login.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

/** The DeviceStore port support tools build on: list, block, unblock, remove, with certificates. */
describe.each(STORES)('device store on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const clock = fixedClock(new Date('2026-11-26T10:00:00Z'));
  const ca = generateSandboxIssuingCa(clock);
  const setup = () => {
    const keySecret = 'k'.repeat(32);
    const records = createRedisDeviceRecords(db.redis, { prefix: db.prefix, keySecret });
    const registry = createRedisDeviceCertificateRegistry(db.redis, db.prefix);
    const eids = createRedisEidStore(db.redis, { prefix: db.prefix, keySecret, clock });
    const certificates = createDeviceCertificateIssuer({ ca, registry, issuer: 'http://127.0.0.1:9', clock });
    const audit = createRedisAuditLog(db.redis, db.prefix, clock);
    const store = createDeviceStore({ records, registry, certificates, eids, audit, clock });
    return { records, registry, eids, certificates, audit, store };
  };
  const device = (pid: string, n: number, status: DeviceRecord['status'] = 'active'): DeviceRecord => {
    const { kty, crv, x, y } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    });
    return {
      id: `d_test${n}${Math.random().toString(36).slice(2, 8)}`,
      pid,
      publicJwk: { kty, crv, x, y } as JWK,
      platform: 'android',
      appVersion: '1.0',
      attestationLevel: 'hardware',
      status,
      enrolledAt: new Date(clock.now().getTime() + n).toISOString(),
    };
  };

  test('lists a person’s devices; key names hold no identity number or device id', async () => {
    const { records, store } = setup();
    const pid = makeIdentityNumber({ birthDate: '1980-02-02' });
    const a = device(pid, 1);
    const b = device(pid, 2, 'pending_activation');
    await records.create(a);
    await records.create(b);
    await records.create(device(makeIdentityNumber({ birthDate: '1980-02-03' }), 3));
    expect((await store.listByPid(pid)).map((d) => d.id)).toEqual([a.id, b.id]);
    expect(await store.get(a.id)).toMatchObject({ id: a.id, pid, status: 'active', publicJwk: a.publicJwk });
    const keys = (await db.redis.keys(`${db.prefix}:device*`)).join(' ');
    expect(keys).not.toContain(pid);
    expect(keys).not.toContain(a.id);
  });

  test('block revokes the certificate; unblock issues a new one; a PIN-blocked device needs re-activation', async () => {
    const { records, registry, eids, certificates, store } = setup();
    const pid = makeIdentityNumber({ birthDate: '1981-03-03' });
    const { secret } = await eids.issue(person(pid), { validForMs: 86_400_000 });
    await eids.consumeActivation(pid, secret);
    const d = device(pid, 1);
    await records.create(d);
    const cert = await certificates.issue(d, { givenName: 'Åse', familyName: 'Hansen' });
    expect(cert.ok).toBe(true);
    if (!cert.ok) return;
    await records.update(d.id, { certificateSerial: cert.value.serialHex, certificatePem: cert.value.pem });

    expect(await store.block(d.id, 'support', 'support:kari')).toMatchObject({
      ok: true,
      value: { status: 'blocked' },
    });
    expect((await registry.findByDevice(d.id)).map((c) => c.status)).toEqual(['revoked']);
    expect(await store.block(d.id, 'support')).toMatchObject({ ok: false, code: 'device.not-blockable' });

    const unblocked = await store.unblock(d.id, 'support:kari');
    expect(unblocked).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(unblocked.ok && unblocked.value.certificateSerial).not.toBe(cert.value.serialHex);
    // Same (frozen) issue time for both: compare as a set.
    expect((await registry.findByDevice(d.id)).map((c) => c.status).sort()).toEqual(['active', 'revoked']);

    await store.block(d.id, 'pin_blocked');
    expect(await store.unblock(d.id)).toMatchObject({ ok: false, code: 'device.needs-reactivation' });
    expect(await store.remove(d.id, 'lost')).toMatchObject({ ok: true, value: { status: 'removed' } });
    expect((await registry.findByDevice(d.id)).every((c) => c.status === 'revoked')).toBe(true);
    expect(await store.unblock(d.id)).toMatchObject({ ok: false, code: 'device.not-blocked' });
    expect(await store.block('d_nope', 'support')).toMatchObject({ ok: false, code: 'device.not-found' });
  });

  test('20 concurrent blocks of one device: one wins', async () => {
    const { records, store } = setup();
    const d = device(makeIdentityNumber({ birthDate: '1982-04-04' }), 1);
    await records.create(d);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.block(d.id, 'support')));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
