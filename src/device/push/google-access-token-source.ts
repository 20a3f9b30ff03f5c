import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { ServiceAccountKey } from './service-account-key-schema.js';

/** `token.unavailable` is worth retrying (network, timeout, 5xx); `token.rejected` is not (4xx). */
export type GoogleTokenError = 'token.unavailable' | 'token.rejected';

export interface GoogleAccessTokenSource {
  /** A valid access token, from the cache unless it is about to expire. */
  getToken(): Promise<Result<string, GoogleTokenError>>;
  /** Forget the cached token, e.g. after FCM answered 401. */
  invalidate(): void;
}

export interface GoogleAccessTokenOptions {
  readonly serviceAccount: ServiceAccountKey;
  /** Space-separated scopes. */
  readonly scope: string;
  /** Per request; default 5 s. */
  readonly timeoutMs?: number;
  /** Renew this long before expiry; default 5 min (capped at half the lifetime). */
  readonly refreshMarginMs?: number;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
});

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Google accepts assertions that live at most one hour; the grant is used once, at once.
const ASSERTION_LIFETIME_S = 3600;

/**
 * OAuth 2.0 access tokens for a Google service account with the JWT-bearer grant, as "Using
 * OAuth 2.0 for Server to Server Applications" documents: a JWT signed RS256 with the account's
 * private key (`kid` = private_key_id), `iss` = client_email, `scope`, `aud` = token_uri, `iat`
 * and `exp` (≤ 1 h later), posted as a form to token_uri. Tokens (about an hour) are cached until
 * shortly before expiry and concurrent callers share one request, so FCM is not called with a
 * token that dies in flight and Google is not asked once per wake.
 *
 * @example
 *   const tokens = createGoogleAccessTokenSource({ serviceAccount, scope: FCM_SCOPE }, clock);
 *   const t = await tokens.getToken(); // ok('ya29…') or err('token.unavailable', …)
 */
export function createGoogleAccessTokenSource(
  options: GoogleAccessTokenOptions,
  clock: Clock,
  fetchImpl: typeof fetch = fetch,
): GoogleAccessTokenSource {
  const account = options.serviceAccount;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let key: Promise<CryptoKey> | undefined;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<Result<string, GoogleTokenError>> | undefined;

  async function fetchToken(): Promise<Result<string, GoogleTokenError>> {
    key ??= importPKCS8(account.private_key, 'RS256');
    const now = Math.floor(clock.now().getTime() / 1000);
    let assertion: string;
    try {
      assertion = await new SignJWT({ scope: options.scope })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: account.private_key_id })
        .setIssuer(account.client_email)
        .setAudience(account.token_uri)
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_LIFETIME_S)
        .sign(await key);
    } catch {
      key = undefined;
      return err('token.rejected', 'the service account private key cannot sign RS256');
    }

    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(account.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: GRANT_TYPE, assertion }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch {
      return err('token.unavailable', 'the Google token endpoint did not answer in time');
    }
    if (res.status >= 500)
      return err('token.unavailable', `the Google token endpoint answered ${res.status}`);
    if (res.status !== 200)
      return err('token.rejected', `Google refused the service account grant (${res.status})`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return err('token.unavailable', 'the Google token endpoint answered with a body that is not JSON');
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success)
      return err('token.unavailable', 'the Google token endpoint answered without a token');
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(options.refreshMarginMs ?? 300_000, lifetimeMs / 2);
    cached = { token: parsed.data.access_token, renewAt: clock.now().getTime() + lifetimeMs - margin };
    return ok(parsed.data.access_token);
  }

  return {
    async getToken() {
      if (cached && clock.now().getTime() < cached.renewAt) return ok(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
