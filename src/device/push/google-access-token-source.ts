import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import type { Clock } from '../../shared/clock.js';
import {
  createJwtBearerTokenSource,
  type JwtBearerFailureDetails,
  type JwtBearerTokenError,
  type JwtBearerTokenSource,
} from '../../shared/jwt-bearer-token-source.js';
import { err, ok } from '../../shared/result.js';
import type { ServiceAccountKey } from './service-account-key-schema.js';

/** `token.unavailable` is worth retrying (network, timeout, 5xx); `token.rejected` is not (4xx). */
export type GoogleTokenError = JwtBearerTokenError;

/** `invalidate()` after FCM answered 401. */
export type GoogleAccessTokenSource = JwtBearerTokenSource;

export interface GoogleAccessTokenOptions {
  readonly serviceAccount: ServiceAccountKey;
  /** Space-separated scopes. */
  readonly scope: string;
  /** Per request; default 5 s. */
  readonly timeoutMs?: number;
  /** Renew this long before expiry; default 5 min (capped at half the lifetime). */
  readonly refreshMarginMs?: number;
}

// Google accepts assertions that live at most one hour; the grant is used once, at once.
const ASSERTION_LIFETIME_S = 3600;

const DETAILS: JwtBearerFailureDetails = {
  noAnswer: 'the Google token endpoint did not answer in time',
  serverError: (status) => `the Google token endpoint answered ${status}`,
  refused: (status) => `Google refused the service account grant (${status})`,
  notJson: 'the Google token endpoint answered with a body that is not JSON',
  noToken: 'the Google token endpoint answered without a token',
};

/**
 * OAuth 2.0 access tokens for a Google service account with the JWT-bearer grant, as "Using
 * OAuth 2.0 for Server to Server Applications" documents: a JWT signed RS256 with the account's
 * private key (`kid` = private_key_id), `iss` = client_email, `scope`, `aud` = token_uri, `iat`
 * and `exp` (≤ 1 h later), posted as a form to token_uri. Tokens (about an hour) are cached until
 * shortly before expiry and concurrent callers share one request (`createJwtBearerTokenSource`),
 * so FCM is not called with a token that dies in flight and Google is not asked once per wake.
 * A key that cannot sign is answered as `token.rejected` (retrying will not help) and imported
 * again next time.
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
  let key: Promise<CryptoKey> | undefined;

  return createJwtBearerTokenSource(
    {
      tokenEndpoint: account.token_uri,
      timeoutMs: options.timeoutMs ?? 5_000,
      refreshMarginMs: options.refreshMarginMs ?? 300_000,
      details: DETAILS,
      async signAssertion(now) {
        key ??= importPKCS8(account.private_key, 'RS256');
        try {
          return ok(
            await new SignJWT({ scope: options.scope })
              .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: account.private_key_id })
              .setIssuer(account.client_email)
              .setAudience(account.token_uri)
              .setIssuedAt(now)
              .setExpirationTime(now + ASSERTION_LIFETIME_S)
              .sign(await key),
          );
        } catch {
          key = undefined;
          return err('token.rejected', 'the service account private key cannot sign RS256');
        }
      },
    },
    clock,
    fetchImpl,
  );
}
