import * as client from 'openid-client';
import { authorizationUrl, loginThroughTestId, redeem } from '../support/authorize.js';
import { discover, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider } from '../support/start-provider.js';

/** Instances are stateless: everything a user or relying party holds survives a restart. */
test('sessions and tokens survive a provider restart on Redis', async () => {
  const rp = privateKeyJwtClient('restart-rp');
  const first = await startProvider({ clients: [rp.metadata] });
  const port = Number(new URL(first.issuer).port);
  let config = await discover(first.issuer, rp.metadata.client_id, await rp.auth());
  const login = await loginThroughTestId(config, { scope: 'openid offline_access', prompt: 'consent' });
  const tokens = await redeem(config, login);
  await first.stop();

  // Same port, Redis prefix and data folder (the generated development keys): a restart.
  const second = await startProvider({
    clients: [rp.metadata],
    prefix: first.prefix,
    dataDir: first.dataDir,
    port,
  });
  try {
    config = await discover(second.issuer, rp.metadata.client_id, await rp.auth());
    const sub = tokens.claims()!.sub;
    expect(await client.fetchUserInfo(config, tokens.access_token, sub)).toMatchObject({
      sub,
      pid: login.pid,
    });
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true });
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.pid).toBe(login.pid);

    // The browser's session cookie still logs the person in without a login page.
    const { url, verifier } = await authorizationUrl(
      config,
      { state: 'again', nonce: 'again' },
      { par: false },
    );
    const r = await login.browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(r.url.searchParams.get('code')).toBeTruthy();
    const again = await client.authorizationCodeGrant(config, r.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'again',
      expectedNonce: 'again',
    });
    expect(again.claims()).toMatchObject({ sub, pid: login.pid, sid: tokens.claims()!.sid });
  } finally {
    await second.cleanup();
  }
});
