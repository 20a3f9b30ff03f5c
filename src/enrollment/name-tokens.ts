// ICAO 9303-3 §4: apostrophes and full stops are dropped, hyphens and spaces become fillers.
const DROPPED = /['’ʼ‘`´.,]/g;
const SEPARATORS = /[\s<\-‐‑‒–—]+/u;

/**
 * Splits a name as written anywhere (register, MRZ with `<` or spaces, a card) into upper-case,
 * NFC tokens. The tokens keep their national characters: transliteration happens when comparing,
 * so every spelling ICAO allows can be tried.
 */
export function nameTokens(name: string): string[] {
  return (
    name
      // Upper-case first: it can produce combining marks (i̇ → I + ◌̇) that NFC then composes.
      .toUpperCase()
      .normalize('NFC')
      .replace(DROPPED, '')
      .split(SEPARATORS)
      .filter((t) => t.length > 0)
  );
}
