import type { ChipHolder } from './chip-holder.js';
import { mrzNameFieldLength } from './mrz-name-field-length.js';
import { nameTokens } from './name-tokens.js';
import { personMismatch, type PersonMismatch } from './person-mismatch.js';
import type { RegisterPerson } from './register-person.js';
import { spellsAsMrz } from './spells-as-mrz.js';

/**
 * Pairs every MRZ given name with a distinct register name (any order). Register names in
 * `required` must all be used, except when the MRZ was truncated: ICAO truncation shortens names
 * from the end, down to initials if need be, and drops the ones that do not fit, so then every
 * MRZ name may be a shortened (prefix) form and register names may be missing. `optional` names
 * (a middle name not used in the surname) may be used or not.
 */
function givenNamesMatch(
  mrz: readonly string[],
  required: readonly string[],
  optional: readonly string[],
  truncated: boolean,
): boolean {
  const pool = [
    ...required.map((t) => ({ t, required: true })),
    ...optional.map((t) => ({ t, required: false })),
  ];
  const used = new Array<boolean>(pool.length).fill(false);
  const assign = (k: number): boolean => {
    if (k === mrz.length) return truncated || pool.every((p, i) => used[i] || !p.required);
    for (let i = 0; i < pool.length; i += 1) {
      if (used[i] || !spellsAsMrz(pool[i]!.t, mrz[k]!, truncated)) continue;
      used[i] = true;
      if (assign(k + 1)) return true;
      used[i] = false;
    }
    return false;
  };
  return assign(0);
}

/**
 * The name part of the person match: the MRZ primary identifier against the family name (with
 * the middle name in front of or behind it, or not at all), and the MRZ secondary identifier
 * against the given names (order free, plus the middle name if the surname did not use it).
 * A name that fills the MRZ name field is taken as possibly truncated and compared as a prefix.
 */
export function matchNames(chip: ChipHolder, register: RegisterPerson): PersonMismatch[] {
  const primary = nameTokens(chip.primaryIdentifier);
  const secondary = nameTokens(chip.secondaryIdentifier);
  const field = primary.join('<') + (secondary.length > 0 ? `<<${secondary.join('<')}` : '');
  const truncated = field.length >= mrzNameFieldLength(chip);
  const primaryTruncated = truncated && secondary.length === 0;

  const family = nameTokens(register.familyName);
  const middle = nameTokens(register.middleName ?? '');
  const given = register.givenNames.flatMap(nameTokens);

  const surnames = [{ tokens: family, middleUsed: false }];
  if (middle.length > 0) {
    surnames.push({ tokens: [...middle, ...family], middleUsed: true });
    surnames.push({ tokens: [...family, ...middle], middleUsed: true });
  }
  const fitting = surnames.filter(
    (s) => s.tokens.length > 0 && spellsAsMrz(s.tokens.join('<'), primary.join('<'), primaryTruncated),
  );

  const out: PersonMismatch[] = [];
  if (fitting.length === 0) out.push(personMismatch('match.name', 'family name differs from the chip'));

  // When the surname filled the whole field the given names were cut off: nothing left to compare
  // them with, so only a person without given names can pass.
  const givenOk = primaryTruncated
    ? given.length === 0
    : (fitting.length > 0 ? fitting : surnames).some((s) =>
        givenNamesMatch(secondary, given, s.middleUsed ? [] : middle, truncated),
      );
  if (!givenOk) out.push(personMismatch('match.given-names', 'given names differ from the chip'));
  return out;
}
