import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { createRedisDeviceRecords } from '../../src/device/app/create-redis-device-records.js';
import type { DeviceRecord } from '../../src/device/app/device-record.js';
import { createRedisAuthRequestStore } from '../../src/device/login/create-redis-auth-request-store.js';
import { createRequestSignals } from '../../src/device/login/request-signals.js';
import { startAuthRequest, type StartAuthRequestDeps } from '../../src/device/login/start-auth-request.js';
import type { PushNotifier } from '../../src/device/push/push-notifier.js';
import { createRedisEidStore } from '../../src/eid/create-redis-eid-store.js';
import { createRedisAuditLog } from '../../src/shared/audit-log.js';
import { fixedClock } from '../../src/shared/clock.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { createRedisRateLimiter } from '../../src/shared/rate-limiter.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';
import { DAY, person } from './support/app-login.js';

/**
 * Which device a login asks, and what stops it: the choice of the device to enable, the
 * per-person limits, and a push service that hangs.
 */
describe.each(STORES)('starting a push request on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const clock = fixedClock(new Date('2026-11-26T10:00:00Z'));
  const keySecret = 'k'.repeat(32);
  let seq = 0;
  let people = 0;
  const nextPid = () => makeIdentityNumber({ birthDate: `1980-02-${String(++people).padStart(2, '0')}` });

  const hangingPush: PushNotifier = {
    wake: () => new Promise(() => undefined), // FCM retrying for ever
  } as unknown as PushNotifier;

  const setup = (overrides: Partial<StartAuthRequestDeps> = {}) => {
    const prefix = `${db.prefix}:${++seq}`;
    const opts = { prefix, keySecret, clock };
    const deps: StartAuthRequestDeps = {
      eids: createRedisEidStore(db.redis, opts),
      records: createRedisDeviceRecords(db.redis, { prefix, keySecret }),
      requests: createRedisAuthRequestStore(db.redis, opts),
      limiter: createRedisRateLimiter(db.redis, opts),
      audit: createRedisAuditLog(db.redis, prefix, clock),
      push: hangingPush,
      signals: createRequestSignals(),
      clock,
      ttlSeconds: 120,
      perMinute: 60,
      perHour: 1000,
      ...overrides,
    };
    return deps;
  };
  const enrol = async (deps: StartAuthRequestDeps, pid: string, status: DeviceRecord['status']) => {
    const { kty, crv, x, y } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      format: 'jwk',
    });
    const device: DeviceRecord = {
      id: `d_${String(++seq).padStart(22, '0')}`,
      pid,
      publicJwk: { kty, crv, x, y } as JWK,
      platform: 'android',
      appVersion: 'test/1',
      pushToken: `token-${seq}`,
      attestationLevel: 'none',
      status,
      enrolledAt: clock.now().toISOString(),
      pendingUntil: new Date(clock.now().getTime() + 30 * 60_000).toISOString(),
    };
    await deps.records.create(device);
    return device;
  };
  const login = (deps: StartAuthRequestDeps, pid: string) =>
    startAuthRequest(deps, { pid, kind: 'login', rpName: 'NAV' });

  test('two apps waiting to be enabled: neither is asked, and the refusal is audited', async () => {
    const deps = setup();
    const pid = nextPid();
    const { record } = await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    await enrol(deps, pid, 'pending_activation'); // the person's
    await enrol(deps, pid, 'pending_activation'); // someone holding the stolen secret
    const r = await login(deps, pid);
    expect(r).toMatchObject({ ok: false, code: 'request.no-device' });
    expect(await deps.requests.pendingFor(pid)).toBeUndefined();
    expect(await deps.audit.recent(5)).toContainEqual(
      expect.objectContaining({
        action: 'eid.activate',
        target: record.id,
        outcome: 'activation.ambiguous-device',
      }),
    );
  });

  test('one app waiting to be enabled gets step 1', async () => {
    const deps = setup();
    const pid = nextPid();
    await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    const device = await enrol(deps, pid, 'pending_activation');
    const r = await login(deps, pid);
    expect(r).toMatchObject({ ok: true, value: { kind: 'activate', deviceIds: [device.id], step: 1 } });
  });

  test('an expired activation secret enables no device', async () => {
    const deps = setup();
    const pid = nextPid();
    await deps.eids.issue(person(pid), { validForMs: 60_000 });
    await enrol(deps, pid, 'pending_activation');
    clock.advance(61_000);
    try {
      expect(await login(deps, pid)).toMatchObject({ ok: false, code: 'request.no-device' });
    } finally {
      clock.advance(-61_000);
    }
  });

  test('a push service that hangs does not hold the login; the request is made', async () => {
    const deps = setup();
    const pid = nextPid();
    await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    await enrol(deps, pid, 'pending_activation');
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      login(deps, pid),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), 2000))),
    ]);
    clearTimeout(timer);
    expect(r).toMatchObject({ ok: true });
  });

  test('a push wake that throws is reported by its code only', async () => {
    const codes: string[] = [];
    const deps = setup({
      push: {
        wake: () => Promise.reject(Object.assign(new Error('boom 1990'), { code: 'push.unavailable' })),
      } as unknown as PushNotifier,
      onWakeFailure: (code) => codes.push(code),
    });
    const pid = nextPid();
    await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    await enrol(deps, pid, 'pending_activation');
    expect(await login(deps, pid)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(codes).toEqual(['push.unavailable']);
  });

  test('push bombing over an hour: the hourly cap stops it although each minute is within its limit', async () => {
    const deps = setup({ perMinute: 5, perHour: 6 });
    const pid = nextPid();
    await deps.eids.issue(person(pid), { validForMs: 30 * DAY });
    await enrol(deps, pid, 'pending_activation');
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await login(deps, pid);
      outcomes.push(r.ok ? 'ok' : r.code);
      if (r.ok) await deps.requests.release(pid, r.value.id);
      clock.advance(61_000); // a new minute each time, same hour
    }
    clock.advance(-8 * 61_000);
    expect(outcomes).toEqual([
      ...Array<string>(6).fill('ok'),
      'request.rate-limited',
      'request.rate-limited',
    ]);
  });
});
