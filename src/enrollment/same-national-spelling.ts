import { ICAO_LATIN_TRANSLITERATIONS } from './icao-latin-transliterations.js';

// For every national character with more than one permitted spelling, each pair of different
// spellings (Ø: OE/O, Ü: UE/UXX/U, …): the places where two A–Z names may differ and still be
// the same national name.
const PAIRS: readonly (readonly [string, string])[] = Object.values(ICAO_LATIN_TRANSLITERATIONS).flatMap(
  (spellings) => spellings.flatMap((s) => spellings.filter((t) => t !== s).map((t) => [s, t] as const)),
);

/**
 * Whether two names already in A–Z could both be permitted MRZ spellings of one national name:
 * OSTBY and OESTBY (Ø), MULLER and MUELLER (Ü). This is the reverse direction of the table, for
 * sources that lost the national characters (a payment card's embossed name): the MRZ says OE,
 * which may have been Ø, which the card may write as O.
 *
 * Looser than `spellsAsMrz` (JOEL and JOL pass too), so the register match, where the register
 * keeps the national characters, does not use it.
 */
export function sameNationalSpelling(a: string, b: string): boolean {
  const seen = new Set<string>();
  const walk = (i: number, j: number): boolean => {
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    const state = `${i}:${j}`;
    if (seen.has(state)) return false;
    seen.add(state);
    if (a[i] === b[j] && walk(i + 1, j + 1)) return true;
    return PAIRS.some(
      ([s, t]) => a.startsWith(s, i) && b.startsWith(t, j) && walk(i + s.length, j + t.length),
    );
  };
  return walk(0, 0);
}
