import { randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { err, ok, type Result } from '../shared/result.js';
import type { AaChallengeStore } from './aa-challenge-store.js';

export type AaChallengeCode =
  | 'aa.challenge-malformed'
  | 'aa.challenge-unknown'
  | 'aa.challenge-reused'
  | 'aa.challenge-foreign'
  | 'aa.challenge-expired';

export interface AaChallengeIssuer {
  /** A fresh 8-byte nonce bound to `orderId`, valid for the configured lifetime. */
  issue(orderId: string): Promise<{ challenge: Uint8Array; expiresAt: Date }>;
  /**
   * Single use: the first consume of a challenge burns it, whatever the outcome, so a nonce shown
   * to the wrong order or after expiry can never be used later either.
   */
  consume(orderId: string, challenge: Uint8Array): Promise<Result<{ issuedFor: string }, AaChallengeCode>>;
}

export interface AaChallengeIssuerOptions {
  readonly store: AaChallengeStore;
  readonly clock: Clock;
  /** How long a challenge may be answered; the reader app signs within seconds. Default 2 minutes. */
  readonly ttlMs?: number;
  /** How long a record is kept after expiry so replays are told apart from unknown nonces. Default 10 minutes. */
  readonly retainMs?: number;
  /** Injected for tests; defaults to node:crypto. */
  readonly random?: (n: number) => Uint8Array;
}

/**
 * Issues and consumes Active Authentication challenges (ICAO 9303-11 §6.1: RND.IFD, 8 bytes).
 *
 * @example
 *   const issuer = createAaChallengeIssuer({ store: createMemoryAaChallengeStore(systemClock), clock: systemClock });
 *   const { challenge } = await issuer.issue(order.id);
 *   const outcome = await issuer.consume(order.id, answer.challenge); // then verifyPassport(…, { aaChallengeOutcome: outcome })
 */
export function createAaChallengeIssuer(options: AaChallengeIssuerOptions): AaChallengeIssuer {
  const ttlMs = options.ttlMs ?? 120_000;
  const retainMs = options.retainMs ?? 600_000;
  const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
  return {
    async issue(orderId) {
      // 2^64 nonces make a collision practically impossible; the loop only guards a broken RNG.
      for (let attempt = 0; attempt < 5; attempt++) {
        const challenge = random(8);
        const expiresAt = options.clock.now().getTime() + ttlMs;
        if (
          await options.store.put(Buffer.from(challenge).toString('hex'), { orderId, expiresAt }, retainMs)
        ) {
          return { challenge, expiresAt: new Date(expiresAt) };
        }
      }
      throw new Error(
        'AA challenge store refused five fresh nonces; the random source or the store is broken',
      );
    },
    async consume(orderId, challenge) {
      if (challenge.length !== 8) return err('aa.challenge-malformed', 'an AA challenge is 8 bytes');
      const outcome = await options.store.consume(Buffer.from(challenge).toString('hex'));
      if (!outcome.found)
        return err(
          'aa.challenge-unknown',
          'this challenge was not issued by the server (or is long expired)',
        );
      if (outcome.alreadyConsumed) return err('aa.challenge-reused', 'this challenge was already used');
      if (outcome.record.orderId !== orderId)
        return err('aa.challenge-foreign', 'this challenge was issued for another order');
      if (options.clock.now().getTime() > outcome.record.expiresAt)
        return err('aa.challenge-expired', 'this challenge has expired');
      return ok({ issuedFor: orderId });
    },
  };
}
