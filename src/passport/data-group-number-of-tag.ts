// ICAO 9303-10 §4.6: the tag of each elementary file's template.
const TAGS: Readonly<Record<number, number>> = {
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

/** Data group number → template tag and back. */
export function dataGroupNumberOfTag(tag: number): number | undefined {
  for (const [n, t] of Object.entries(TAGS)) if (t === tag) return Number(n);
  return undefined;
}
