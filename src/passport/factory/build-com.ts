import { dataGroupTag } from '../data-group-tag.js';
import { encodeTlv } from './encode-tlv.js';

/**
 * EF.COM (tag 0x60): LDS version 01.07, Unicode 4.0.0, and the tag list of the data groups
 * present (ICAO 9303-10 §4.6.1). EF.COM is not signed, so verifiers must not rely on it.
 *
 * @example
 *   buildCom([1, 2, 14, 15]);
 */
export function buildCom(dataGroupNumbers: readonly number[]): Uint8Array {
  const tags = [...dataGroupNumbers]
    .sort((a, b) => a - b)
    .map((n) => {
      const tag = dataGroupTag(n);
      if (tag === undefined) throw new Error(`buildCom: no data group ${n}`);
      return tag;
    });
  return encodeTlv(
    0x60,
    encodeTlv(0x5f01, Buffer.from('0107', 'ascii')),
    encodeTlv(0x5f36, Buffer.from('040000', 'ascii')),
    encodeTlv(0x5c, Uint8Array.from(tags)),
  );
}
