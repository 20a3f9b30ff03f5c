import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { Redis } from 'ioredis';
import * as client from 'openid-client';
import { Browser } from '../support/browser.js';
import { discover, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, TEST_REDIS_URL, type RunningProvider } from '../support/start-provider.js';

/** Requests a relying party gets wrong: each gets the right OAuth error and stores nothing. */
describe('bad requests', () => {
  const rp = privateKeyJwtClient('strict-rp');
  let op: RunningProvider;
  let redis: Redis;

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata] });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await op.cleanup();
  });

  const keysStored = async () => (await redis.keys(`${op.prefix}:*`)).length;

  async function assertion(
    key: KeyObject,
    claims: { aud?: string; exp?: number; jti?: string; iat?: number } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: claims.jti ?? randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'rp-key-1' })
      .setIssuer(rp.metadata.client_id)
      .setSubject(rp.metadata.client_id)
      .setAudience(claims.aud ?? op.issuer)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 60)
      .sign(key);
  }

  const goodParams = () => ({
    client_id: rp.metadata.client_id,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state: 'st',
    nonce: 'nn',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });

  async function par(
    body: Record<string, string> | string,
    contentType = 'application/x-www-form-urlencoded',
  ) {
    const res = await fetch(`${op.issuer}/par`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : new URLSearchParams(body),
    });
    return { status: res.status, body: (await res.json()) as { error: string; error_description?: string } };
  }

  const withAssertion = async (params: Record<string, string>, claims = {}) => ({
    ...params,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await assertion(rp.privateKey, claims),
  });

  test('the request built here is accepted (so the refusals below are about one thing each)', async () => {
    const r = await par(await withAssertion(goodParams()));
    expect(r.status).toBe(201);
  });

  test('wrong redirect_uri', async () => {
    const before = await keysStored();
    const r = await par(await withAssertion({ ...goodParams(), redirect_uri: 'https://evil.example/cb' }));
    // RFC 9126 §2.3: the PAR endpoint answers invalid_request for a redirect_uri it will not use.
    expect(r).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: "redirect_uri did not match any of the client's registered redirect_uris",
      },
    });
    expect(await keysStored()).toBe(before + 1); // only the replay record of the used assertion
  });

  test('wrong redirect_uri at /authorize shows an error page and never redirects there', async () => {
    const params = new URLSearchParams({ ...goodParams(), redirect_uri: 'https://evil.example/cb' });
    const res = await fetch(`${op.issuer}/authorize?${params}`, {
      redirect: 'manual',
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).toContain('invalid_redirect_uri');
  });

  test('missing PKCE', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = goodParams();
    const r = await par(await withAssertion(noPkce));
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_request');
    expect(r.body.error_description).toMatch(/PKCE/);
  });

  test('plain PKCE', async () => {
    const r = await par(await withAssertion({ ...goodParams(), code_challenge_method: 'plain' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_request');
    expect(r.body.error_description).toMatch(/code_challenge_method/);
  });

  test('client assertion for the wrong audience', async () => {
    const before = await keysStored();
    const r = await par(await withAssertion(goodParams(), { aud: 'https://someone-else.example' }));
    expect(r).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await keysStored()).toBe(before);
  });

  test('expired client assertion', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const r = await par(await withAssertion(goodParams(), { iat: past - 60, exp: past }));
    expect(r).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  test('client assertion signed by another key', async () => {
    const stranger = privateKeyJwtClient('stranger');
    const body = {
      ...goodParams(),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(stranger.privateKey),
    };
    expect(await par(body)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  test('reused client assertion (same jti)', async () => {
    const jti = randomUUID();
    const first = await par(await withAssertion(goodParams(), { jti }));
    expect(first.status).toBe(201);
    const again = await par(await withAssertion(goodParams(), { jti }));
    expect(again).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  test('the same client assertion sent twice at once: exactly one is accepted', async () => {
    const body = await withAssertion(goodParams());
    const results = await Promise.all(Array.from({ length: 20 }, () => par(body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401 && r.body.error === 'invalid_client')).toHaveLength(19);
  });

  test('malformed PAR body', async () => {
    const before = await keysStored();
    expect(await par('{"client_id":"strict-rp"}', 'application/json')).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description:
          'only application/x-www-form-urlencoded content-type bodies are supported on POST /par',
      },
    });
    expect(await par('%%%=%', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'no client authentication mechanism provided' },
    });
    const dup = `${new URLSearchParams(await withAssertion(goodParams()))}&scope=openid`;
    expect(await par(dup)).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: "'scope' parameter must not be provided twice" },
    });
    // Nothing stored but the replay record of the one assertion that was checked.
    expect(await keysStored()).toBeLessThanOrEqual(before + 1);
  });

  test('oversize PAR request', async () => {
    const before = await keysStored();
    const r = await par(await withAssertion({ ...goodParams(), login_hint: 'x'.repeat(70 * 1024) }));
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await keysStored()).toBe(before);
  });

  test('missing state or nonce is reported to the relying party', async () => {
    const config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
    for (const missing of ['state', 'nonce'] as const) {
      const params: Record<string, string> = { ...goodParams() };
      delete params[missing];
      delete params.client_id;
      const url = await client.buildAuthorizationUrlWithPAR(config, params);
      const r = await new Browser().follow(url, (u) => u.href.startsWith(REDIRECT_URI));
      expect(r.url.searchParams.get('error')).toBe('invalid_request');
      expect(r.url.searchParams.get('error_description')).toBe(`${missing} is required`);
    }
  });

  test('response_type other than code is refused', async () => {
    const r = await par(await withAssertion({ ...goodParams(), response_type: 'id_token' }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/unsupported_response_type|invalid_request|unauthorized_client/);
  });
});
