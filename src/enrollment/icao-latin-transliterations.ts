/**
 * ICAO Doc 9303 Part 3 (8th ed., 2021), §6 "Transliterations recommended for use by States",
 * table A (Latin characters), reduced to what the MRZ name field needs: every national character
 * → the MRZ spellings we accept, the ICAO **recommended** one first.
 *
 * Later entries are permitted alternatives, because issuers do not all follow the recommendation:
 * - Ñ → NXX and Ü → UXX are the alternatives the table itself lists;
 * - Ä/Ö/Ü/Å/Ø written as the bare base letter (A, O, U) is common practice (Finland, Hungary,
 *   several others, and some reproductions of the table list Ø → O), so refusing it would turn
 *   away genuine holders for a spelling their own state chose.
 *
 * Characters not listed here fall back to Unicode decomposition (É → E + ◌́ → E), which is what
 * the table prescribes for every plain accented letter. Upper-case keys only; callers upper-case.
 */
export const ICAO_LATIN_TRANSLITERATIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Ä: ['AE', 'A'],
  Å: ['AA', 'A'],
  Æ: ['AE'],
  Ç: ['C'],
  Ð: ['D'],
  Đ: ['D'],
  Ñ: ['N', 'NXX'],
  Ö: ['OE', 'O'],
  Ø: ['OE', 'O'],
  Œ: ['OE'],
  Ü: ['UE', 'UXX', 'U'],
  Þ: ['TH'],
  ẞ: ['SS'],
  Ħ: ['H'],
  İ: ['I'],
  Ĳ: ['IJ'],
  Ł: ['L'],
  Ŀ: ['L'],
  Ŋ: ['N'],
  Ŧ: ['T'],
  // Dotless ı upper-cases to I, so it needs no entry; ß upper-cases to SS likewise.
});
