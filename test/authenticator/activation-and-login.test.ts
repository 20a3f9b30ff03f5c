import { X509Certificate } from 'node:crypto';
import * as client from 'openid-client';
import { AppSimulator } from '../../src/device/simulator/app-simulator.js';
import { authorizationUrl } from '../support/authorize.js';
import { Browser } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { atRp, check, issueEid, openLogin, submitPid } from './support/app-login.js';

/**
 * The journey after registration: the app enrols with the activation secret, the first login is
 * the double authentication ("1 of 2: enable", "2 of 2: log in"), every later login one push.
 * A relying party (openid-client, PAR + PKCE + private_key_jwt) checks what it receives.
 */
describe('first activation and login with the authenticator app', () => {
  const rp = privateKeyJwtClient('nav-app');
  let op: RunningProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    op = await startProvider({ clients: [{ ...rp.metadata, client_name: 'NAV' }] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  const redeem = async (callback: URL, a: { verifier: string; state: string; nonce: string }) =>
    client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
      idTokenExpected: true,
    });

  test('activation with double authentication ends in tokens with acr high, amr and pid; the next login is one push', async () => {
    const pid = pidFor('1990-05-17');
    const secret = await issueEid(op.app, pid);
    const phone = await AppSimulator.enroll(op.issuer, {
      pid,
      activationSecret: secret,
      pushToken: 'fcm-token-1',
    });

    const auth = await authorizationUrl(config, { scope: 'openid profile' });
    const browser = new Browser();
    const login = await openLogin(browser, auth.url);
    expect(login.text).toContain('id="app-login"');

    // Step 1 of 2: enable.
    const step1 = await submitPid(browser, login, pid);
    expect(step1.status).toBe(200);
    expect(step1.text).toContain('1 av 2');
    const enable = await phone.pending(5);
    expect(enable).toMatchObject({ type: 'activate', rp_name: 'NAV' });
    // The app is not told the code: the person types what the browser shows.
    expect(enable).not.toHaveProperty('verification_code');
    const enabled = await phone.respond(enable!, 'approve', { code: step1.code! });
    expect(enabled.status).toBe(200);
    const pem = enabled.body.certificate as string;
    const cert = new X509Certificate(pem);
    expect(cert.subject).toContain(`serialNumber=PNONO-${pid}`);
    expect((await op.app.eids.get(pid))?.status).toBe('active');

    // Step 2 of 2: log in, to the same device.
    const step2 = await check(browser, step1);
    expect(step2.text).toContain('2 av 2');
    expect(step2.code).toBeDefined();
    const loginRequest = await phone.pending(5);
    expect(loginRequest).toMatchObject({ type: 'login', verification_code: step2.code });
    expect((await phone.respond(loginRequest!, 'approve')).status).toBe(200);
    const done = await check(browser, step2);
    expect(atRp(done.url)).toBe(true);

    const tokens = await redeem(done.url, auth);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ acr: 'idporten-loa-high', amr: ['Passport-App'], pid });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({
      pid,
      given_name: 'Åse Marie',
      family_name: 'Øvrebø-Hansen',
      name: 'Åse Marie Øvrebø-Hansen',
      birthdate: '1990-05-17',
    });

    // The next login, in a new browser: a single push.
    const again = await authorizationUrl(config);
    const b2 = new Browser();
    const wait = await submitPid(b2, await openLogin(b2, again.url), pid);
    expect(wait.step).toBeUndefined();
    const r = await phone.answerNext('approve', 5);
    expect(r?.request.type).toBe('login');
    expect(r?.reply.status).toBe(200);
    const finished = await check(b2, wait);
    expect(atRp(finished.url)).toBe(true);
    expect((await redeem(finished.url, again)).claims()).toMatchObject({ acr: 'idporten-loa-high', pid });
  });
});
