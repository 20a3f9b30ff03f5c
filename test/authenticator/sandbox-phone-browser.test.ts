import type * as client from 'openid-client';
import { pino } from 'pino';
import { loadConfig } from '../../config/load-config.js';
import { createAuthenticator } from '../../src/device/create-authenticator.js';
import { systemClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import type { Browser } from 'playwright-core';
import { authorizationUrl } from '../support/authorize.js';
import { describeInBrowser, launchChromium } from '../browser/chromium.js';
import { discover, pidFor, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { issueEid } from './support/app-login.js';

const TIMEOUT = 120_000;

/**
 * In Chromium: the sandbox phone (WebCrypto P-256 key, the real app API) enrols with the
 * activation code; the login page in another tab shows its verification code and goes on by
 * itself (its polling script) through "1 of 2: enable" and "2 of 2: log in" to the relying party.
 */
describeInBrowser('in Chromium: sandbox phone + app login with double authentication', () => {
  const rp = privateKeyJwtClient('phone-rp');
  let op: RunningProvider;
  let config: client.Configuration;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    op = await startProvider({ clients: [{ ...rp.metadata, client_name: 'Demo RP' }] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await op?.cleanup();
  });

  test(
    'enrol on the phone page, approve twice, arrive at the relying party',
    async () => {
      const pid = pidFor('1991-06-06');
      const secret = await issueEid(op.app, pid);
      const context = await browser.newContext({ locale: 'en-GB' });
      // Chromium refuses the RP's port 9 (an "unsafe port"), so the redirect is read off the response.
      let callback: URL | undefined;
      context.on('response', (r) => {
        const location = r.headers().location;
        if (location?.startsWith(REDIRECT_URI)) callback = new URL(location);
      });
      const phone = await context.newPage();
      await phone.goto(`${op.issuer}/sandbox/phone`);
      await phone.fill('#pid', pid);
      await phone.fill('#activation-code', secret);
      await phone.click('#enroll');
      await phone.locator('#device-id', { hasText: 'd_' }).waitFor();

      const login = await context.newPage();
      await login.goto((await authorizationUrl(config)).url.href);
      await login.fill('#app-pid', pid);
      await login.click('#app-submit');
      await login.waitForSelector('#verification-code');
      expect(await login.textContent('#step')).toContain('1 of 2');
      const code1 = (await login.textContent('#verification-code'))!.trim();
      await phone.waitForSelector('#request:not([hidden])');
      // Enabling: the phone is not told the code; the person types what the browser shows.
      expect(await phone.isVisible('#request-code')).toBe(false);
      expect(await phone.textContent('#request-code')).toBe('');
      expect(await phone.textContent('label[for="typed-code"]')).toContain('verification code');
      expect(await phone.textContent('#rp-name')).toBe('Demo RP');
      await phone.fill('#typed-code', code1.toLowerCase());
      await phone.click('#approve');

      await login.locator('#step', { hasText: '2 of 2' }).waitFor({ timeout: 20_000 });
      const code2 = (await login.textContent('#verification-code'))!.trim();
      // A new request is showing on the phone: the one with the code the login page shows now.
      await phone.locator('#request-code', { hasText: code2 }).waitFor({ timeout: 20_000 });
      await phone.locator('#request').waitFor({ state: 'visible' });
      await phone.click('#approve');
      for (let i = 0; i < 200 && !callback; i++) await new Promise((r) => setTimeout(r, 100));
      expect(callback?.searchParams.get('code')).toBeTruthy();
      expect((await op.app.eids.get(pid))?.status).toBe('active');
      await context.close();
    },
    TIMEOUT,
  );
});

describe('sandbox phone page outside the sandbox', () => {
  test('is not mounted when SANDBOX is off; the login page script still is', () => {
    const config = { ...loadConfig({}), sandbox: false };
    const authenticator = createAuthenticator({
      config,
      redis: createRedisConnection(undefined),
      keySecret: 'k'.repeat(32),
      eids: {} as never,
      accounts: {} as never,
      audit: {} as never,
      limiter: {} as never,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      renderPage: () => '',
    });
    const mounted = (path: string) => authenticator.pageRouters.some((r) => r.match(path, 'GET').route);
    expect(mounted('/sandbox/phone')).toBe(false);
    expect(mounted('/static/device/sandbox-phone.js')).toBe(false);
    expect(mounted('/static/device/login-wait.js')).toBe(true);
  });

  test('is served in sandbox mode, with the page CSP and its script as a same-origin file', async () => {
    const op = await startProvider();
    try {
      const page = await fetch(`${op.issuer}/sandbox/phone`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await page.text();
      for (const id of [
        'pid',
        'activation-code',
        'enroll',
        'approve',
        'deny',
        'request-code',
        'typed-code',
        'device-id',
      ])
        expect(html).toContain(`id="${id}"`);
      expect(html).not.toMatch(/<script>/);
      expect((await fetch(`${op.issuer}/static/device/sandbox-phone.js`)).status).toBe(200);
    } finally {
      await op.cleanup();
    }
  });
});
