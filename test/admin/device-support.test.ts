import { X509Certificate } from 'node:crypto';
import { hashAdminSecret } from '../../src/admin/admin-secret.js';
import { authorizationUrl } from '../support/authorize.js';
import { Browser } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { activatePhone, openLogin, submitPid } from '../authenticator/support/app-login.js';

const SUPPORT = { name: 'helpdesk', secret: 'support secret phrase' };
const credentials = `${SUPPORT.name}:support:${hashAdminSecret(SUPPORT.secret)}`;
const auth = `Basic ${Buffer.from(`${SUPPORT.name}:${SUPPORT.secret}`).toString('base64')}`;

/** A person calls: "my phone was stolen". Support finds the device and blocks it. */
describe('admin API: device support', () => {
  const rp = privateKeyJwtClient('device-support-rp');
  let op: RunningProvider;
  let config: Awaited<ReturnType<typeof discover>>;

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata], env: { ADMIN_CREDENTIALS: credentials } });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${op.issuer}/admin/v1${path}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const crl = async () => (await fetch(`${op.issuer}/crl/device-ca.crl`)).arrayBuffer();

  test('lookup → block: the phone can no longer log in and its certificate is revoked; unblock restores it', async () => {
    const pid = pidFor('1988-08-08');
    const { certificatePem } = await activatePhone(
      op.app,
      op.issuer,
      (await authorizationUrl(config)).url,
      pid,
    );
    const serial = new X509Certificate(certificatePem).serialNumber;

    const found = await call('/person-lookup', { pid });
    expect(found.status).toBe(200);
    expect(found.body.eid).toMatchObject({ status: 'active' });
    const devices = found.body.devices as {
      id: string;
      status: string;
      publicJwk?: unknown;
      pushToken?: unknown;
    }[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ status: 'active', platform: expect.any(String) });
    // Support sees no key material or push token.
    expect(JSON.stringify(devices)).not.toMatch(/publicJwk|pushToken|certificatePem|"x":/);

    const blocked = await call(`/devices/${devices[0]!.id}/block`, { reason: 'stolen' });
    expect(blocked).toMatchObject({ status: 200, body: { status: 'blocked', blockedReason: 'stolen' } });
    const list = Buffer.from(await crl());
    expect(list.toString('hex')).toContain(serial.toLowerCase());

    // The next login finds no usable device: the neutral page, and no push for the thief.
    const browser = new Browser();
    const page = await submitPid(
      browser,
      await openLogin(browser, (await authorizationUrl(config)).url),
      pid,
    );
    expect(page.text).toContain('id="login-failed"');

    expect(await call(`/devices/${devices[0]!.id}/block`, { reason: 'stolen' })).toMatchObject({
      status: 409,
      body: { error: 'device.not-blockable' },
    });
    const unblocked = await call(`/devices/${devices[0]!.id}/unblock`, {});
    expect(unblocked).toMatchObject({ status: 200, body: { status: 'active' } });
  });

  test('bad reason, unknown device and a malformed identity number are refused without change', async () => {
    expect(await call('/devices/d_unknown/block', { reason: 'lost' })).toMatchObject({
      status: 404,
      body: { error: 'device.not-found' },
    });
    const bad = await call('/devices/d_unknown/block', { reason: 'my neighbour Kari took it' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await call('/person-lookup', { pid: 'abc' })).toMatchObject({ status: 400 });
    expect(await call('/person-lookup', {})).toMatchObject({ status: 400 });
  });
});
