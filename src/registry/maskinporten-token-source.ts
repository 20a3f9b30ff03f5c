import { randomUUID } from 'node:crypto';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { z } from 'zod';
import type { Clock } from '../shared/clock.js';
import { err, ok, type Result } from '../shared/result.js';

export interface MaskinportenOptions {
  /** Maskinporten's issuer identifier, the grant's `aud`: `https://maskinporten.no/` in production,
   * `https://test.maskinporten.no/` in test. Not the token endpoint URL (no longer accepted). */
  issuer: string;
  /** e.g. `https://maskinporten.no/token`. */
  tokenEndpoint: string;
  /** The integration's client id, the grant's `iss`. */
  clientId: string;
  /** `kid` of the key registered on the client (we use a pre-registered key, not `x5c`). */
  keyId: string;
  /** RSA private key: PKCS#8 PEM, a private JWK, or an imported key. */
  privateKey: string | JWK | CryptoKey | KeyObject;
  /** Space-separated scopes, e.g. the Folkeregisteret rights package's scope. */
  scope: string;
  /** Per request; default 5 s. */
  timeoutMs?: number;
  /** Renew this long before the token expires; default 30 s (capped at half the lifetime). */
  refreshMarginMs?: number;
  /** Lifetime of our signed grant; Maskinporten allows at most 120 s. Default 60 s. */
  grantLifetimeSeconds?: number;
}

export type TokenError = 'token.unavailable' | 'token.rejected';

export interface MaskinportenTokenSource {
  /** A valid access token, from the cache when it is not about to expire. `token.unavailable` is
   * worth retrying (network, timeout, 5xx); `token.rejected` is not (4xx: our grant or access). */
  getToken(): Promise<Result<string, TokenError>>;
  /** Forget the cached token, e.g. after the API answered 401. */
  invalidate(): void;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Access tokens from Maskinporten with the JWT-bearer grant (RFC 7523): a short-lived JWT signed
 * RS256 with the client's registered key, posted to the token endpoint. The token is cached until
 * shortly before it expires and concurrent callers share one request, so the register is not
 * called with a token that dies in flight and Maskinporten is not asked once per lookup.
 *
 * @example
 *   const tokens = createMaskinportenTokenSource({ issuer, tokenEndpoint, clientId, keyId, privateKey, scope }, clock);
 *   const t = await tokens.getToken(); // ok('eyJ...') or err('token.unavailable', ...)
 */
export function createMaskinportenTokenSource(
  options: MaskinportenOptions,
  clock: Clock,
  fetchImpl: typeof fetch = fetch,
): MaskinportenTokenSource {
  const lifetime = Math.min(options.grantLifetimeSeconds ?? 60, 120);
  const timeoutMs = options.timeoutMs ?? 5_000;
  let key: Promise<CryptoKey | KeyObject | Uint8Array> | undefined;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<Result<string, TokenError>> | undefined;

  const signingKey = () => {
    const k = options.privateKey;
    key ??=
      typeof k === 'string'
        ? importPKCS8(k, 'RS256')
        : 'kty' in k && typeof k.kty === 'string'
          ? importJWK(k as JWK, 'RS256')
          : Promise.resolve(k as CryptoKey | KeyObject);
    return key;
  };

  async function fetchToken(): Promise<Result<string, TokenError>> {
    const now = Math.floor(clock.now().getTime() / 1000);
    const grant = await new SignJWT({ scope: options.scope })
      .setProtectedHeader({ alg: 'RS256', kid: options.keyId })
      .setAudience(options.issuer)
      .setIssuer(options.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .setJti(randomUUID())
      .sign(await signingKey());

    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(options.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: GRANT_TYPE, assertion: grant }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch {
      return err('token.unavailable', 'Maskinporten did not answer in time');
    }
    if (res.status >= 500) return err('token.unavailable', `Maskinporten answered ${res.status}`);
    if (res.status !== 200) return err('token.rejected', `Maskinporten refused the grant (${res.status})`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return err('token.unavailable', 'Maskinporten answered with a body that is not JSON');
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) return err('token.unavailable', 'Maskinporten answered without a usable token');
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(options.refreshMarginMs ?? 30_000, lifetimeMs / 2);
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
