import { err, ok, type Result } from '../../shared/result.js';
import type { DerNode } from './der-node.js';

// Attestation extensions use tags up to [719] and lengths of a few kB; the bounds keep hostile
// input from costing time, and DER (unlike BER) never needs indefinite lengths.
const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;

/**
 * Reads one DER element at `offset`: definite lengths only, minimal length encoding not
 * enforced (the signature check on the bytes is what counts). Never throws.
 *
 * @example
 *   const seq = readDer(bytes); // ok({ tagClass: 0, constructed: true, tagNumber: 16, ... })
 */
export function readDer(bytes: Uint8Array, offset = 0): Result<DerNode, 'der.malformed'> {
  let p = offset;
  if (p >= bytes.length) return err('der.malformed', 'DER truncated before the tag');
  const first = bytes[p++]!;
  const tagClass = (first >> 6) as 0 | 1 | 2 | 3;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let n = 0; ; n++) {
      if (n >= MAX_TAG_BYTES) return err('der.malformed', 'DER tag too long');
      if (p >= bytes.length) return err('der.malformed', 'DER truncated inside a tag');
      const b = bytes[p++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= bytes.length) return err('der.malformed', 'DER truncated before the length');
  const l0 = bytes[p++]!;
  let length = l0;
  if (l0 === 0x80) return err('der.malformed', 'indefinite length is not DER');
  if (l0 > 0x80) {
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_BYTES) return err('der.malformed', 'DER length field too long');
    if (p + n > bytes.length) return err('der.malformed', 'DER truncated inside the length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
  }
  if (length > bytes.length - p) return err('der.malformed', 'DER length exceeds the data');
  return ok({
    tagClass,
    constructed,
    tagNumber,
    value: bytes.subarray(p, p + length),
    raw: bytes.subarray(offset, p + length),
  });
}
