import { Redis } from 'ioredis';
import * as client from 'openid-client';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { authorizationUrl, loginThroughTestId, redeem } from '../support/authorize.js';
import { Browser, formAction, formField } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

/** What operators and security reviewers see: health, metrics, logs, headers, CSRF. */
describe('operations', () => {
  const rp = privateKeyJwtClient('ops-rp');
  const logs: string[] = [];
  let op: RunningProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata], logs });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  async function loginPage(params: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const { url } = await authorizationUrl(config, { state: 's', nonce: 'n', ...params });
    const browser = new Browser(headers);
    const page = await browser.follow(url, () => false);
    return { browser, page };
  }

  test('healthz and readyz', async () => {
    expect(await (await fetch(`${op.issuer}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${op.issuer}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', keys: 'ok' } });
  });

  test('readyz says not ready, and why, when Redis does not answer', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const original = op.app.redis.ping.bind(op.app.redis);
    op.app.redis.ping = (() => unreachable.ping()) as typeof op.app.redis.ping;
    try {
      const res = await fetch(`${op.issuer}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not-ready', checks: { redis: 'unreachable', keys: 'ok' } });
    } finally {
      op.app.redis.ping = original;
      unreachable.disconnect();
    }
  });

  test('metrics count requests by route, logins by acr and errors by code', async () => {
    await redeem(config, await loginThroughTestId(config, { acr_values: 'eidas-loa-high' }));
    await fetch(`${op.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nope' }),
    });
    const text = await (await fetch(`${op.issuer}/metrics`)).text();
    expect(text).toMatch(/eid_http_requests_total\{method="POST",route="\/token",status="200"\} [1-9]/);
    expect(text).toMatch(
      /eid_http_requests_total\{method="GET",route="\/interaction\/:uid",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /eid_http_request_duration_seconds_bucket\{le="0.5",method="POST",route="\/par"\} [1-9]/,
    );
    expect(text).toMatch(/eid_logins_total\{acr="eidas-loa-high",method="testid"\} [1-9]/);
    // The token request above has no client authentication: invalid_request.
    expect(text).toMatch(/eid_errors_total\{code="invalid_request"\} [1-9]/);
    // Labels never carry raw paths with interaction ids.
    expect(text).not.toMatch(/route="\/interaction\/[A-Za-z0-9_-]{10,}/);
  });

  test('logs are JSON lines with route patterns and no identity numbers, codes or tokens', async () => {
    const pid = pidFor('1977-07-07');
    const login = await loginThroughTestId(config, {}, { pid });
    const tokens = await redeem(config, login);
    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(5);
    for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(all).toContain('"route":"/interaction/:uid/testid"');
    expect(all).toContain('"event":"login"');
    expect(all).not.toContain(pid);
    expect(all).not.toContain(login.callback.searchParams.get('code')!);
    expect(all).not.toContain(tokens.access_token);
    expect(all).not.toContain(tokens.id_token!);
  });

  test('interaction pages: CSP without framing, no-store, CSRF token, nosniff', async () => {
    const { page } = await loginPage();
    expect(page.status).toBe(200);
    const h = page.res.headers;
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(h.get('content-security-policy')).toContain("default-src 'none'");
    expect(h.get('cache-control')).toBe('no-store');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('strict-transport-security')).toBeNull(); // http issuer: HSTS would be meaningless
    expect(formField(page.text, 'csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a form post without the right CSRF token is refused and logs nobody in', async () => {
    const { browser, page } = await loginPage({ ui_locales: 'en' });
    const action = new URL(formAction(page.text, '/testid'), page.url);
    for (const csrf of ['', 'forged-token-value-forged-token-value-forged']) {
      const r = await browser.request(action, { form: { csrf, pid: pidFor() } });
      expect(r.res.status).toBe(400);
      expect(r.res.headers.get('location')).toBeNull();
      expect(r.text).toContain('The form had expired');
    }
  });

  test('a wrong identity number gets a specific, translated message and the page again', async () => {
    const { browser, page } = await loginPage({ ui_locales: 'nb' });
    const action = new URL(formAction(page.text, '/testid'), page.url);
    const csrf = formField(page.text, 'csrf');
    const pid = pidFor();
    const typo = pid.slice(0, 10) + String((Number(pid[10]) + 1) % 10);
    const r = await browser.request(action, { form: { csrf, pid: typo } });
    expect(r.res.status).toBe(400);
    expect(r.text).toContain('Dette fødselsnummeret finnes ikke');
    expect(r.text).toContain('aria-invalid="true"');
    expect(r.text).toContain(`value="${typo}"`);
    const real = makeIdentityNumber({ birthDate: '1980-01-01', synthetic: false });
    const r2 = await browser.request(action, { form: { csrf, pid: real } });
    expect(r2.res.status).toBe(400);
    expect(r2.text).toContain('TestID godtar bare syntetiske testnumre');
  });

  test('the language switch changes the page and is remembered', async () => {
    const { browser, page } = await loginPage({}, { 'accept-language': 'en' });
    expect(page.text).toContain('<html lang="en">');
    const se = await browser.request(`${page.url.href}?lang=se`);
    expect(se.text).toContain('<html lang="se">');
    expect(se.text).toContain('Čálit sisa');
    const again = await browser.request(page.url);
    expect(again.text).toContain('<html lang="se">');
  });

  test('ui_locales from the relying party picks the page language', async () => {
    const { page } = await loginPage({ ui_locales: 'nn' }, { 'accept-language': 'en' });
    expect(page.text).toContain('<html lang="nn">');
    expect(page.text).toContain('Logg inn på Test relying party');
  });

  test('abort returns access_denied to the relying party', async () => {
    const { browser, page } = await loginPage();
    const r = await browser.follow(
      new URL(formAction(page.text, '/abort'), page.url),
      (u) => u.href.startsWith(REDIRECT_URI),
      {
        form: { csrf: formField(page.text, 'csrf') },
      },
    );
    expect(r.url.searchParams.get('error')).toBe('access_denied');
    expect(r.url.searchParams.get('state')).toBe('s');
  });

  test('an unknown or expired interaction shows a translated page, not a stack trace', async () => {
    const res = await fetch(`${op.issuer}/interaction/does-not-exist`, {
      headers: { 'accept-language': 'nn' },
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Innlogginga tok for lang tid');
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
    const missing = await fetch(`${op.issuer}/no/such/page`, { headers: { 'accept-language': 'en' } });
    expect(missing.status).toBe(404);
  });

  test('behind https (issuer https, proxy trusted) every response carries HSTS', async () => {
    const tls = await startProvider({ env: { ISSUER: 'https://eid.example.test', TRUST_PROXY: 'true' } });
    try {
      const res = await fetch(`${tls.issuer}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await tls.cleanup();
    }
  });
});
