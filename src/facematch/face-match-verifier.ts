import type { Result } from '../shared/result.js';

export interface FaceMatchPolicy {
  /** Lowest accepted similarity score between the live face and DG2's image, 0..1. */
  readonly minScore: number;
  /** How old a result may be when it reaches us, seconds. */
  readonly maxAgeSeconds: number;
}

export interface FaceMatchEvidence {
  readonly vendor: string;
  readonly score: number;
  readonly liveness: 'pass';
  readonly resultId: string;
  readonly issuedAt: Date;
}

export type FaceMatchError =
  | 'facematch.malformed'
  | 'facematch.signature'
  | 'facematch.expired'
  | 'facematch.order-mismatch'
  | 'facematch.dg2-mismatch'
  | 'facematch.liveness-failed'
  | 'facematch.below-threshold'
  | 'facematch.replayed';

/**
 * The reader app compares the person's live face with the chip's DG2 image and checks liveness;
 * its vendor signs the result as a compact JWS. This port verifies that JWS and holds it to the
 * policy: signed by a configured vendor key, fresh, for this order and this DG2 (by hash), live,
 * and above the score threshold. A result is accepted once.
 *
 * @example
 *   const r = await faceMatch.verify(jws, { orderId, dg2Sha256 });
 *   if (!r.ok) showError(r.code);
 */
export interface FaceMatchVerifier {
  verify(
    jws: string,
    binding: { orderId: string; dg2Sha256: string },
  ): Promise<Result<FaceMatchEvidence, FaceMatchError>>;
}
