/** BER-TLV with a definite length, for hand-built LDS files in tests. */
export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = Buffer.concat(values);
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  const n = value.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Uint8Array.from([...tagBytes, ...len, ...value]);
}
