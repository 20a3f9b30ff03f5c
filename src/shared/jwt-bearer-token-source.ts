import { z } from 'zod';
import type { Clock } from './clock.js';
import { err, ok, type Result } from './result.js';

/**
 * `token.unavailable` is worth retrying (network, timeout, 5xx, an unreadable answer);
 * `token.rejected` is not (4xx: our grant, key or access is wrong).
 */
export type JwtBearerTokenError = 'token.unavailable' | 'token.rejected';

export interface JwtBearerTokenSource {
  /** A valid access token, from the cache unless it is about to expire. */
  getToken(): Promise<Result<string, JwtBearerTokenError>>;
  /** Forget the cached token, e.g. after the API it is for answered 401. */
  invalidate(): void;
}

/** Each authorisation server's own wording, so that a failure's detail names who failed. */
export interface JwtBearerFailureDetails {
  readonly noAnswer: string;
  readonly serverError: (status: number) => string;
  readonly refused: (status: number) => string;
  readonly notJson: string;
  readonly noToken: string;
}

export interface JwtBearerGrant {
  readonly tokenEndpoint: string;
  /**
   * A fresh signed assertion issued at `nowSeconds`; its claims, header and key handling are the
   * authorisation server's own. An error result is answered as it is; an exception propagates.
   */
  readonly signAssertion: (nowSeconds: number) => Promise<Result<string, JwtBearerTokenError>>;
  /** Per request. */
  readonly timeoutMs: number;
  /** Renew this long before expiry (capped at half the token's lifetime). */
  readonly refreshMarginMs: number;
  readonly details: JwtBearerFailureDetails;
}

// RFC 6749 §5.1; token_type and scope are not used, but are strings when present.
const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Access tokens with the OAuth 2.0 JWT-bearer grant (RFC 7523 §2.1): the signed assertion is
 * posted as a form to the token endpoint. The token is cached until shortly before it expires
 * and concurrent callers share one request, so an API is not called with a token that dies in
 * flight and the authorisation server is not asked once per call.
 *
 * @example
 *   const tokens = createJwtBearerTokenSource(
 *     { tokenEndpoint, signAssertion, timeoutMs: 5_000, refreshMarginMs: 30_000, details },
 *     clock,
 *     fetch,
 *   );
 *   const t = await tokens.getToken(); // ok('eyJ…') or err('token.unavailable', …)
 */
export function createJwtBearerTokenSource(
  grant: JwtBearerGrant,
  clock: Clock,
  fetchImpl: typeof fetch,
): JwtBearerTokenSource {
  const { details } = grant;
  let cached: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<Result<string, JwtBearerTokenError>> | undefined;

  async function fetchToken(): Promise<Result<string, JwtBearerTokenError>> {
    const assertion = await grant.signAssertion(Math.floor(clock.now().getTime() / 1000));
    if (!assertion.ok) return assertion;

    let res: Response;
    let text: string;
    try {
      res = await fetchImpl(grant.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: GRANT_TYPE, assertion: assertion.value }).toString(),
        signal: AbortSignal.timeout(grant.timeoutMs),
      });
      text = await res.text();
    } catch {
      return err('token.unavailable', details.noAnswer);
    }
    if (res.status >= 500) return err('token.unavailable', details.serverError(res.status));
    if (res.status !== 200) return err('token.rejected', details.refused(res.status));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return err('token.unavailable', details.notJson);
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) return err('token.unavailable', details.noToken);
    const lifetimeMs = parsed.data.expires_in * 1000;
    const margin = Math.min(grant.refreshMarginMs, lifetimeMs / 2);
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
