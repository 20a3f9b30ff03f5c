import { jwtVerify, type JWTVerifyGetKey } from 'jose';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export class LogoutTokenError extends Error {}

export interface LogoutTokenVerifier {
  /** Resolves to the session or subject to end; throws LogoutTokenError for any invalid token. */
  verify(token: string): Promise<{ sid?: string; sub?: string }>;
}

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.6: signature by the provider's key, iss, aud, a
 * recent iat, the back-channel logout event, sid or sub, no nonce (so an id token cannot pass
 * as a logout token), and a jti never seen before (replays are refused while they could verify).
 */
export function createLogoutTokenVerifier(opts: {
  issuer: string;
  clientId: string;
  keys: () => Promise<JWTVerifyGetKey>;
  maxAgeSeconds?: number;
  now?: () => number;
}): LogoutTokenVerifier {
  const maxAge = opts.maxAgeSeconds ?? 120;
  const now = opts.now ?? (() => Date.now());
  const seen = new Map<string, number>(); // jti → when it may be forgotten (ms)

  return {
    async verify(token) {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, await opts.keys(), {
          issuer: opts.issuer,
          audience: opts.clientId,
          algorithms: ['RS256', 'PS256', 'ES256'],
          requiredClaims: ['iat', 'jti', 'events'],
          maxTokenAge: maxAge,
          clockTolerance: 30,
          currentDate: new Date(now()),
        }));
      } catch (e) {
        throw new LogoutTokenError(`logout token rejected: ${(e as Error).message}`);
      }
      const events = payload.events;
      if (
        typeof events !== 'object' ||
        events === null ||
        typeof (events as Record<string, unknown>)[BACKCHANNEL_EVENT] !== 'object'
      ) {
        throw new LogoutTokenError('logout token has no back-channel logout event');
      }
      if ('nonce' in payload) throw new LogoutTokenError('logout token must not contain a nonce');
      const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
      const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
      if (!sid && !sub) throw new LogoutTokenError('logout token names neither sid nor sub');

      const t = now();
      for (const [jti, forgetAt] of seen) if (forgetAt < t) seen.delete(jti);
      const jti = payload.jti!;
      if (seen.has(jti)) throw new LogoutTokenError('logout token replayed');
      seen.set(jti, t + (maxAge + 60) * 1000);
      return { ...(sid ? { sid } : {}), ...(sub ? { sub } : {}) };
    },
  };
}
