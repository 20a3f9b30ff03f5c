import * as client from 'openid-client';
import { authorizationUrl, loginThroughTestId, redeem } from '../support/authorize.js';
import { Browser, formAction, formField } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

/** "A higher level satisfies a lower request; an unsatisfiable request is an error." */
describe('levels of assurance (acr)', () => {
  const rp = privateKeyJwtClient('acr-rp');
  const eidasRp = privateKeyJwtClient('eidas-rp');
  let op: RunningProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata, eidasRp.metadata] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  test('no acr_values gives idporten-loa-high', async () => {
    const tokens = await redeem(config, await loginThroughTestId(config));
    expect(tokens.claims()!.acr).toBe('idporten-loa-high');
  });

  test('acr_values=eidas-loa-high is answered in the eIDAS vocabulary', async () => {
    const tokens = await redeem(config, await loginThroughTestId(config, { acr_values: 'eidas-loa-high' }));
    expect(tokens.claims()!.acr).toBe('eidas-loa-high');
  });

  test('a request for substantial is met by a high authentication, and says so', async () => {
    const tokens = await redeem(
      config,
      await loginThroughTestId(config, { acr_values: 'idporten-loa-substantial' }),
    );
    expect(tokens.claims()!.acr).toBe('idporten-loa-high');
  });

  test('a substantial login for a substantial request is issued as substantial', async () => {
    const r = await loginThroughTestId(
      config,
      { acr_values: 'eidas-loa-substantial' },
      { level: 'substantial' },
    );
    expect((await redeem(config, r)).claims()!.acr).toBe('eidas-loa-substantial');
  });

  test('an unsatisfiable acr request is an error at the relying party, not a login', async () => {
    const { url } = await authorizationUrl(config, {
      state: 'st',
      nonce: 'nn',
      acr_values: 'urn:example:level-9',
    });
    const browser = new Browser();
    const r = await browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(r.url.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(r.url.searchParams.get('state')).toBe('st');
    expect(r.url.searchParams.get('code')).toBeNull();
  });

  test('a lower authentication for a high request is refused on the page, never downgraded', async () => {
    const { url } = await authorizationUrl(config, {
      state: 'st',
      nonce: 'nn',
      acr_values: 'idporten-loa-high',
      ui_locales: 'en',
    });
    const browser = new Browser();
    const page = await browser.follow(url, () => false);
    const answer = await browser.request(new URL(formAction(page.text, '/testid'), page.url), {
      form: { csrf: formField(page.text, 'csrf'), pid: pidFor(), level: 'substantial' },
    });
    expect(answer.res.status).toBe(400);
    expect(answer.res.headers.get('location')).toBeNull();
    expect(answer.text).toContain('requires a higher level of assurance');
  });

  test('single sign-on re-issues the session in the vocabulary the next client asks for', async () => {
    const first = await loginThroughTestId(config, {});
    expect((await redeem(config, first)).claims()!.acr).toBe('idporten-loa-high');
    const eidasConfig = await discover(op.issuer, eidasRp.metadata.client_id, await eidasRp.auth());
    // Same browser, no second TestID form: the existing high session satisfies eidas-loa-high.
    const { url, verifier } = await authorizationUrl(eidasConfig, {
      state: 'st2',
      nonce: 'nn2',
      acr_values: 'eidas-loa-high',
    });
    const r = await first.browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(r.url.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(eidasConfig, r.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'st2',
      expectedNonce: 'nn2',
    });
    expect(tokens.claims()).toMatchObject({ acr: 'eidas-loa-high', pid: first.pid, amr: ['TestID'] });
  });

  test('a substantial session is not enough for a later high request: the user logs in again', async () => {
    const first = await loginThroughTestId(
      config,
      { acr_values: 'idporten-loa-substantial' },
      { level: 'substantial' },
    );
    await redeem(config, first);
    const { url } = await authorizationUrl(config, {
      state: 's3',
      nonce: 'n3',
      acr_values: 'idporten-loa-high',
    });
    const page = await first.browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(page.url.pathname).toMatch(/^\/interaction\//);
    expect(page.text).toContain('name="pid"');
  });

  test('re-issuing in the other vocabulary keeps auth_time and works with prompt=none', async () => {
    const first = await loginThroughTestId(config, {});
    const original = (await redeem(config, first)).claims()!;
    await new Promise((r) => setTimeout(r, 2100));
    const eidasConfig = await discover(op.issuer, eidasRp.metadata.client_id, await eidasRp.auth());
    const { url, verifier } = await authorizationUrl(eidasConfig, {
      state: 's4',
      nonce: 'n4',
      acr_values: 'eidas-loa-high',
      prompt: 'none',
    });
    const r = await first.browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(r.url.searchParams.get('error')).toBeNull();
    const again = await client.authorizationCodeGrant(eidasConfig, r.url, {
      pkceCodeVerifier: verifier,
      expectedState: 's4',
      expectedNonce: 'n4',
    });
    expect(again.claims()).toMatchObject({ acr: 'eidas-loa-high', auth_time: original.auth_time });
    // max_age shorter than the time since the real login asks for a new login.
    const { url: url2 } = await authorizationUrl(config, { acr_values: 'idporten-loa-high', max_age: '1' });
    const page = await first.browser.follow(url2, (u) => u.href.startsWith(REDIRECT_URI));
    expect(page.url.pathname).toMatch(/^\/interaction\//);
  });
});
