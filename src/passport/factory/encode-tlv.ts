/**
 * ICAO 9303-10 LDS files are BER-TLV with application and private tags of one or two bytes
 * (0x61, 0x5F1F, 0x7F61…). The tag is written as its big-endian bytes exactly as the ICAO tables
 * print it, the length in DER form (short form below 128, else 0x81/0x82/0x83 + bytes).
 *
 * @example
 *   encodeTlv(0x61, encodeTlv(0x5f1f, mrzBytes)); // DG1
 */
export function encodeTlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  if (tagBytes.length === 0) tagBytes.push(0);
  const length = values.reduce((n, v) => n + v.length, 0);
  const lengthBytes: number[] = [];
  if (length < 0x80) {
    lengthBytes.push(length);
  } else {
    for (let l = length; l > 0; l = Math.floor(l / 256)) lengthBytes.unshift(l & 0xff);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + length);
  out.set(tagBytes, 0);
  out.set(lengthBytes, tagBytes.length);
  let offset = tagBytes.length + lengthBytes.length;
  for (const v of values) {
    out.set(v, offset);
    offset += v.length;
  }
  return out;
}
