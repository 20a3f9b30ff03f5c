/** A copy of `bytes` with one bit flipped at `index` (tests of exact-byte verification). */
export function flipBit(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = (out[index] ?? 0) ^ mask;
  return out;
}
