import { generateKeyPairSync } from 'node:crypto';
import type * as client from 'openid-client';
import { AppSimulator } from '../../src/device/simulator/app-simulator.js';
import { authorizationUrl } from '../support/authorize.js';
import { Browser } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import {
  activatePhone,
  atRp,
  check,
  issueEid,
  openLogin,
  submitPid,
  type LoginPage,
} from './support/app-login.js';

/**
 * Everything that must not log anyone in: each case has its defined answer (API status and code,
 * or the neutral failure page), and the browser never reaches the relying party.
 */
describe('authenticator refusals', () => {
  const rp = privateKeyJwtClient('refusals-rp');
  let op: RunningProvider;
  let config: client.Configuration;
  let seq = 0;
  // A fresh person per test: the per-person limit (3 a minute here) must not leak between tests.
  const nextPid = () => pidFor(`1970-01-${String(++seq).padStart(2, '0')}`);

  beforeAll(async () => {
    op = await startProvider({
      clients: [{ ...rp.metadata, client_name: 'Refusals RP' }],
      env: { AUTH_REQUESTS_PER_MINUTE: '3' },
    });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  const activated = async () => {
    const pid = nextPid();
    const { phone } = await activatePhone(op.app, op.issuer, (await authorizationUrl(config)).url, pid);
    return { pid, phone };
  };
  const startLogin = async (pid: string) => {
    const browser = new Browser();
    const page = await submitPid(
      browser,
      await openLogin(browser, (await authorizationUrl(config)).url),
      pid,
    );
    return { browser, page };
  };
  const expectNeutralFailure = (page: LoginPage) => {
    expect(atRp(page.url)).toBe(false);
    expect(page.text).toContain('id="login-failed"');
    expect(page.text).toContain('id="app-login"'); // retry
  };

  test('deny: the browser gets the neutral failure page with a retry', async () => {
    const { pid, phone } = await activated();
    const { browser, page } = await startLogin(pid);
    const r = await phone.answerNext('deny', 5);
    expect(r?.reply).toMatchObject({ status: 200, body: { status: 'denied' } });
    expectNeutralFailure(await check(browser, page));
  });

  test('wrong device key: 401, and the request is still open for the real phone', async () => {
    const { pid, phone } = await activated();
    const { browser, page } = await startLogin(pid);
    const request = (await phone.pending(5))!;
    const thief = phone.withKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    expect(await thief.respond(request, 'approve')).toMatchObject({
      status: 401,
      body: { error: 'device_jws.bad-signature' },
    });
    const waiting = await check(browser, page);
    expect(waiting.code).toBe(page.code);
    expect((await phone.respond(request, 'deny')).status).toBe(200);
  });

  test('replayed response: the second use of the same JWS is refused (409) and changes nothing', async () => {
    const { pid, phone } = await activated();
    const { browser, page } = await startLogin(pid);
    const request = (await phone.pending(5))!;
    const jws = await phone.sign({
      op: 'respond',
      rid: request.id,
      nonce: request.nonce,
      code: request.verification_code,
      rp: request.rp_name,
      decision: 'deny',
      uv: 'pin',
      iat: Math.floor(Date.now() / 1000),
    });
    expect((await phone.respondRaw(request.id, jws)).status).toBe(200);
    expect(await phone.respondRaw(request.id, jws)).toMatchObject({
      status: 409,
      body: { error: 'request.already-answered' },
    });
    expectNeutralFailure(await check(browser, page));
  });

  test('response for another request: a signed answer sent to another request id, and another person’s device', async () => {
    const a = await activated();
    const b = await activated();
    const { browser, page } = await startLogin(a.pid);
    const request = (await a.phone.pending(5))!;
    expect(await a.phone.respond(request, 'approve', { path: 'r_someotherrequest000000' })).toMatchObject({
      status: 400,
      body: { error: 'request.id-mismatch' },
    });
    expect(await b.phone.respond(request, 'approve')).toMatchObject({
      status: 403,
      body: { error: 'request.other-device' },
    });
    expect((await check(browser, page)).code).toBe(page.code); // still waiting
    await a.phone.respond(request, 'deny');
  });

  test('tampered verification code, nonce or service name: 400, the request stays pending', async () => {
    const { pid, phone } = await activated();
    const { browser, page } = await startLogin(pid);
    const request = (await phone.pending(5))!;
    const other = request.verification_code === 'AAAA' ? 'CCCC' : 'AAAA';
    expect((await phone.respond(request, 'approve', { code: other })).body.error).toBe(
      'request.code-mismatch',
    );
    expect((await phone.respond(request, 'approve', { nonce: 'x'.repeat(22) })).body.error).toBe(
      'request.nonce-mismatch',
    );
    expect((await phone.respond(request, 'approve', { rp: 'Evil RP' })).body.error).toBe(
      'request.rp-mismatch',
    );
    expect((await check(browser, page)).code).toBe(page.code);
    await phone.respond(request, 'deny');
  });

  test('expired activation secret: enrolment is refused with activation.expired', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid, 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await AppSimulator.tryEnroll(op.issuer, { pid, activationSecret: secret })).toMatchObject({
      status: 400,
      body: { error: 'activation.expired' },
    });
  });

  test('wrong secret and wrong person get one answer; a used secret enrols nothing more', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid);
    const wrong = await AppSimulator.tryEnroll(op.issuer, { pid, activationSecret: 'AAAA-BBBB-CCCC-DDDD' });
    const nobody = await AppSimulator.tryEnroll(op.issuer, { pid: nextPid(), activationSecret: secret });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'activation.invalid' } });
    expect(nobody).toEqual(wrong);
  });

  test('the secret used meanwhile (a race of two apps): the approval gets activation.used, the browser the neutral page', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid);
    const phone = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    const { browser, page } = await startLogin(pid);
    const enable = (await phone.pending(5))!;
    expect(enable.type).toBe('activate');
    await op.app.eids.consumeActivation(pid, secret);
    expect(await phone.respond(enable, 'approve', { code: page.code! })).toMatchObject({
      status: 400,
      body: { error: 'activation.used' },
    });
    expectNeutralFailure(await check(browser, page));
    expect((await op.app.devices.get(phone.deviceId))?.status).toBe('pending_activation');
    expect(await AppSimulator.tryEnroll(op.issuer, { pid, activationSecret: secret })).toMatchObject({
      status: 400,
      body: { error: 'activation.used' },
    });
  });

  test('step 1: the app is not told the code; a wrong typed code ends the request and enables nothing', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid);
    // Enrolled with a stolen secret, without the person's browser in view.
    const phone = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    const { browser, page } = await startLogin(pid);
    const enable = (await phone.pending(5))!;
    expect(enable.type).toBe('activate');
    expect(enable).not.toHaveProperty('verification_code');
    const guess = page.code === 'AAAA' ? 'CCCC' : 'AAAA';
    expect(await phone.respond(enable, 'approve', { code: guess })).toMatchObject({
      status: 400,
      body: { error: 'request.code-mismatch' },
    });
    // One try: even the right code no longer enables it.
    expect(await phone.respond(enable, 'approve', { code: page.code! })).toMatchObject({
      status: 409,
      body: { error: 'request.already-answered' },
    });
    expectNeutralFailure(await check(browser, page));
    expect((await op.app.eids.get(pid))?.status).toBe('issued_not_activated');

    // The person, with the code in view, enables it on the next try.
    const retry = await startLogin(pid);
    const again = (await phone.pending(5))!;
    expect(await phone.respond(again, 'approve', { code: retry.page.code! })).toMatchObject({
      status: 200,
      body: { status: 'approved' },
    });
  });

  test('two apps waiting to be enabled: neither is asked; after step 1 other waiting enrolments are removed', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid);
    const first = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    const second = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    expectNeutralFailure((await startLogin(pid)).page);
    expect(await first.pending(0)).toBeNull();
    expect(await second.pending(0)).toBeNull();

    // The extra enrolment is removed (from the app); the next login enables the other one.
    expect((await second.removeDevice(second.deviceId)).status).toBe(204);
    const { browser, page } = await startLogin(pid);
    const enable = (await first.pending(5))!;
    expect(enable.type).toBe('activate');
    // Meanwhile another app enrols with the same secret (still unused): it loses its enrolment.
    const late = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    expect(await first.respond(enable, 'approve', { code: page.code! })).toMatchObject({ status: 200 });
    expect((await op.app.devices.get(late.deviceId))?.status).toBe('removed');
    expect((await late.pendingReply(0)).body.error).toBe('device.not-active');
    expect((await check(browser, page)).step).toBeDefined(); // step 2 goes on
  });

  test('blocked device (PIN blocked): no more requests, its API calls refused, its certificate revoked', async () => {
    const { pid, phone } = await activated();
    expect(await phone.reportPinBlocked()).toMatchObject({ status: 200, body: { status: 'blocked' } });
    expectNeutralFailure((await startLogin(pid)).page);
    expect((await phone.pendingReply(0)).body.error).toBe('device.not-active');
  });

  test('a second pending request is refused with the neutral page and sends no push', async () => {
    const { pid, phone } = await activated();
    const first = await startLogin(pid);
    const second = await startLogin(pid);
    expectNeutralFailure(second.page);
    const request = (await phone.pending(5))!;
    expect(request.verification_code).toBe(first.page.code);
    await phone.respond(request, 'deny');
  });

  test('rate limit: the fourth request in a minute is refused, even after the others were answered', async () => {
    const pid = nextPid();
    const secret = await issueEid(op.app, pid);
    const phone = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    for (let i = 0; i < 3; i++) {
      const { page } = await startLogin(pid);
      expect(page.code).toBeDefined();
      await phone.answerNext('deny', 5);
    }
    expectNeutralFailure((await startLogin(pid)).page);
    expect(await phone.pending(0)).toBeNull();
  });

  test('unknown identity number and known-without-device look the same to the browser', async () => {
    const known = nextPid();
    await issueEid(op.app, known); // issued, no app enrolled
    const unknown = nextPid();
    const a = await startLogin(known);
    const b = await startLogin(unknown);
    const mask = (p: LoginPage) =>
      p.text
        .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
        .replace(/value="[\w-]{43}"/g, 'value="CSRF"');
    expect(a.page.status).toBe(b.page.status);
    expect(mask(a.page)).toBe(mask(b.page));
    expectNeutralFailure(a.page);
  });
});

describe('authenticator request timeout', () => {
  const rp = privateKeyJwtClient('timeout-rp');
  let op: RunningProvider;
  let config: client.Configuration;
  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata], env: { AUTH_REQUEST_TTL: '1' } });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  test('an unanswered request expires: the late approval gets 410 and the browser the neutral page', async () => {
    const pid = pidFor('1969-12-24');
    const secret = await issueEid(op.app, pid);
    const phone = await AppSimulator.enroll(op.issuer, { pid, activationSecret: secret });
    const browser = new Browser();
    const page = await submitPid(
      browser,
      await openLogin(browser, (await authorizationUrl(config)).url),
      pid,
    );
    const request = (await phone.pending(5))!;
    await new Promise((r) => setTimeout(r, 1100));
    expect(await phone.respond(request, 'approve', { code: page.code! })).toMatchObject({
      status: 410,
      body: { error: 'request.expired' },
    });
    const after = await check(browser, page);
    expect(atRp(after.url)).toBe(false);
    expect(after.text).toContain('id="login-failed"');
    expect((await op.app.eids.get(pid))?.status).toBe('issued_not_activated');
  });
});
