import { mrzSpellingsOfChar } from './mrz-spellings-of-char.js';

/**
 * Whether `mrz` (A–Z and `<`) is a spelling of `name` (upper-case, NFC, tokens joined by `<`)
 * that the ICAO table allows, choosing per character among the permitted spellings. With
 * `prefix`, it is enough that `mrz` is the beginning of such a spelling: the MRZ cuts a name that
 * does not fit at the end of its field, possibly in the middle of a two-letter spelling (Ü → U|E).
 *
 * A search rather than one canonical form, because the table is not invertible (AE may be Ä, Æ
 * or A+E) and one name may mix a recommended and a permitted spelling.
 */
export function spellsAsMrz(name: string, mrz: string, prefix = false): boolean {
  const chars = [...name];
  const seen = new Set<string>();
  const walk = (i: number, j: number): boolean => {
    if (j === mrz.length) return prefix || i === chars.length;
    if (i === chars.length) return false;
    const state = `${i}:${j}`;
    if (seen.has(state)) return false;
    seen.add(state);
    const c = chars[i]!;
    const spellings = c === '<' ? ['<'] : mrzSpellingsOfChar(c);
    for (const s of spellings) {
      const rest = mrz.length - j;
      if (mrz.startsWith(s, j)) {
        if (walk(i + 1, j + s.length)) return true;
      } else if (prefix && rest < s.length && s.startsWith(mrz.slice(j))) {
        return true;
      }
    }
    return false;
  };
  return walk(0, 0);
}
