import { z } from 'zod';

/**
 * The payload a reader vendor signs (our profile, agreed with the vendor): who says it, for
 * whom, about which order and which chip image, and what was measured.
 */
export const faceMatchClaims = z.object({
  iss: z.string().min(1),
  aud: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(8).max(200),
  order_id: z.string().min(1).max(100),
  /** base64url SHA-256 of DG2 exactly as read from the chip. */
  dg2_sha256: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  score: z.number().min(0).max(1),
  liveness: z.enum(['pass', 'fail']),
});

export type FaceMatchClaims = z.infer<typeof faceMatchClaims>;
