import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../shared/clock.js';
import { err, ok } from '../shared/result.js';
import { faceMatchClaims } from './face-match-claims.js';
import type { FaceMatchPolicy, FaceMatchVerifier } from './face-match-verifier.js';

/** Remembers result ids so a captured result cannot be replayed into another attempt. */
export interface SeenResults {
  /** True when `id` was not seen before (and is now remembered for `ttlSeconds`). */
  firstUse(id: string, ttlSeconds: number): Promise<boolean>;
}

/**
 * The verifier for real vendors and the sandbox alike: they differ only in where the keys come
 * from (a configured JWKS, or the sandbox vendor's generated key).
 */
/** Clock difference tolerated between the vendor and us. */
const CLOCK_SKEW_SECONDS = 30;

export function createJwsFaceMatchVerifier(deps: {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  policy: FaceMatchPolicy;
  seen: SeenResults;
  clock: Clock;
}): FaceMatchVerifier {
  return {
    async verify(jws, binding) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(jws, deps.keys, {
          issuer: deps.issuer,
          audience: deps.audience,
          algorithms: ['ES256', 'PS256', 'RS256'],
          currentDate: deps.clock.now(),
          maxTokenAge: deps.policy.maxAgeSeconds,
          // The vendor's clock is not ours: a result stamped a few seconds "in the future" is a
          // real one, not a forgery (without slack, one second of skew refused real readings).
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ['iat', 'exp', 'jti'],
        }));
      } catch (e) {
        if (e instanceof errors.JWTExpired)
          return err('facematch.expired', 'the face comparison result is too old');
        // jose reports "too old" as JWTExpired (above); a failed iat check is a result dated
        // further in the future than the clock tolerance.
        if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'iat' && e.reason === 'check_failed')
          return err('facematch.expired', 'the face comparison result is dated in the future');
        if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey) {
          return err(
            'facematch.signature',
            'the face comparison result is not signed by a trusted reader vendor',
          );
        }
        return err('facematch.malformed', 'the face comparison result is not a valid signed result');
      }
      const claims = faceMatchClaims.safeParse(payload);
      if (!claims.success)
        return err(
          'facematch.malformed',
          `the face comparison result lacks ${String(claims.error.issues[0]?.path[0])}`,
        );
      const c = claims.data;
      if (c.order_id !== binding.orderId)
        return err('facematch.order-mismatch', 'the face comparison was made for another order');
      if (c.dg2_sha256 !== binding.dg2Sha256)
        return err('facematch.dg2-mismatch', 'the face comparison used another chip image');
      if (c.liveness !== 'pass') return err('facematch.liveness-failed', 'the liveness check did not pass');
      if (c.score < deps.policy.minScore)
        return err(
          'facematch.below-threshold',
          'the live face does not match the passport photo closely enough',
        );
      const ttl = Math.max(c.exp - Math.floor(deps.clock.now().getTime() / 1000), 1);
      if (!(await deps.seen.firstUse(`${c.iss}\0${c.jti}`, ttl))) {
        return err('facematch.replayed', 'this face comparison result was already used');
      }
      return ok({
        vendor: c.iss,
        score: c.score,
        liveness: 'pass',
        resultId: c.jti,
        issuedAt: new Date(c.iat * 1000),
      });
    },
  };
}
