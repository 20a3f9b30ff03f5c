import { encodeTlv } from './encode-tlv.js';

/** LDS tag of each data group file (ICAO 9303-10 Table 33). */
const DG_TAGS: Readonly<Record<number, number>> = {
  1: 0x61,
  2: 0x75,
  3: 0x63,
  4: 0x76,
  5: 0x65,
  6: 0x66,
  7: 0x67,
  8: 0x68,
  9: 0x69,
  10: 0x6a,
  11: 0x6b,
  12: 0x6c,
  13: 0x6d,
  14: 0x6e,
  15: 0x6f,
  16: 0x70,
};

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
      const tag = DG_TAGS[n];
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
