import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { AppSimulator } from '../../src/device/simulator/app-simulator.js';
import { authorizationUrl } from '../support/authorize.js';
import { discover, pidFor, privateKeyJwtClient, REDIRECT_URI } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { activatePhone, issueEid } from './support/app-login.js';

const RP_HOST = 'https://ciba-rp.test';
const CIBA = 'urn:openid:params:grant-type:ciba';

/**
 * CIBA (poll and ping): a call centre starts a login with the identity number as login_hint and a
 * binding_message; the same push approval in the app completes it. The relying party's https
 * endpoints (jwks_uri, ping) are played by a fetch stub: oidc-provider requires https for them.
 */
describe('CIBA with the authenticator app', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'cc-1', alg: 'RS256', use: 'sig' };
  const auth = () =>
    crypto.subtle
      .importKey(
        'pkcs8',
        privateKey.export({ format: 'der', type: 'pkcs8' }),
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      .then((key) => client.PrivateKeyJwt({ kid: 'cc-1', key }));
  const callCentre = (clientId: string, mode: 'poll' | 'ping') => ({
    client_id: clientId,
    client_name: 'NAV kontaktsenter',
    redirect_uris: [REDIRECT_URI],
    response_types: [],
    grant_types: [CIBA],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks_uri: `${RP_HOST}/jwks`,
    scope: 'openid profile',
    backchannel_token_delivery_mode: mode,
    ...(mode === 'ping' ? { backchannel_client_notification_endpoint: `${RP_HOST}/ping` } : {}),
  });
  const web = privateKeyJwtClient('ciba-web');
  const pings: { authorization: string | null; body: unknown }[] = [];
  const realFetch = globalThis.fetch;
  let op: RunningProvider;
  let poll: client.Configuration;
  let ping: client.Configuration;
  let limited: client.Configuration;
  let pid: string;
  let phone: AppSimulator;

  beforeAll(async () => {
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url === `${RP_HOST}/jwks`) return Response.json({ keys: [jwk] });
      if (url === `${RP_HOST}/ping`) {
        pings.push({
          authorization: new Headers(init?.headers).get('authorization'),
          body: JSON.parse(String(init?.body)),
        });
        return new Response(null, { status: 204 });
      }
      return realFetch(input, init);
    }) as typeof fetch;
    op = await startProvider({
      clients: [
        callCentre('cc-poll', 'poll'),
        callCentre('cc-ping', 'ping'),
        callCentre('cc-limit', 'poll'),
        web.metadata,
      ],
      env: { CIBA_REQUESTS_PER_CLIENT_PER_MINUTE: '8' },
    });
    poll = await discover(op.issuer, 'cc-poll', await auth());
    ping = await discover(op.issuer, 'cc-ping', await auth());
    limited = await discover(op.issuer, 'cc-limit', await auth());
    const webConfig = await discover(op.issuer, web.metadata.client_id, await web.auth());
    pid = pidFor('1981-11-11');
    ({ phone } = await activatePhone(op.app, op.issuer, (await authorizationUrl(webConfig)).url, pid));
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await op.cleanup();
  });

  const grant = (config: client.Configuration, authReqId: string) =>
    client.genericGrantRequest(config, CIBA, { auth_req_id: authReqId });

  test('discovery offers CIBA poll and ping', () => {
    const m = poll.serverMetadata();
    expect(m.backchannel_authentication_endpoint).toBe(`${op.issuer}/bc-authorize`);
    expect(m.backchannel_token_delivery_modes_supported).toEqual(['poll', 'ping']);
  });

  test('poll: pending until the app approves, then tokens with acr high, amr, pid and the profile', async () => {
    const started = await client.initiateBackchannelAuthentication(poll, {
      scope: 'openid profile',
      login_hint: pid,
      binding_message: 'Samtale 4711',
    });
    await expect(grant(poll, started.auth_req_id)).rejects.toMatchObject({ error: 'authorization_pending' });
    const request = (await phone.pending(5))!;
    expect(request).toMatchObject({
      type: 'ciba',
      rp_name: 'NAV kontaktsenter',
      binding_message: 'Samtale 4711',
    });
    expect((await phone.respond(request, 'approve')).status).toBe(200);
    const tokens = await grant(poll, started.auth_req_id);
    expect(tokens.claims()).toMatchObject({ acr: 'idporten-loa-high', amr: ['Passport-App'], pid });
    const userinfo = await client.fetchUserInfo(poll, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo).toMatchObject({ pid, family_name: 'Øvrebø-Hansen' });
    // Single use.
    await expect(grant(poll, started.auth_req_id)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('ping: the provider notifies the client endpoint, which then fetches the tokens', async () => {
    const token = randomBytes(16).toString('base64url');
    const started = await client.initiateBackchannelAuthentication(ping, {
      scope: 'openid',
      login_hint: pid,
      client_notification_token: token,
    });
    const r = await phone.answerNext('approve', 5);
    expect(r?.request.type).toBe('ciba');
    expect(pings.at(-1)).toEqual({
      authorization: `Bearer ${token}`,
      body: { auth_req_id: started.auth_req_id },
    });
    expect((await grant(ping, started.auth_req_id)).claims()).toMatchObject({
      acr: 'idporten-loa-high',
      pid,
    });
  });

  test('denied in the app, or a person without an app: access_denied, no tokens', async () => {
    const denied = await client.initiateBackchannelAuthentication(poll, { scope: 'openid', login_hint: pid });
    await phone.answerNext('deny', 5);
    await expect(grant(poll, denied.auth_req_id)).rejects.toMatchObject({ error: 'access_denied' });

    const other = pidFor('1982-12-12');
    await issueEid(op.app, other);
    const nobody = await client.initiateBackchannelAuthentication(poll, {
      scope: 'openid',
      login_hint: other,
    });
    await expect(grant(poll, nobody.auth_req_id)).rejects.toMatchObject({ error: 'access_denied' });
  });

  test('a login_hint that is no identity number, and an unusable binding_message, are refused', async () => {
    await expect(
      client.initiateBackchannelAuthentication(poll, { scope: 'openid', login_hint: 'someone@example.com' }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    await expect(
      client.initiateBackchannelAuthentication(poll, {
        scope: 'openid',
        login_hint: pid,
        binding_message: '<script>',
      }),
    ).rejects.toMatchObject({ error: 'invalid_binding_message' });
  });

  test('acr_values that an app login cannot satisfy are refused at /bc-authorize, before any push', async () => {
    await expect(
      client.initiateBackchannelAuthentication(poll, {
        scope: 'openid',
        login_hint: pid,
        acr_values: 'urn:example:loa-4-in-person',
      }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    expect(await phone.pending(0)).toBeNull();
  });

  test('each client has a per-minute limit on /bc-authorize (429 slow_down)', async () => {
    const answers: unknown[] = [];
    for (let i = 0; i < 9; i++) {
      answers.push(
        await client
          .initiateBackchannelAuthentication(limited, { scope: 'openid', login_hint: 'nobody' })
          .then(
            () => 'started',
            (e: { error?: string; status?: number }) => `${e.status ?? ''} ${e.error}`,
          ),
      );
    }
    expect(answers.slice(0, 8)).toEqual(Array<string>(8).fill('400 invalid_request'));
    expect(answers[8]).toBe('429 slow_down');
    expect(await phone.pending(0)).toBeNull();
  });
});
