import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisDeviceCertificateRegistry } from '../../src/device/certificate/create-redis-device-certificate-registry.js';
import type { DeviceCertificateRegistry } from '../../src/device/certificate/device-certificate-registry.js';
import { generateSandboxIssuingCa } from '../../src/device/certificate/generate-sandbox-issuing-ca.js';
import { produceCurrentCrl } from '../../src/device/certificate/produce-current-crl.js';
import { toPem } from '../../src/device/certificate/to-pem.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { deleteKeys, TEST_REDIS_URL } from '../support/start-provider.js';
import { issue, opensslWorkspace } from './certificate-support/fixtures.js';

/** Issued device certificates and their revocation, on Redis and on the embedded store. */
describe.each([
  ['Redis', () => createRedisConnection(TEST_REDIS_URL)],
  ['the in-memory store', () => createRedisConnection(undefined)],
])('device certificate registry on %s', (_name, connect) => {
  const clock = fixedClock(new Date());
  const ca = generateSandboxIssuingCa(clock);
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const ws = opensslWorkspace();
  const caFile = ws.write('ca.pem', ca.certificatePem);
  let redis: Redis;
  let registry: DeviceCertificateRegistry;
  beforeAll(() => {
    redis = connect();
    registry = createRedisDeviceCertificateRegistry(redis, prefix);
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    redis.disconnect();
    ws.remove();
  });

  /** Issues and records a certificate for a device, as activation does. */
  const issueAndRecord = async (deviceId: string) => {
    const cert = issue(ca, clock.now(), { deviceId });
    const recorded = await registry.record(
      { serial: cert.serial, deviceId, notAfter: cert.notAfter },
      clock.now(),
    );
    expect(recorded.ok).toBe(true);
    return cert;
  };

  test('issue → revoke → the current CRL lists it with its reason, signed by the CA', async () => {
    const lost = await issueAndRecord('phone-lost');
    const kept = await issueAndRecord('phone-kept');
    expect(await registry.find(lost.serial)).toMatchObject({ deviceId: 'phone-lost', status: 'active' });

    clock.advance(60_000);
    const revokedAt = clock.now();
    const revoked = await registry.revoke({ serial: lost.serial }, 'keyCompromise', revokedAt);
    expect(revoked).toEqual({
      ok: true,
      value: [
        {
          serial: lost.serial,
          deviceId: 'phone-lost',
          reason: 'keyCompromise',
          revokedAt,
          newlyRevoked: true,
        },
      ],
    });
    expect(await registry.find(lost.serial)).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'keyCompromise', revokedAt },
    });

    const crl = await produceCurrentCrl({ registry, ca, clock });
    expect(crl.revokedCount).toBe(1);
    const crlFile = ws.write('current.pem', toPem('X509 CRL', crl.der));
    const text = ws.run('crl', '-in', crlFile, '-noout', '-text', '-CAfile', caFile);
    expect(text.stderr).toContain('verify OK');
    expect(text.stdout).toMatch(
      new RegExp(
        `Serial Number: ${lost.serialHex.toUpperCase()}\\s+Revocation Date: [^\\n]+\\n\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Key Compromise`,
      ),
    );
    expect(text.stdout).not.toContain(kept.serialHex.toUpperCase());
    expect(text.stdout).toMatch(new RegExp(`X509v3 CRL Number:\\s+${crl.crlNumber}\\n`));

    // The CRL's thisUpdate is the test clock's (a minute ahead): verify at that time.
    const at = String(Math.ceil(clock.now().getTime() / 1000));
    const lostFile = ws.write('lost.pem', lost.pem);
    const keptFile = ws.write('kept.pem', kept.pem);
    expect(
      ws.run('verify', '-attime', at, '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile, lostFile).status,
    ).not.toBe(0);
    expect(
      ws.run('verify', '-attime', at, '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile, keptFile).status,
    ).toBe(0);
  });

  test('revoking twice is idempotent: the first reason and time stay, the CRL does not change', async () => {
    const cert = await issueAndRecord('phone-twice');
    const first = clock.now();
    await registry.revoke({ serial: cert.serial }, 'superseded', first);
    const before = await registry.crlSnapshot();
    clock.advance(3_600_000);
    const again = await registry.revoke({ serial: cert.serial }, 'keyCompromise', clock.now());
    expect(again).toEqual({
      ok: true,
      value: [
        {
          serial: cert.serial,
          deviceId: 'phone-twice',
          reason: 'superseded',
          revokedAt: first,
          newlyRevoked: false,
        },
      ],
    });
    const byDevice = await registry.revoke({ deviceId: 'phone-twice' }, 'cessationOfOperation', clock.now());
    expect(byDevice.ok && byDevice.value.map((o) => [o.reason, o.newlyRevoked])).toEqual([
      ['superseded', false],
    ]);
    const after = await registry.crlSnapshot();
    expect(after.revoked).toEqual(before.revoked);
    expect(after.crlNumber).toBe(before.crlNumber + 1n);
  });

  test('revoking a device revokes every certificate it was issued, in one step', async () => {
    const older = await issueAndRecord('phone-many');
    clock.advance(1000);
    const newer = await issueAndRecord('phone-many');
    await registry.revoke({ serial: older.serial }, 'superseded', clock.now());
    clock.advance(1000);
    const at = clock.now();
    const r = await registry.revoke({ deviceId: 'phone-many' }, 'cessationOfOperation', at);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const bySerial = new Map(r.value.map((o) => [o.serial, o]));
    expect(bySerial.get(older.serial)).toMatchObject({ reason: 'superseded', newlyRevoked: false });
    expect(bySerial.get(newer.serial)).toMatchObject({
      reason: 'cessationOfOperation',
      revokedAt: at,
      newlyRevoked: true,
    });
    const records = await registry.findByDevice('phone-many');
    expect(records.map((x) => [x.serial, x.status])).toEqual([
      [older.serial, 'revoked'],
      [newer.serial, 'revoked'],
    ]);
  });

  test('unknown targets and duplicate serials are refused without writing anything', async () => {
    expect(await registry.revoke({ serial: 0x7777n }, 'keyCompromise', clock.now())).toMatchObject({
      ok: false,
      code: 'device-registry.unknown-certificate',
    });
    expect(await registry.revoke({ deviceId: 'nobody' }, 'keyCompromise', clock.now())).toMatchObject({
      ok: false,
      code: 'device-registry.unknown-certificate',
    });
    expect(await registry.find(0x7777n)).toBeUndefined();
    expect(await redis.exists(`${prefix}:{device-certificates}:cert:7777`)).toBe(0);
    const cert = await issueAndRecord('phone-dup');
    expect(
      await registry.record(
        { serial: cert.serial, deviceId: 'someone-else', notAfter: cert.notAfter },
        clock.now(),
      ),
    ).toMatchObject({
      ok: false,
      code: 'device-registry.duplicate-serial',
    });
    expect(await registry.find(cert.serial)).toMatchObject({ deviceId: 'phone-dup' });
  });

  test('30 concurrent revocations of one certificate: exactly one is new', async () => {
    const cert = await issueAndRecord('phone-race');
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        registry.revoke(
          { serial: cert.serial },
          i % 2 ? 'keyCompromise' : 'privilegeWithdrawn',
          new Date(clock.now().getTime() + i),
        ),
      ),
    );
    const fresh = outcomes.flatMap((o) => (o.ok ? o.value.filter((x) => x.newlyRevoked) : []));
    expect(fresh).toHaveLength(1);
    const stored = await registry.find(cert.serial);
    expect(stored?.revocation).toEqual({ reason: fresh[0]!.reason, revokedAt: fresh[0]!.revokedAt });
  });

  test('CRL numbers only grow, also when taken concurrently', async () => {
    const numbers = (await Promise.all(Array.from({ length: 10 }, () => registry.crlSnapshot()))).map(
      (s) => s.crlNumber,
    );
    expect(new Set(numbers).size).toBe(10);
    const next = await produceCurrentCrl({ registry, ca, clock, lifetimeMs: 3_600_000 });
    expect(numbers.every((n) => n < next.crlNumber)).toBe(true);
    expect(next.nextUpdate.getTime() - next.thisUpdate.getTime()).toBe(3_600_000);
  });
});
