import { z } from 'zod';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

const bytes = (maxBytes: number) =>
  z
    .union([
      z
        .string()
        .max(Math.ceil((maxBytes * 4) / 3) + 4)
        .regex(BASE64),
      z.instanceof(Uint8Array),
    ])
    .transform((v) => (typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : v))
    .refine((b) => b.length > 0 && b.length <= maxBytes, { message: `between 1 and ${maxBytes} bytes` });

/**
 * The port's boundary. Sizes are bounded before any parsing: an attestation chain is a few kB,
 * an SPKI well under 1 kB, and KeyMint caps the challenge at 128 bytes.
 */
export const attestationRequestSchema = z.object({
  platform: z.enum(['android', 'ios', 'web-sandbox']),
  publicKeySpki: bytes(2048),
  attestation: z
    .string()
    .max(65_536)
    .regex(BASE64)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : new Uint8Array(Buffer.from(v, 'base64')))),
  challenge: bytes(128),
});
