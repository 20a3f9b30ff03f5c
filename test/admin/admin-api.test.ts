import * as client from 'openid-client';
import { hashAdminSecret } from '../../src/admin/admin-secret.js';
import { loginThroughTestId, redeem } from '../support/authorize.js';
import { discover, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

const ADMIN = { name: 'ops', secret: 'correct horse battery staple' };
const SUPPORT = { name: 'helpdesk', secret: 'support secret phrase' };
const credentials = `${ADMIN.name}:admin:${hashAdminSecret(ADMIN.secret)},${SUPPORT.name}:support:${hashAdminSecret(SUPPORT.secret)}`;
const basic = (who: { name: string; secret: string }) =>
  `Basic ${Buffer.from(`${who.name}:${who.secret}`).toString('base64')}`;

/** Onboarding relying parties through /admin/v1, as an administrator and as support staff. */
describe('admin API: clients', () => {
  let op: RunningProvider;
  let second: RunningProvider;

  beforeAll(async () => {
    op = await startProvider({ env: { ADMIN_CREDENTIALS: credentials } });
    // Another instance on the same Redis and DATA_DIR (so the same generated secrets, among them
    // the adapter's keySecret), as behind a load balancer.
    second = await startProvider({
      env: { ADMIN_CREDENTIALS: credentials },
      prefix: op.prefix,
      dataDir: op.dataDir,
    });
  });
  afterAll(async () => {
    await second.stop();
    await op.cleanup();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    who: { name: string; secret: string } | null = ADMIN,
    base = op.issuer,
  ) => {
    const res = await fetch(`${base}/admin/v1${path}`, {
      method,
      headers: {
        ...(who ? { authorization: basic(who) } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };

  test('create, read, list, update, rotate, delete: a round trip', async () => {
    const created = await call('POST', '/clients', {
      client_id: 'crud-rp',
      client_name: 'CRUD service',
      redirect_uris: ['https://crud.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_id: 'crud-rp',
      client_name: 'CRUD service',
      subject_type: 'pairwise',
    });
    expect(created.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const read = await call('GET', '/clients/crud-rp');
    expect(read.body).toMatchObject({ client_id: 'crud-rp', redirect_uris: ['https://crud.example/cb'] });
    expect(read.body.client_secret).toBeUndefined();

    expect(
      (await call('GET', '/clients')).body.clients.map((c: { client_id: string }) => c.client_id),
    ).toContain('crud-rp');

    const updated = await call('PUT', '/clients/crud-rp', {
      client_name: 'CRUD service v2',
      redirect_uris: ['https://crud.example/cb2'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(updated.status).toBe(200);
    expect((await call('GET', '/clients/crud-rp')).body).toMatchObject({
      client_name: 'CRUD service v2',
      redirect_uris: ['https://crud.example/cb2'],
    });

    const rotated = await call('POST', '/clients/crud-rp/rotate-secret');
    expect(rotated.body.client_secret).not.toBe(created.body.client_secret);

    expect((await call('DELETE', '/clients/crud-rp')).status).toBe(204);
    expect((await call('GET', '/clients/crud-rp')).status).toBe(404);
    expect((await call('DELETE', '/clients/crud-rp')).status).toBe(404);
  });

  test('a client created through the API logs a person in at once, on every instance', async () => {
    const rp = privateKeyJwtClient('api-rp');
    // A native app: the only kind that may use a loopback http redirect URI, as the tests do.
    const created = await call('POST', '/clients', {
      ...rp.metadata,
      application_type: 'native',
      post_logout_redirect_uris: undefined,
    });
    expect(created.status).toBe(201);
    for (const instance of [op, second]) {
      const config = await discover(instance.issuer, 'api-rp', await rp.auth());
      const tokens = await redeem(config, await loginThroughTestId(config));
      expect(tokens.claims()).toMatchObject({ acr: 'idporten-loa-high', amr: ['TestID'] });
    }
  });

  test('a rotated secret works and the old one stops working, on every instance', async () => {
    const created = await call('POST', '/clients', {
      client_id: 'secret-rp',
      redirect_uris: [REDIRECT_URI.replace('http://127.0.0.1:9', 'https://rp.example')],
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(created.status).toBe(201);
    const old = created.body.client_secret as string;
    const introspect = (base: string, secret: string) =>
      fetch(`${base}/introspect`, {
        method: 'POST',
        body: new URLSearchParams({ token: 'x', client_id: 'secret-rp', client_secret: secret }),
      });
    expect((await introspect(second.issuer, old)).status).toBe(200);
    const fresh = (await call('POST', '/clients/secret-rp/rotate-secret')).body.client_secret as string;
    expect((await introspect(second.issuer, old)).status).toBe(401);
    expect((await introspect(second.issuer, fresh)).status).toBe(200);
  });

  test.each([
    [
      'an http redirect on a public host',
      { redirect_uris: ['http://rp.example/cb'] },
      'invalid_redirect_uri',
      'redirect_uris.0',
    ],
    [
      'a loopback http redirect for a web app',
      { redirect_uris: ['http://127.0.0.1:8080/cb'] },
      'invalid_redirect_uri',
      'redirect_uris.0',
    ],
    [
      'a fragment',
      { redirect_uris: ['https://rp.example/cb#frag'] },
      'invalid_redirect_uri',
      'redirect_uris.0',
    ],
    [
      'an EC key for private_key_jwt',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] },
      },
      'invalid_client_metadata',
      'jwks.keys.0',
    ],
    [
      'six keys',
      {
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: Array(6).fill({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }) },
      },
      'invalid_client_metadata',
      'jwks.keys',
    ],
    [
      'private_key_jwt without keys',
      { token_endpoint_auth_method: 'private_key_jwt' },
      'invalid_client_metadata',
      'jwks',
    ],
    ['an unknown scope', { scope: 'openid email' }, 'invalid_client_metadata', 'scope'],
    [
      'a client secret chosen by the caller',
      { client_secret: 'x'.repeat(40) },
      'invalid_client_metadata',
      'client_secret',
    ],
    [
      'an unknown acr value',
      { default_acr_values: ['level-9'] },
      'invalid_client_metadata',
      'default_acr_values.0',
    ],
    ['an unknown field', { colour: 'blue' }, 'invalid_client_metadata', 'colour'],
    ['a public subject type', { subject_type: 'public' }, 'invalid_client_metadata', 'subject_type'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_what, change, error, field) => {
    const before = (await call('GET', '/clients')).body.clients.length;
    const r = await call('POST', '/clients', { redirect_uris: ['https://rp.example/cb'], ...change });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe(error);
    expect(r.body.error_description).toContain(field);
    expect((await call('GET', '/clients')).body.clients.length).toBe(before);
  });

  test('the ID-porten broker preset', async () => {
    const r = await call('POST', '/clients', {
      preset: 'idporten-broker',
      client_id: 'idporten',
      redirect_uris: ['https://login.idporten.example/callback/passport-eid'],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      client_name: 'ID-porten',
      token_endpoint_auth_method: 'client_secret_basic',
      require_pushed_authorization_requests: true,
      default_acr_values: ['idporten-loa-high'],
    });
    expect(r.body.client_secret).toBeTruthy();
    const config = await discover(op.issuer, 'idporten', client.ClientSecretBasic(r.body.client_secret));
    // PAR is required for this client: a plain authorization request is refused.
    const plain = client.buildAuthorizationUrl(config, {
      redirect_uri: 'https://login.idporten.example/callback/passport-eid',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 's',
      nonce: 'n',
    });
    const res = await fetch(plain, { redirect: 'manual' });
    expect(res.headers.get('location') ?? '').toContain('error=invalid_request');
    expect(
      (await call('POST', '/clients', { preset: 'nope', redirect_uris: ['https://x.example/cb'] })).body
        .error_description,
    ).toContain('preset');
  });

  test('anonymous and wrong credentials get 401; the support role reads but cannot change', async () => {
    const anonymous = await call('GET', '/clients', undefined, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
    expect((await call('GET', '/clients', undefined, { name: ADMIN.name, secret: 'wrong' })).status).toBe(
      401,
    );
    expect((await call('GET', '/clients', undefined, { name: 'nobody', secret: 'x' })).status).toBe(401);

    expect((await call('GET', '/clients', undefined, SUPPORT)).status).toBe(200);
    const denied = await call('POST', '/clients', { redirect_uris: ['https://rp.example/cb'] }, SUPPORT);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('forbidden');
    expect((await call('POST', '/clients/x/rotate-secret', undefined, SUPPORT)).status).toBe(403);
    expect((await call('GET', '/audit', undefined, SUPPORT)).status).toBe(403);
  });

  test('every call is audited: who, what, on what, outcome', async () => {
    await call('POST', '/clients', { client_id: 'audited-rp', redirect_uris: ['https://a.example/cb'] });
    await call('POST', '/clients', { redirect_uris: ['https://a.example/cb'] }, SUPPORT);
    await call('GET', '/clients', undefined, null);
    const { entries } = (await call('GET', '/audit?count=10')).body as { entries: Record<string, string>[] };
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'ops',
          role: 'admin',
          action: 'client.create',
          target: 'audited-rp',
          outcome: 'ok',
        }),
        expect.objectContaining({
          actor: 'helpdesk',
          role: 'support',
          action: 'client.create',
          outcome: 'forbidden',
        }),
        expect.objectContaining({ actor: 'anonymous', outcome: 'unauthorized' }),
      ]),
    );
    for (const e of entries) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('clients from the clients file cannot be changed through the API', async () => {
    const withFile = await startProvider({
      env: { ADMIN_CREDENTIALS: credentials },
      clients: [privateKeyJwtClient('file-rp').metadata],
    });
    try {
      const r = await call(
        'POST',
        '/clients',
        { client_id: 'file-rp', redirect_uris: ['https://x.example/cb'] },
        ADMIN,
        withFile.issuer,
      );
      expect(r.status).toBe(409);
      const put = await call(
        'PUT',
        '/clients/file-rp',
        { redirect_uris: ['https://x.example/cb'] },
        ADMIN,
        withFile.issuer,
      );
      expect(put).toMatchObject({ status: 409, body: { error: 'client.static' } });
      expect((await call('DELETE', '/clients/file-rp', undefined, ADMIN, withFile.issuer)).body.error).toBe(
        'client.static',
      );
      expect(
        (await call('POST', '/clients/file-rp/rotate-secret', undefined, ADMIN, withFile.issuer)).body.error,
      ).toBe('client.static');
    } finally {
      await withFile.cleanup();
    }
  });
});

/** RFC 7591 / 7592 through oidc-provider, with this provider's metadata rules in front. */
describe('dynamic client registration', () => {
  const register = (base: string, body: unknown, token?: string) =>
    fetch(`${base}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  test('is off by default', async () => {
    const op = await startProvider();
    try {
      expect((await register(op.issuer, { redirect_uris: ['https://rp.example/cb'] })).status).toBe(404);
      const discovery = (await (
        await fetch(`${op.issuer}/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(discovery.registration_endpoint).toBeUndefined();
    } finally {
      await op.cleanup();
    }
  });

  test('open registration applies the same rules, and the registration can be read back (RFC 7592)', async () => {
    const op = await startProvider({ env: { DYNAMIC_REGISTRATION: 'open' } });
    try {
      const bad = await register(op.issuer, { redirect_uris: ['http://rp.example/cb'] });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'invalid_redirect_uri' });
      // The rules hold however the path is spelled (oidc-provider's router ignores case).
      for (const path of ['/Register', '/REGISTER']) {
        const r = await fetch(`${op.issuer}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            redirect_uris: ['https://rp.example/cb'],
            jwks_uri: 'http://169.254.169.254/latest',
          }),
        });
        expect(r.status).toBe(400);
        expect(await r.json()).toMatchObject({ error: 'invalid_client_metadata' });
      }
      const publicSub = await register(op.issuer, {
        redirect_uris: ['https://rp.example/cb'],
        subject_type: 'public',
      });
      expect(publicSub.status).toBe(400);
      const res = await register(op.issuer, {
        redirect_uris: ['https://rp.example/cb'],
        client_name: 'Self-registered',
      });
      expect(res.status).toBe(201);
      const reg = (await res.json()) as {
        client_id: string;
        client_secret: string;
        registration_access_token: string;
        registration_client_uri: string;
      };
      expect(reg.client_secret).toBeTruthy();
      const readBack = await fetch(reg.registration_client_uri, {
        headers: { authorization: `Bearer ${reg.registration_access_token}` },
      });
      expect(readBack.status).toBe(200);
      expect(await readBack.json()).toMatchObject({
        client_id: reg.client_id,
        client_name: 'Self-registered',
      });
    } finally {
      await op.cleanup();
    }
  });

  test('with initial access tokens: refused without one, accepted with one from the admin API', async () => {
    const op = await startProvider({
      env: { DYNAMIC_REGISTRATION: 'initial-access-token', ADMIN_CREDENTIALS: credentials },
    });
    try {
      const without = await register(op.issuer, { redirect_uris: ['https://rp.example/cb'] });
      expect(without.status).toBe(401);
      const iat = await fetch(`${op.issuer}/admin/v1/initial-access-tokens`, {
        method: 'POST',
        headers: { authorization: basic(ADMIN) },
      });
      expect(iat.status).toBe(201);
      const { initial_access_token } = (await iat.json()) as { initial_access_token: string };
      const withToken = await register(
        op.issuer,
        { redirect_uris: ['https://rp.example/cb'] },
        initial_access_token,
      );
      expect(withToken.status).toBe(201);
      expect(
        (await register(op.issuer, { redirect_uris: ['https://rp.example/cb'] }, 'made-up-token')).status,
      ).toBe(401);
    } finally {
      await op.cleanup();
    }
  });
});

test('failed admin logins from one address are limited (429) before any secret is checked; successes are not counted', async () => {
  const op = await startProvider({ env: { ADMIN_CREDENTIALS: credentials } });
  try {
    const attempt = (secret: string) =>
      fetch(`${op.issuer}/admin/v1/clients`, {
        headers: { authorization: basic({ name: ADMIN.name, secret }) },
      });
    // Successful logins give their attempt back, so a busy administrator is never locked out.
    for (let i = 0; i < 25; i++) expect((await attempt(ADMIN.secret)).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await attempt(`guess-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const blocked = await attempt(ADMIN.secret);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(300);
    expect(statuses[20]).toBe(429);
  } finally {
    await op.cleanup();
  }
});

test('cross-site browser requests are refused, whatever credentials the browser holds', async () => {
  const op = await startProvider({ env: { ADMIN_CREDENTIALS: credentials } });
  try {
    const res = await fetch(`${op.issuer}/admin/v1/clients/x/rotate-secret`, {
      method: 'POST',
      headers: { authorization: basic(ADMIN), 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe('cross_site_request');
  } finally {
    await op.cleanup();
  }
});

test('anonymous calls are limited per address too, so they cannot flood the audit log', async () => {
  const op = await startProvider({ env: { ADMIN_CREDENTIALS: credentials } });
  try {
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await fetch(`${op.issuer}/admin/v1/clients`)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  } finally {
    await op.cleanup();
  }
});
