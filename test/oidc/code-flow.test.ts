import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { Browser } from '../support/browser.js';
import { loginThroughTestId } from '../support/authorize.js';
import {
  discover,
  pidFor,
  privateKeyJwtClient,
  REDIRECT_URI,
  testIdLogin,
} from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

/**
 * A relying party (openid-client) logs a person in through the sandbox TestID login with the
 * profile ID-porten clients use: PAR + PKCE + private_key_jwt, DPoP-bound tokens.
 */
describe('authorization code flow', () => {
  const rp = privateKeyJwtClient('nav-like');
  const other = privateKeyJwtClient('other-rp');
  const es256 = privateKeyJwtClient('es256-rp', {
    id_token_signed_response_alg: 'ES256',
    authorization_signed_response_alg: 'PS256',
  });
  let op: RunningProvider;
  let config: client.Configuration;

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata, other.metadata, es256.metadata] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  const login = (
    params: Record<string, string> = {},
    opts: { config?: client.Configuration; dpop?: client.DPoPHandle; browser?: Browser } = {},
  ) => loginThroughTestId(opts.config ?? config, params, opts);

  test('discovery states the claim profile', async () => {
    const m = config.serverMetadata();
    expect(m.issuer).toBe(op.issuer);
    expect(m.response_types_supported).toEqual(['code']);
    expect(m.code_challenge_methods_supported).toEqual(['S256']);
    expect(m.acr_values_supported).toEqual([
      'idporten-loa-high',
      'idporten-loa-substantial',
      'eidas-loa-high',
      'eidas-loa-substantial',
    ]);
    expect(m.ui_locales_supported).toEqual(['nb', 'nn', 'en', 'se']);
    expect(m.subject_types_supported).toContain('pairwise');
    expect(m.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['private_key_jwt', 'client_secret_basic', 'client_secret_post']),
    );
    expect(m.id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['RS256', 'PS256', 'ES256']),
    );
    expect(m.pushed_authorization_request_endpoint).toBe(`${op.issuer}/par`);
    expect(m.request_parameter_supported).toBe(true);
    expect(m.authorization_response_iss_parameter_supported).toBe(true);
    expect(m.dpop_signing_alg_values_supported).toContain('ES256');
    expect(m.response_modes_supported).toEqual(expect.arrayContaining(['query', 'jwt']));
    expect(m.introspection_endpoint).toBeDefined();
    expect(m.revocation_endpoint).toBeDefined();
    expect(m.end_session_endpoint).toBe(`${op.issuer}/endsession`);
    expect(m.backchannel_logout_supported).toBe(true);
    expect(m.claims_supported).toEqual(expect.arrayContaining(['pid', 'locale', 'amr', 'acr', 'sid']));
    const jwks = (await (await fetch(m.jwks_uri!)).json()) as { keys: { kty: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kty).sort()).toEqual(['EC', 'RSA']);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  test('PAR + PKCE + private_key_jwt + DPoP gives the ID-porten id token', async () => {
    const dpop = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const { callback, verifier, state, nonce, pid } = await login({ ui_locales: 'nn' }, { dpop });
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    const tokens = await client.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
      undefined,
      { DPoP: dpop },
    );
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    const claims = tokens.claims()!;
    expect(claims.pid).toBe(pid);
    expect(claims.acr).toBe('idporten-loa-high');
    expect(claims.amr).toEqual(['TestID']);
    expect(claims.locale).toBe('nn');
    expect(typeof claims.sid).toBe('string');
    expect(claims.sub).not.toBe(pid);
    expect(decodeJwt(tokens.id_token!)).toMatchObject({ aud: rp.metadata.client_id, iss: op.issuer });
    const { alg } = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString());
    expect(alg).toBe('RS256');

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP: dpop });
    expect(userinfo).toMatchObject({ sub: claims.sub, pid, locale: 'nn' });
    // A DPoP-bound token is useless without the key.
    await expect(client.fetchUserInfo(config, tokens.access_token, claims.sub)).rejects.toThrow();
  });

  test('sub is pairwise: the same person gets different subs at different clients', async () => {
    const a = await login();
    const ta = await client.authorizationCodeGrant(config, a.callback, {
      pkceCodeVerifier: a.verifier,
      expectedState: a.state,
      expectedNonce: a.nonce,
    });
    const otherConfig = await discover(op.issuer, other.metadata.client_id, await other.auth());
    // Same browser, so the second client gets the person's existing session (single sign-on).
    const b = await login({}, { config: otherConfig, browser: a.browser });
    const tb = await client.authorizationCodeGrant(otherConfig, b.callback, {
      pkceCodeVerifier: b.verifier,
      expectedState: b.state,
      expectedNonce: b.nonce,
    });
    expect(ta.claims()!.pid).toBe(tb.claims()!.pid);
    expect(ta.claims()!.sub).not.toBe(tb.claims()!.sub);
  });

  test('a client can have ES256 id tokens and JARM (signed authorization responses)', async () => {
    const cfg = await discover(op.issuer, es256.metadata.client_id, await es256.auth());
    client.useJwtResponseMode(cfg);
    const r = await loginThroughTestId(cfg, { response_mode: 'jwt' });
    expect(r.callback.searchParams.get('response')).toBeTruthy();
    expect(r.callback.searchParams.get('code')).toBeNull();
    const tokens = await client.authorizationCodeGrant(cfg, r.callback, {
      pkceCodeVerifier: r.verifier,
      expectedState: r.state,
      expectedNonce: r.nonce,
    });
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()).alg).toBe(
      'ES256',
    );
    expect(tokens.claims()!.acr).toBe('idporten-loa-high');
  });

  test('a request object by value (signed with the client key) is accepted', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const { privateKey } = rp;
    const key = await crypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ format: 'der', type: 'pkcs8' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const url = await client.buildAuthorizationUrlWithJAR(
      config,
      {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: 'jar-state',
        nonce: 'jar-nonce',
        acr_values: 'eidas-loa-substantial',
      },
      { key, kid: 'rp-key-1' },
    );
    expect(url.searchParams.get('request')).toBeTruthy();
    const { callback } = await testIdLogin(new Browser(), url, pidFor());
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: 'jar-state',
      expectedNonce: 'jar-nonce',
    });
    expect(tokens.claims()!.acr).toBe('eidas-loa-high');
  });
});
