import { randomUUID } from 'node:crypto';
import { importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import type { Clock } from '../shared/clock.js';
import {
  createJwtBearerTokenSource,
  type JwtBearerFailureDetails,
  type JwtBearerTokenError,
  type JwtBearerTokenSource,
} from '../shared/jwt-bearer-token-source.js';
import { ok } from '../shared/result.js';

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

/** `token.unavailable` is worth retrying (network, timeout, 5xx); `token.rejected` is not (4xx). */
export type TokenError = JwtBearerTokenError;

/** `invalidate()` after the register answered 401. */
export type MaskinportenTokenSource = JwtBearerTokenSource;

const DETAILS: JwtBearerFailureDetails = {
  noAnswer: 'Maskinporten did not answer in time',
  serverError: (status) => `Maskinporten answered ${status}`,
  refused: (status) => `Maskinporten refused the grant (${status})`,
  notJson: 'Maskinporten answered with a body that is not JSON',
  noToken: 'Maskinporten answered without a usable token',
};

/**
 * Access tokens from Maskinporten with the JWT-bearer grant (RFC 7523): a short-lived JWT signed
 * RS256 with the client's registered key, with a fresh `jti` (Maskinporten refuses a reused
 * one), posted to the token endpoint. The token is cached until shortly before it expires and
 * concurrent callers share one request (`createJwtBearerTokenSource`), so the register is not
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
  let key: Promise<CryptoKey | KeyObject | Uint8Array> | undefined;

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

  return createJwtBearerTokenSource(
    {
      tokenEndpoint: options.tokenEndpoint,
      timeoutMs: options.timeoutMs ?? 5_000,
      refreshMarginMs: options.refreshMarginMs ?? 30_000,
      details: DETAILS,
      async signAssertion(now) {
        return ok(
          await new SignJWT({ scope: options.scope })
            .setProtectedHeader({ alg: 'RS256', kid: options.keyId })
            .setAudience(options.issuer)
            .setIssuer(options.clientId)
            .setIssuedAt(now)
            .setExpirationTime(now + lifetime)
            .setJti(randomUUID())
            .sign(await signingKey()),
        );
      },
    },
    clock,
    fetchImpl,
  );
}
