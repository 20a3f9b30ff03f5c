import { err, ok, type Result } from '../shared/result.js';

/**
 * A BER-TLV element as found in LDS files. `raw` and `value` are views into the received buffer,
 * so hashes are always computed over the exact bytes the chip sent.
 */
export interface Tlv {
  /** Tag bytes as a number, e.g. 0x61, 0x5F1F, 0x7F61. */
  readonly tag: number;
  readonly constructed: boolean;
  /** Value bytes (for indefinite lengths: without the end-of-contents octets). */
  readonly value: Uint8Array;
  /** The whole element, header included. */
  readonly raw: Uint8Array;
  readonly indefinite: boolean;
}

// Chips never nest LDS templates deeply; the bounds stop hostile input from costing stack or time.
const MAX_DEPTH = 32;
const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;

/**
 * Reads one BER-TLV element at `offset`. Definite and indefinite lengths are accepted (some
 * chips and many test tools use 0x80 for constructed templates). Never throws.
 */
export function readTlv(bytes: Uint8Array, offset = 0, depth = 0): Result<Tlv, 'tlv.malformed'> {
  if (depth > MAX_DEPTH) return err('tlv.malformed', 'TLV nesting too deep');
  let p = offset;
  if (p >= bytes.length) return err('tlv.malformed', 'TLV truncated before the tag');
  const first = bytes[p++]!;
  const constructed = (first & 0x20) !== 0;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let n = 1;
    for (;;) {
      if (p >= bytes.length) return err('tlv.malformed', 'TLV truncated inside a multi-byte tag');
      if (++n > MAX_TAG_BYTES) return err('tlv.malformed', 'TLV tag too long');
      const b = bytes[p++]!;
      tag = tag * 256 + b;
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= bytes.length) return err('tlv.malformed', 'TLV truncated before the length');
  const l0 = bytes[p++]!;
  if (l0 === 0x80) {
    if (!constructed) return err('tlv.malformed', 'indefinite length on a primitive element');
    const start = p;
    for (;;) {
      if (p + 1 < bytes.length && bytes[p] === 0 && bytes[p + 1] === 0) {
        return ok({
          tag,
          constructed,
          value: bytes.subarray(start, p),
          raw: bytes.subarray(offset, p + 2),
          indefinite: true,
        });
      }
      const child = readTlv(bytes, p, depth + 1);
      if (!child.ok) return err('tlv.malformed', `inside indefinite-length element: ${child.detail}`);
      p += child.value.raw.length;
    }
  }
  let length: number;
  if (l0 < 0x80) {
    length = l0;
  } else {
    const n = l0 & 0x7f;
    if (n > MAX_LENGTH_BYTES) return err('tlv.malformed', 'TLV length field too long');
    if (p + n > bytes.length) return err('tlv.malformed', 'TLV truncated inside the length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
  }
  if (length > bytes.length - p) return err('tlv.malformed', 'TLV length exceeds the data');
  return ok({
    tag,
    constructed,
    value: bytes.subarray(p, p + length),
    raw: bytes.subarray(offset, p + length),
    indefinite: false,
  });
}
