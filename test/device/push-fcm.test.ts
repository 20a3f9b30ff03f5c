import { createServer } from 'node:net';
import { fixedClock } from '../../src/shared/clock.js';
import { createFcmPushNotifier } from '../../src/device/push/create-fcm-push-notifier.js';
import type { FcmPushNotifierOptions } from '../../src/device/push/fcm-push-notifier-options.js';
import { startFakeFcm, type FakeFcm } from './push-support/fake-fcm.js';

const ANDROID = { pushToken: 'dA1b2C3:APA91bH-android_token', platform: 'android' as const };
const IPHONE = { pushToken: 'fI9z8Y7:APA91bH-ios_token', platform: 'ios' as const };

describe('FCM push notifier against a documented fake FCM and Google token endpoint', () => {
  const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
  let fcm: FakeFcm;
  let sleeps: number[];

  const notifier = (extra: Partial<FcmPushNotifierOptions> = {}) =>
    createFcmPushNotifier(
      {
        serviceAccount: fcm.serviceAccount,
        baseUrl: fcm.baseUrl,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...extra,
      },
      clock,
    );

  beforeEach(async () => {
    clock.set(new Date('2026-03-01T10:00:00Z'));
    fcm = await startFakeFcm({ clock });
    fcm.registered.add(ANDROID.pushToken);
    fcm.registered.add(IPHONE.pushToken);
    sleeps = [];
  });
  afterEach(() => fcm.close());

  it('wakes an Android phone with a high-priority data message that carries only the opaque id', async () => {
    const r = await notifier().wake(ANDROID, { requestId: 'req_7Hq2' });

    expect(r).toEqual({
      ok: true,
      value: { messageId: expect.stringMatching(/^projects\/eid-test-project\/messages\//) },
    });
    expect(fcm.accepted).toEqual([
      {
        token: ANDROID.pushToken,
        data: { type: 'wake', rid: 'req_7Hq2' },
        android: { priority: 'high', collapse_key: 'wake', ttl: '120s' },
      },
    ]);
  });

  it('wakes an iPhone with a generic localised alert, collapse id and expiry, and no Android block', async () => {
    const r = await notifier().wake(IPHONE, {});

    expect(r.ok).toBe(true);
    const [message] = fcm.accepted;
    expect(message).toEqual({
      token: IPHONE.pushToken,
      data: { type: 'wake' },
      apns: {
        headers: {
          'apns-push-type': 'alert',
          'apns-priority': '10',
          'apns-collapse-id': 'wake',
          'apns-expiration': String(Date.parse('2026-03-01T10:02:00Z') / 1000),
        },
        payload: { aps: { alert: { 'loc-key': 'LOGIN_REQUEST' }, sound: 'default' } },
      },
    });
  });

  it('can send iOS wakes as background pushes with the priority FCM requires for them', async () => {
    const r = await notifier({ iosDelivery: 'background' }).wake(IPHONE, { requestId: 'r1' });

    expect(r.ok).toBe(true);
    expect(fcm.accepted[0]).toMatchObject({
      apns: {
        headers: { 'apns-push-type': 'background', 'apns-priority': '5' },
        payload: { aps: { 'content-available': 1 } },
      },
    });
  });

  it('signs the documented service-account grant and reuses the access token until shortly before expiry', async () => {
    const push = notifier();
    await push.wake(ANDROID, {});
    await push.wake(IPHONE, {});
    expect(fcm.grants).toHaveLength(1);
    expect(fcm.grantRejections).toEqual([]);
    const { header, payload } = fcm.grants[0]!;
    expect(header).toMatchObject({ alg: 'RS256', kid: fcm.serviceAccount.private_key_id });
    expect(payload).toMatchObject({
      iss: fcm.serviceAccount.client_email,
      aud: fcm.serviceAccount.token_uri,
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(3600);
    expect(fcm.sends.every((s) => s.authorization === fcm.sends[0]!.authorization)).toBe(true);

    clock.advance(50 * 60 * 1000); // 50 min: still well before the 3599 s token expires
    await push.wake(ANDROID, {});
    expect(fcm.grants).toHaveLength(1);

    clock.advance(6 * 60 * 1000); // 56 min: inside the 5-minute renewal margin
    await push.wake(ANDROID, {});
    expect(fcm.grants).toHaveLength(2);
    expect(fcm.sends[3]!.authorization).not.toBe(fcm.sends[0]!.authorization);
  });

  it('renews a token FCM no longer accepts (401) and sends once more', async () => {
    const push = notifier();
    await push.wake(ANDROID, {});
    fcm.revokeAccessTokens();

    const r = await push.wake(ANDROID, {});

    expect(r.ok).toBe(true);
    expect(fcm.grants).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('maps UNREGISTERED (404) to push.token-invalid so the caller forgets the token', async () => {
    const r = await notifier().wake({ pushToken: 'gone:APA91-uninstalled', platform: 'android' }, {});
    expect(r).toMatchObject({ ok: false, code: 'push.token-invalid' });
    expect(fcm.sends).toHaveLength(1);
  });

  it('maps an INVALID_ARGUMENT about the registration token to push.token-invalid', async () => {
    fcm.failNext.push('INVALID_TOKEN');
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.token-invalid' });
  });

  it('maps any other INVALID_ARGUMENT to push.rejected and keeps the token', async () => {
    fcm.failNext.push('INVALID_ARGUMENT');
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.rejected' });
    expect(fcm.sends).toHaveLength(1);
  });

  it('maps QUOTA_EXCEEDED (429 with Retry-After) to push.rate-limited without retrying', async () => {
    fcm.failNext.push('QUOTA_EXCEEDED');
    fcm.retryAfterSeconds = 30;
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.rate-limited' });
    expect(fcm.sends).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries UNAVAILABLE (503) honouring Retry-After, then succeeds', async () => {
    fcm.failNext.push('UNAVAILABLE');
    fcm.retryAfterSeconds = 2;

    const r = await notifier().wake(ANDROID, { requestId: 'r2' });

    expect(r.ok).toBe(true);
    expect(fcm.sends).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(fcm.accepted).toHaveLength(1);
  });

  it('backs off exponentially on INTERNAL (500) and gives up as push.unavailable after maxAttempts', async () => {
    fcm.failNext.push('INTERNAL', 'INTERNAL', 'INTERNAL');

    const r = await notifier({ backoffBaseMs: 100 }).wake(ANDROID, {});

    expect(r).toMatchObject({ ok: false, code: 'push.unavailable' });
    expect(fcm.sends).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(100);
    expect(sleeps[0]).toBeLessThan(200);
    expect(sleeps[1]).toBeGreaterThanOrEqual(200);
    expect(sleeps[1]).toBeLessThan(400);
  });

  it('does not wait out a Retry-After longer than a user waits', async () => {
    fcm.failNext.push('UNAVAILABLE');
    fcm.retryAfterSeconds = 600;
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.unavailable' });
    expect(fcm.sends).toHaveLength(1);
  });

  it('times out a send that hangs, retries, and answers push.unavailable', async () => {
    fcm.failNext.push('hang', 'hang');
    const started = Date.now();

    const r = await notifier({ timeoutMs: 150, maxAttempts: 2 }).wake(ANDROID, {});

    expect(r).toMatchObject({ ok: false, code: 'push.unavailable' });
    expect(fcm.sends).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('recovers from one hanging send when the retry is answered', async () => {
    fcm.failNext.push('hang');
    expect((await notifier({ timeoutMs: 150 }).wake(ANDROID, {})).ok).toBe(true);
  });

  it('answers push.unavailable when FCM cannot be reached at all', async () => {
    const closed = await unusedPort();
    const push = createFcmPushNotifier(
      { serviceAccount: fcm.serviceAccount, baseUrl: `http://127.0.0.1:${closed}`, sleep: async () => {} },
      clock,
    );
    expect(await push.wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.unavailable' });
  });

  it('treats SENDER_ID_MISMATCH and APNs credential errors as push.rejected, not as dead tokens', async () => {
    fcm.failNext.push('SENDER_ID_MISMATCH');
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.rejected' });
    fcm.failNext.push('THIRD_PARTY_AUTH_ERROR');
    expect(await notifier().wake(IPHONE, {})).toMatchObject({ ok: false, code: 'push.rejected' });
  });

  it('treats NOT_FOUND for a wrong project as push.rejected', async () => {
    const r = await notifier({ projectId: 'someone-else' }).wake(ANDROID, {});
    expect(r).toMatchObject({ ok: false, code: 'push.rejected' });
  });

  it('answers push.unavailable when the token endpoint fails, push.rejected when it refuses the grant', async () => {
    fcm.tokenFailNext.push(503, 503, 503);
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.unavailable' });
    expect(fcm.sends).toHaveLength(0);

    fcm.tokenFailNext.push(400);
    expect(await notifier().wake(ANDROID, {})).toMatchObject({ ok: false, code: 'push.rejected' });
  });

  it('refuses a hint that is not an opaque id, before anything leaves the server', async () => {
    const push = notifier();
    await expect(push.wake(ANDROID, { requestId: 'Login to NAV: code 4711' })).rejects.toThrow(/opaque/);
    await expect(
      push.wake(ANDROID, { requestId: 'r1', relyingParty: 'NAV' } as unknown as { requestId: string }),
    ).rejects.toThrow(/opaque/);
    expect(fcm.sends).toHaveLength(0);
  });

  it('answers push.token-invalid for an empty token and push.rejected for a sandbox device', async () => {
    expect(await notifier().wake({ pushToken: '', platform: 'android' }, {})).toMatchObject({
      code: 'push.token-invalid',
    });
    expect(await notifier().wake({ pushToken: 'sbx', platform: 'web-sandbox' }, {})).toMatchObject({
      code: 'push.rejected',
    });
  });

  it('refuses to start with a service account key that is not one', () => {
    expect(() => createFcmPushNotifier({ serviceAccount: { type: 'authorized_user' } }, clock)).toThrow(
      /service account key is not usable: type/,
    );
    expect(() => createFcmPushNotifier({ serviceAccount: 'not json' }, clock)).toThrow(/not usable/);
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
