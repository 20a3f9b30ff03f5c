import { Browser, formAction, formField } from '../support/browser.js';
import { pidFor } from '../support/relying-party.js';
import { nonSandboxEnv } from '../support/non-sandbox-env.js';
import { startProvider } from '../support/start-provider.js';

/** The newcomer's path after `npm start`: in-memory store, sandbox, demo client, TestID. */
describe('sandbox mode', () => {
  test('the try page logs a synthetic person in with the demo client on the in-memory store', async () => {
    const op = await startProvider({ memoryStore: true });
    try {
      const browser = new Browser({ 'accept-language': 'en' });
      const loginPage = await browser.follow(
        `${op.issuer}/sandbox/try/start?acr_values=eidas-loa-high`,
        () => false,
      );
      expect(loginPage.text).toContain('Sandbox demo service');
      expect(loginPage.text).toContain('Sandbox: test environment with synthetic people');
      const pid = pidFor('1999-09-09', true);
      const result = await browser.follow(
        new URL(formAction(loginPage.text, '/testid'), loginPage.url),
        () => false,
        {
          form: { csrf: formField(loginPage.text, 'csrf'), pid, level: 'high' },
        },
      );
      expect(result.url.pathname).toBe('/sandbox/callback');
      expect(result.status).toBe(200);
      expect(result.text).toContain('You are logged in');
      expect(result.text).toContain(pid);
      expect(result.text).toContain('eidas-loa-high');
      expect(result.text).toContain('TestID');

      const logoutHref = /href="([^"]*\/endsession\?[^"]*)"/.exec(result.text)![1]!.replace(/&amp;/g, '&');
      const confirm = await browser.follow(logoutHref, () => false);
      const done = await browser.follow(
        new URL(formAction(confirm.text, '/endsession/confirm'), confirm.url),
        () => false,
        {
          form: { xsrf: formField(confirm.text, 'xsrf'), logout: 'yes' },
        },
      );
      expect(done.url.pathname).toBe('/sandbox/logged-out');
      expect(done.text).toContain('You are logged out of the demo service');
    } finally {
      await op.stop();
    }
  });

  test('without sandbox mode there is no TestID, no demo client and no try page', async () => {
    const op = await startProvider({ env: nonSandboxEnv() });
    try {
      expect((await fetch(`${op.issuer}/sandbox/try`)).status).toBe(404);
      const params = new URLSearchParams({
        client_id: 'sandbox-demo',
        response_type: 'code',
        redirect_uri: `${op.issuer}/sandbox/callback`,
        scope: 'openid',
        state: 's',
        nonce: 'n',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      });
      const res = await fetch(`${op.issuer}/authorize?${params}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('invalid_client');
      const post = await fetch(`${op.issuer}/interaction/anything/testid`, { method: 'POST' });
      expect([404, 405]).toContain(post.status);
    } finally {
      await op.cleanup();
    }
  });
});
