import type { ChipHolder } from './chip-holder.js';
import { matchBirthDate } from './match-birth-date.js';
import { matchNames } from './match-names.js';
import { personMismatch, type PersonMismatch, type PersonMismatchCode } from './person-mismatch.js';
import type { RegisterPerson } from './register-person.js';
import { err, ok, type Err, type Ok } from '../shared/result.js';
import { sameCountry } from './same-country.js';

export interface MatchPersonOptions {
  /** MRZ month/day marked unknown (`<<`, `XX`) or register `00`: skip (default) or refuse. */
  readonly unknownBirthDateParts?: 'accept' | 'reject';
  /**
   * 'same-issuer' (default): when the register holds a document of the chip's issuing state (or
   * one without a country), the chip's number must be one of them; a register without such a
   * document is not a mismatch (it may simply not know this passport). 'ignore': never compared.
   */
  readonly documentNumber?: 'same-issuer' | 'ignore';
}

/** ok, or every reason at once; `code` is the first of them (names first), for callers that key on one. */
export type PersonMatchResult =
  | Ok<true>
  | (Err<PersonMismatchCode> & { readonly mismatches: readonly [PersonMismatch, ...PersonMismatch[]] });

const documentNumber = (s: string) => s.toUpperCase().replace(/[<\s-]/g, '');

/**
 * Decides whether a verified chip belongs to the register entry of the identity number the user
 * gave (architecture §5, "Person"). All rules run, so the page can list every reason at once.
 *
 * @example
 *   const r = matchPerson(chipHolder, registerPerson);
 *   if (!r.ok) showReasons(r.mismatches.map((m) => m.explanationKey)); // r.code: the first reason
 */
export function matchPerson(
  chip: ChipHolder,
  register: RegisterPerson,
  options: MatchPersonOptions = {},
): PersonMatchResult {
  const mismatches: PersonMismatch[] = [...matchNames(chip, register)];

  const birth = matchBirthDate(chip.dateOfBirth, register.birthDate, options.unknownBirthDateParts);
  if (birth) mismatches.push(birth);

  if (
    register.citizenships.length > 0 &&
    !register.citizenships.some((c) => sameCountry(c, chip.nationality))
  ) {
    mismatches.push(
      personMismatch('match.nationality', 'nationality on the chip is not among the registered ones'),
    );
  }

  if ((options.documentNumber ?? 'same-issuer') === 'same-issuer') {
    const comparable = register.documents.filter(
      (d) => !d.country || sameCountry(d.country, chip.issuingState),
    );
    const number = documentNumber(chip.documentNumber);
    if (comparable.length > 0 && !comparable.some((d) => documentNumber(d.number) === number)) {
      mismatches.push(
        personMismatch('match.document-number', 'document number differs from the registered one'),
      );
    }
  }

  const [first, ...rest] = mismatches;
  if (!first) return ok(true);
  return { ...err(first.code, mismatches.map((m) => m.detail).join('; ')), mismatches: [first, ...rest] };
}
