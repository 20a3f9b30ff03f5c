import type { ChipHolder } from './chip-holder.js';
import { mrzSpellingsOfChar } from './mrz-spellings-of-char.js';
import { nameTokens } from './name-tokens.js';
import { err, ok, type Err, type Ok } from '../shared/result.js';
import { sameNationalSpelling } from './same-national-spelling.js';
import { spellsAsMrz } from './spells-as-mrz.js';

/** Which part of the card name failed: shown to the user as the reason the card was refused. */
export type CardholderMismatchReason = 'unreadable' | 'surname' | 'given-name';

export type CardholderMatchResult =
  | Ok<true>
  | (Err<'match.cardholder'> & {
      readonly reason: CardholderMismatchReason;
      readonly explanationKey: `error.match.cardholder.${CardholderMismatchReason}`;
    });

// Titles some issuers add to the embossed or track-1 name ("SMITH/JOHN MR").
const TITLES = new Set(['MR', 'MRS', 'MS', 'MISS', 'DR', 'PROF', 'HR', 'FRU']);

/** Card names are "GIVEN SURNAME", "INITIAL SURNAME" or, on track 1 (ISO/IEC 7813), "SURNAME/GIVEN". */
function cardTokens(name: string): string[] {
  const slash = name.indexOf('/');
  const ordered = slash < 0 ? name : `${name.slice(slash + 1)} ${name.slice(0, slash)}`;
  return nameTokens(ordered).filter((t) => !TITLES.has(t));
}

// A card word is the MRZ word when it spells it (the card kept Ø) or when both may spell one
// national name (the card wrote Ø as O where the MRZ has OE).
const sameWord = (card: string, mrz: string): boolean =>
  spellsAsMrz(card, mrz) || (/^[A-Z]+$/.test(card) && sameNationalSpelling(card, mrz));

const isInitialOf = (card: string, mrz: string): boolean =>
  [...card].length === 1 && mrzSpellingsOfChar(card).some((s) => s[0] === mrz[0]);

const fail = (reason: CardholderMismatchReason, detail: string): CardholderMatchResult => ({
  ...err('match.cardholder', detail),
  reason,
  explanationKey: `error.match.cardholder.${reason}`,
});

/**
 * Whether a payment card may be the passport holder's own (architecture §5, "Payment"), under
 * the same transliteration as the register match, plus its reverse: cards are embossed in A–Z, so
 * a card's O may be the Ø that the MRZ wrote as OE. What counts:
 * - the card carries the whole MRZ surname (every part, in order, next to each other), and
 * - at least one other word, and every other word is a given name of the chip, written out or as
 *   its initial, each standing for a different given name (any of them, not only the first:
 *   people are often known by a second given name).
 * So "K NORDMANN" and "OLA NORDMANN" pass for NORDMANN, OLA KARI; "NORDMANN", "PER NORDMANN"
 * and "OLA NORD" do not.
 *
 * @example cardholderMatchesPassport('O NORDMANN', { primaryIdentifier: 'NORDMANN', secondaryIdentifier: 'OLA' })
 */
export function cardholderMatchesPassport(
  cardholderName: string,
  chip: Pick<ChipHolder, 'primaryIdentifier' | 'secondaryIdentifier'>,
): CardholderMatchResult {
  const card = cardTokens(cardholderName);
  const surname = nameTokens(chip.primaryIdentifier);
  const given = nameTokens(chip.secondaryIdentifier);
  if (card.length === 0 || surname.length === 0) return fail('unreadable', 'no name to compare');

  let rest: string[] | undefined;
  for (let start = 0; start + surname.length <= card.length && !rest; start += 1) {
    if (surname.every((s, k) => sameWord(card[start + k]!, s))) {
      rest = [...card.slice(0, start), ...card.slice(start + surname.length)];
    }
  }
  if (!rest) return fail('surname', 'the surname on the card is not the surname in the passport');
  if (rest.length === 0) return fail('given-name', 'the card shows no given name or initial');

  const used = new Array<boolean>(given.length).fill(false);
  const assign = (k: number): boolean => {
    if (k === rest.length) return true;
    const word = rest[k]!;
    for (let i = 0; i < given.length; i += 1) {
      if (used[i] || !(sameWord(word, given[i]!) || isInitialOf(word, given[i]!))) continue;
      used[i] = true;
      if (assign(k + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  if (!assign(0)) return fail('given-name', 'a given name on the card is not in the passport');
  return ok(true);
}
