import type { HolderName } from './payment-provider.js';

/** Compares the order holder's name with a cardholder name the way an issuer's name check would. */
export type NameMatcher = (holder: HolderName, cardholderName: string) => 'match' | 'partial' | 'no-match';

/**
 * The sandbox's default name rule, deliberately simple: case, diacritics, punctuation and word
 * order are ignored; every word equal → `match`; all surname words present and at least one
 * given name (or its initial) too → `partial`; otherwise `no-match`. The production rule
 * (ICAO 9303 transliteration) is another module's and plugs in through `NameMatcher`.
 *
 * @example
 *   normalisedNameMatcher({ givenNames: 'Åse Marie', surname: 'Øvrebø' }, 'ASE MARIE OVREBO'); // 'match'
 *   normalisedNameMatcher({ givenNames: 'Åse Marie', surname: 'Øvrebø' }, 'A OVREBO'); // 'partial'
 */
export const normalisedNameMatcher: NameMatcher = (holder, cardholderName) => {
  const given = words(holder.givenNames);
  const surname = words(holder.surname);
  const card = words(cardholderName);
  if (card.length === 0) return 'no-match';
  const all = [...given, ...surname];
  if (sameWords(all, card)) return 'match';
  const surnameOnCard = surname.every((s) => card.includes(s));
  const givenOnCard = given.some((g) => card.some((c) => c === g || (c.length === 1 && g.startsWith(c))));
  return surnameOnCard && (given.length === 0 || givenOnCard) ? 'partial' : 'no-match';
};

/** Letters that NFKD does not decompose into a base letter plus a mark. */
const FOLD: Readonly<Record<string, string>> = {
  Ø: 'O',
  Æ: 'AE',
  Œ: 'OE',
  ß: 'SS',
  Ð: 'D',
  Þ: 'TH',
  Ł: 'L',
  Đ: 'D',
};

function words(s: string): string[] {
  return s
    .toUpperCase()
    .replace(/[ØÆŒÐÞŁĐ]|ß/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Z\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}
