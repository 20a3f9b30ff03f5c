import { mrzSpellingsOfChar } from './mrz-spellings-of-char.js';
import { nameTokens } from './name-tokens.js';

/**
 * A name in the ICAO-recommended MRZ spelling: tokens joined by `<`, every character by the first
 * (recommended) entry of the table. Characters without an MRZ form are dropped, so the result is
 * always A–Z and `<`. Used to build expected MRZ names (tests, support tooling); matching does not
 * go through it, because it knows only one of the permitted spellings.
 *
 * @example transliterateToMrz('Ærlig Øyvind-Åsmund') // 'AERLIG<OEYVIND<AASMUND'
 */
export function transliterateToMrz(name: string): string {
  return nameTokens(name)
    .map((token) => [...token].map((c) => mrzSpellingsOfChar(c)[0] ?? '').join(''))
    .filter((t) => t.length > 0)
    .join('<');
}
