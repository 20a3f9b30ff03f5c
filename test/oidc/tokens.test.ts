import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { authorizationUrl, loginThroughTestId, redeem } from '../support/authorize.js';
import { Browser, formAction, formField } from '../support/browser.js';
import { discover, privateKeyJwtClient, secretClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

/** What a relying party does with tokens after the login, and how the provider ends sessions. */
describe('tokens and logout', () => {
  let backchannel: Server;
  const logoutTokens: string[] = [];
  let rp: ReturnType<typeof privateKeyJwtClient>;
  const confidential = secretClient('secret-rp', { grant_types: ['authorization_code'], scope: 'openid' });
  let op: RunningProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    backchannel = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => backchannel.listen(0, '127.0.0.1', r));
    const port = (backchannel.address() as AddressInfo).port;
    rp = privateKeyJwtClient('token-rp', {
      backchannel_logout_uri: `http://127.0.0.1:${port}/backchannel-logout`,
      backchannel_logout_session_required: true,
    });
    op = await startProvider({ clients: [rp.metadata, confidential.metadata] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(async () => {
    await op.cleanup();
    backchannel.close();
  });

  test('refresh tokens rotate; the old one cannot be used again', async () => {
    const tokens = await redeem(
      config,
      await loginThroughTestId(config, { scope: 'openid offline_access', prompt: 'consent' }),
    );
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()!.pid).toBe(tokens.claims()!.pid);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // Reusing a rotated refresh token is treated as theft: the whole grant is revoked.
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  test('introspection tells an active token from a revoked one', async () => {
    const tokens = await redeem(config, await loginThroughTestId(config));
    const active = await client.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({
      active: true,
      client_id: rp.metadata.client_id,
      sub: tokens.claims()!.sub,
    });
    await client.tokenRevocation(config, tokens.access_token);
    expect(await client.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
    await expect(client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow();
  });

  test('a reused authorization code fails and revokes what the first use issued', async () => {
    const login = await loginThroughTestId(config);
    const tokens = await redeem(config, login);
    await expect(redeem(config, login)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await client.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
  });

  test('50 concurrent redemptions of one code: exactly one succeeds', async () => {
    const login = await loginThroughTestId(config);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => redeem(config, login)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as { error?: string }).error).toBe('invalid_grant');
    }
  });

  test('client_secret_basic clients log in too', async () => {
    const cfg = await discover(
      op.issuer,
      confidential.metadata.client_id,
      client.ClientSecretBasic(confidential.secret),
    );
    const tokens = await redeem(cfg, await loginThroughTestId(cfg));
    expect(tokens.claims()!.acr).toBe('idporten-loa-high');
  });

  test('RP-initiated logout ends the session and sends a back-channel logout token', async () => {
    const login = await loginThroughTestId(config);
    const tokens = await redeem(config, login);
    const sid = tokens.claims()!.sid as string;
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: rp.metadata.post_logout_redirect_uris[0]!,
      state: 'bye',
      ui_locales: 'nb',
    });
    const confirm = await login.browser.follow(endSession, () => false);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Vil du logge ut');
    const done = await login.browser.follow(
      new URL(formAction(confirm.text, '/endsession/confirm'), confirm.url),
      (u) => u.href.startsWith('http://127.0.0.1:9/'),
      { form: { xsrf: formField(confirm.text, 'xsrf'), logout: 'yes' } },
    );
    expect(done.url.href).toBe('http://127.0.0.1:9/logged-out?state=bye');

    await waitFor(() => logoutTokens.some((t) => decodeJwt(t).sid === sid));
    const logoutToken = decodeJwt(logoutTokens.find((t) => decodeJwt(t).sid === sid)!);
    expect(logoutToken).toMatchObject({
      iss: op.issuer,
      aud: rp.metadata.client_id,
      sub: tokens.claims()!.sub,
      sid,
    });
    expect(logoutToken.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });

    // The session is gone: a new authorization request asks the person to log in again.
    const { url: again } = await authorizationUrl(config, { state: 's', nonce: 'n' }, { par: false });
    const page = await login.browser.follow(again, (u) => u.href.startsWith(REDIRECT_URI));
    expect(page.url.pathname).toMatch(/^\/interaction\//);
  });
});

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
// Silence unused import in some TS configs.
void Browser;
