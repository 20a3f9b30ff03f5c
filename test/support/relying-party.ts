import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { Browser, formAction, formField } from './browser.js';

export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

/** A relying party registered with private_key_jwt: its metadata and its private key. */
export function privateKeyJwtClient(clientId = `rp-${randomBytes(3).toString('hex')}`, extra: object = {}) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'rp-key-1', alg: 'RS256', use: 'sig' };
  /** openid-client signs with WebCrypto keys; the kid lets the provider pick the key. */
  const auth = async () =>
    client.PrivateKeyJwt({
      kid: 'rp-key-1',
      key: await crypto.subtle.importKey(
        'pkcs8',
        privateKey.export({ format: 'der', type: 'pkcs8' }),
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['sign'],
      ),
    });
  return {
    auth,
    metadata: {
      client_id: clientId,
      client_name: 'Test relying party',
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: ['http://127.0.0.1:9/logged-out'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [jwk] },
      grant_types: ['authorization_code', 'refresh_token'],
      scope: 'openid profile offline_access',
      ...extra,
    },
    privateKey,
  };
}

export function secretClient(clientId = `rp-${randomBytes(3).toString('hex')}`, extra: object = {}) {
  const secret = randomBytes(32).toString('base64url');
  return {
    metadata: {
      client_id: clientId,
      client_secret: secret,
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_basic',
      ...extra,
    },
    secret,
  };
}

export async function discover(
  issuer: string,
  clientId: string,
  auth: client.ClientAuth,
  metadata: Partial<client.ClientMetadata> = {},
) {
  return client.discovery(new URL(issuer), clientId, metadata, auth, {
    execute: [client.allowInsecureRequests],
  });
}

export const pidFor = (birthDate = '1988-04-12', dNumber = false) =>
  makeIdentityNumber({ birthDate, dNumber });

/**
 * Walks a browser through the sandbox TestID login for an authorization URL and returns the
 * URL the provider finally redirected to (the relying party's redirect_uri with code or error).
 */
export async function testIdLogin(
  browser: Browser,
  authorizationUrl: URL,
  pid: string,
  opts: { level?: 'high' | 'substantial' } = {},
): Promise<{ callback: URL; loginPage?: string }> {
  const atRp = (u: URL) => u.href.startsWith(REDIRECT_URI);
  const page = await browser.follow(authorizationUrl, atRp);
  if (atRp(page.url)) return { callback: page.url };
  if (page.status !== 200) throw new Error(`login page answered ${page.status}: ${page.text.slice(0, 300)}`);
  const action = new URL(formAction(page.text, '/testid'), page.url);
  const result = await browser.follow(action, atRp, {
    form: { csrf: formField(page.text, 'csrf'), pid, level: opts.level ?? 'high' },
  });
  if (!atRp(result.url))
    throw Object.assign(new Error(`login did not return to the RP (${result.status})`), {
      page: result.text,
    });
  return { callback: result.url, loginPage: page.text };
}
