import { z } from 'zod';
import { inputLimits } from '../passport/input-limits.js';
import { err, ok, type Result } from '../shared/result.js';
import type { ChipUpload } from './chip-upload.js';

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Base64 length of n bytes, so an oversize field is refused before it is decoded.
const b64Max = (bytes: number) => Math.ceil(bytes / 3) * 4;
const bytesField = (maxBytes: number) => z.string().min(4).regex(base64, 'base64').max(b64Max(maxBytes));

export const chipUploadSchema = z.object({
  sod: bytesField(inputLimits.sodBytes),
  dataGroups: z
    .record(
      z.string().regex(/^(?:[1-9]|1[0-6])$/, 'a data group number 1–16'),
      bytesField(inputLimits.dataGroupBytes),
    )
    .refine((dgs) => Object.keys(dgs).length > 0, 'at least DG1'),
  com: bytesField(inputLimits.comBytes).optional(),
  activeAuthentication: z.object({
    challenge: bytesField(inputLimits.aaChallengeBytes),
    signature: bytesField(inputLimits.aaSignatureBytes),
  }),
  faceMatch: z.string().min(10).max(8192),
  app: z.object({
    platform: z.enum(['ios', 'android', 'sandbox']),
    version: z.string().regex(/^[0-9A-Za-z.+-]{1,32}$/),
  }),
});

const decode = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/**
 * Reads the reader app's upload (zod): base64 fields within the chip size caps of
 * `inputLimits` (`chip.too-large`), everything else well-formed (`chip.malformed`, naming the
 * field). Nothing is decoded before the sizes are known to be sane.
 */
export function readChipUpload(body: unknown): Result<ChipUpload, 'chip.malformed' | 'chip.too-large'> {
  const parsed = chipUploadSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || 'body';
    if (issue.code === 'too_big') return err('chip.too-large', `${where} is larger than a chip holds`);
    return err('chip.malformed', `${where}: ${issue.message}`);
  }
  const b = parsed.data;
  return ok({
    sod: decode(b.sod),
    dataGroups: Object.fromEntries(Object.entries(b.dataGroups).map(([n, v]) => [Number(n), decode(v)])),
    ...(b.com ? { com: decode(b.com) } : {}),
    activeAuthentication: {
      challenge: decode(b.activeAuthentication.challenge),
      signature: decode(b.activeAuthentication.signature),
    },
    faceMatch: b.faceMatch,
    app: b.app,
  });
}
