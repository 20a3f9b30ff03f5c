import { ICAO_LATIN_TRANSLITERATIONS } from './icao-latin-transliterations.js';

const COMBINING_MARKS = /\p{M}/gu;
const MRZ_LETTERS = /^[A-Z]*$/;

/**
 * The MRZ spellings one (upper-case, NFC) character may have: the ICAO table first, then the
 * base letter of a decomposable accented letter. An empty list means the character has no MRZ
 * form (another script, a digit in a name): a name containing it can never match, which sends
 * the case to manual handling rather than guessing.
 */
export function mrzSpellingsOfChar(char: string): readonly string[] {
  const listed = ICAO_LATIN_TRANSLITERATIONS[char];
  if (listed) return listed;
  if (/^[A-Z]$/.test(char)) return [char];
  // A mark NFC could not compose onto its letter (Q̃) only decorates it: it spells as nothing.
  if (/^\p{M}$/u.test(char)) return [''];
  // toUpperCase may expand (ß → SS); the decomposition strips accents (Ś → S).
  const base = char.toUpperCase().normalize('NFD').replace(COMBINING_MARKS, '');
  return base.length > 0 && MRZ_LETTERS.test(base) ? [base] : [];
}
