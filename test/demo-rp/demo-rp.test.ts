import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { SANDBOX_DEMO_RP_CLIENT_ID } from '../../src/oidc/sandbox-demo-rp-client.js';
import { startDemoStack, type DemoStack } from '../browser/start-demo-stack.js';
import { Browser, formAction, formField } from '../support/browser.js';
import { pidFor } from '../support/relying-party.js';

const EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };

let stack: DemoStack;
beforeAll(async () => {
  stack = await startDemoStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** The demo RP's page as a browser sees it after "Logg inn" and the TestID form. */
async function logIn(pid = pidFor()) {
  const browser = new Browser();
  const never = () => false;
  // Browser posts only a non-empty form; the demo RP ignores the body of /login.
  const login = await browser.follow(`${stack.rpUrl}/login`, never, { form: { go: '1' } });
  expect(login.url.pathname).toMatch(/^\/interaction\//);
  const page = await browser.follow(new URL(formAction(login.text, '/testid'), login.url), never, {
    form: { csrf: formField(login.text, 'csrf'), pid, level: 'high' },
  });
  return { browser, page, pid };
}

const claim = (html: string, name: string) =>
  new RegExp(`data-claim="${name}"><th scope="row"><code>${name}</code></th><td><code>([^<]*)</code>`).exec(
    html,
  )?.[1];

/** A logout token as the provider would sign it (its own development key), with `changes`. */
async function logoutToken(changes: Record<string, unknown> = {}, key?: { jwk: JWK; kid: string }) {
  const providerKeys = JSON.parse(
    readFileSync(join(stack.provider.dataDir, 'signing-keys.jwks.json'), 'utf8'),
  ) as { keys: JWK[] };
  const rsa = providerKeys.keys.find((k) => k.kty === 'RSA')!;
  const signWith = key ?? { jwk: rsa, kid: rsa.kid! };
  const claims: Record<string, unknown> = {
    iss: stack.provider.issuer,
    aud: SANDBOX_DEMO_RP_CLIENT_ID,
    jti: randomUUID(),
    events: EVENT,
    ...changes,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signWith.kid, typ: 'logout+jwt' })
    .setIssuedAt()
    .sign(await importJWK(signWith.jwk, 'RS256'));
}

const postLogoutToken = (token: string) =>
  fetch(`${stack.rpUrl}/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });

const stillLoggedIn = async (browser: Browser) =>
  (await browser.request(`${stack.rpUrl}/`)).text.includes('data-claim="pid"');

describe('demo relying party', () => {
  test('shows a log-in page in Norwegian, with an English version', async () => {
    const nb = await new Browser().request(`${stack.rpUrl}/`);
    expect(nb.text).toContain('<html lang="nb">');
    expect(nb.text).toContain('Logg inn');
    const en = await new Browser().request(`${stack.rpUrl}/?lang=en`);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Log in');
  });

  test('logs in with PAR, PKCE and private_key_jwt at idporten-loa-high and shows claims and userinfo', async () => {
    const { page, pid } = await logIn();
    expect(page.status).toBe(200);
    expect(page.url.href).toBe(`${stack.rpUrl}/`);
    expect(claim(page.text, 'acr')).toBe('idporten-loa-high');
    expect(claim(page.text, 'pid')).toBe(pid);
    expect(claim(page.text, 'amr')).toBe('TestID');
    expect(claim(page.text, 'sid')).toBeTruthy();
    expect(page.text).toMatch(/id="userinfo-heading"/);
  });

  test('RP-initiated logout ends both sessions; the provider back-channel token is accepted', async () => {
    const { browser, page } = await logIn();
    const confirm = await browser.follow(`${stack.rpUrl}/logout`, () => false, {
      form: { csrf: formField(page.text, 'csrf') },
    });
    expect(confirm.url.pathname).toBe('/endsession');
    const done = await browser.follow(
      new URL(formAction(confirm.text, '/endsession/confirm'), confirm.url),
      () => false,
      {
        form: { xsrf: formField(confirm.text, 'xsrf'), logout: 'yes' },
      },
    );
    expect(done.url.href).toMatch(new RegExp(`^${stack.rpUrl}/logged-out`));
    expect(done.text).toContain('Du er logget ut');
    expect(await stillLoggedIn(browser)).toBe(false);
  });

  test('a logout from the provider alone ends the demo RP session over the back channel', async () => {
    const { browser } = await logIn();
    expect(await stillLoggedIn(browser)).toBe(true);
    // Log out at the provider without the RP (as another service's logout would).
    const confirm = await browser.follow(`${stack.provider.issuer}/endsession`, () => false);
    await browser.follow(new URL(formAction(confirm.text, '/endsession/confirm'), confirm.url), () => false, {
      form: { xsrf: formField(confirm.text, 'xsrf'), logout: 'yes' },
    });
    const until = Date.now() + 3000;
    while ((await stillLoggedIn(browser)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await stillLoggedIn(browser)).toBe(false);
  });

  describe('back-channel logout token verification', () => {
    test('a valid token ends exactly the session it names; its replay is refused', async () => {
      const a = await logIn();
      const b = await logIn();
      const token = await logoutToken({ sid: claim(a.page.text, 'sid') });
      const res = await postLogoutToken(token);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await stillLoggedIn(a.browser)).toBe(false);
      expect(await stillLoggedIn(b.browser)).toBe(true);

      const replay = await postLogoutToken(token);
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({ error: 'invalid_request' });
    });

    test.each<[string, () => Promise<string>]>([
      [
        'a wrong signature (another key under the provider key id)',
        async () => {
          const providerKid = (
            JSON.parse(readFileSync(join(stack.provider.dataDir, 'signing-keys.jwks.json'), 'utf8')) as {
              keys: JWK[];
            }
          ).keys.find((k) => k.kty === 'RSA')!.kid!;
          const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
            format: 'jwk',
          });
          return logoutToken({ sid: currentSid }, { jwk: other as JWK, kid: providerKid });
        },
      ],
      ['a wrong audience', () => logoutToken({ sid: currentSid, aud: 'another-client' })],
      ['a wrong issuer', () => logoutToken({ sid: currentSid, iss: 'http://127.0.0.1:1' })],
      ['no events claim', () => logoutToken({ sid: currentSid, events: undefined })],
      [
        'an events claim without the back-channel logout event',
        () => logoutToken({ sid: currentSid, events: {} }),
      ],
      ['a nonce (an id token is not a logout token)', () => logoutToken({ sid: currentSid, nonce: 'n' })],
      ['neither sid nor sub', () => logoutToken({})],
      ['no jti', () => logoutToken({ sid: currentSid, jti: undefined })],
    ])('refuses %s and keeps the session', async (_name, make) => {
      const { browser, page } = await logIn();
      currentSid = claim(page.text, 'sid');
      const res = await postLogoutToken(await make());
      expect(res.status).toBe(400);
      expect(await stillLoggedIn(browser)).toBe(true);
    });
  });
});

let currentSid: string | undefined;
