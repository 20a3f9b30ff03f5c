import { err, ok, type Result } from '../shared/result.js';
import { readTlv, type Tlv } from './read-tlv.js';

// A template with more elements than this is not an LDS file; stop before it costs memory.
const MAX_CHILDREN = 4096;

/** Reads consecutive TLVs filling `bytes` exactly (the contents of a constructed element). Never throws. */
export function readTlvChildren(bytes: Uint8Array, depth = 0): Result<Tlv[], 'tlv.malformed'> {
  const out: Tlv[] = [];
  let p = 0;
  while (p < bytes.length) {
    // Trailing 0x00/0xFF padding appears after the last element in some chip files.
    if (bytes[p] === 0x00 || bytes[p] === 0xff) {
      if (bytes.subarray(p).every((b) => b === 0x00 || b === 0xff)) break;
      return err('tlv.malformed', 'padding byte followed by data');
    }
    const t = readTlv(bytes, p, depth + 1);
    if (!t.ok) return t;
    out.push(t.value);
    if (out.length > MAX_CHILDREN) return err('tlv.malformed', 'too many TLV elements');
    p += t.value.raw.length;
  }
  return ok(out);
}
