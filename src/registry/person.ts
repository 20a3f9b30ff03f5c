/**
 * The register's lifecycle status of a person, mapped from Folkeregisteret's `personstatus`
 * (see `mapRegisterStatus` and docs/population-register.md for the table). Only `active` may be
 * enrolled: it covers both `bosatt` (fødselsnummer, resident) and `midlertidig`/`aktiv` (a D-number
 * in use), because a foreign resident with a valid D-number is exactly who this eID is for.
 */
export type PersonStatus =
  | 'active'
  | 'inactive'
  | 'emigrated'
  | 'deceased'
  | 'ceased'
  | 'missing'
  | 'not-resident'
  | 'birth-registered'
  | 'other';

/** An identity document the register holds for the person (`legitimasjonsdokument`). */
export interface IdentityDocument {
  /** Our reading of the register's document type; `other` when it is neither of the two. */
  readonly type: 'passport' | 'national-id-card' | 'other';
  /** The register's own document type value, kept for audit and for types we do not know. */
  readonly registerType: string;
  /** Document number as the register holds it; absent when the register has none. */
  readonly number?: string;
  /** Issuing state as an ICAO 9303 code (see `registerCountryToIcao`). */
  readonly issuingCountry: string;
  readonly validFrom?: string;
  readonly validTo?: string;
}

/**
 * A person as the population register holds them today (current values only, no history).
 * Names are exactly as registered (case, diacritics, Æ/Ø/Å, hyphens); comparing them with a chip
 * is the matcher's job, after ICAO 9303 transliteration.
 */
export interface Person {
  /** The identifier in use now. It differs from the number asked for when that one has ceased
   * (e.g. a D-number replaced by a fødselsnummer): callers compare and decide. Never log it. */
  readonly identityNumber: string;
  readonly kind: 'fnr' | 'dnr';
  /** `fornavn` split on white space, in order: "Anna Maria" → ["Anna", "Maria"]. */
  readonly givenNames: readonly string[];
  /** `mellomnavn`, when registered (a Norwegian middle name is a family-type name). */
  readonly middleName?: string;
  /** `etternavn` as registered, e.g. "Ødegård" or "García-Márquez". */
  readonly familyName: string;
  /** YYYY-MM-DD; null when the register holds only a birth year (matching must then fail closed). */
  readonly birthDate: string | null;
  readonly status: PersonStatus;
  /** The register's own status value (e.g. `bosatt`, `midlertidig`), kept for audit. */
  readonly registerStatus: string;
  /** `doedsfall.doedsdato`, when registered. */
  readonly deathDate?: string;
  /** `utflytting.tilflyttingsland` as an ICAO code, when registered. */
  readonly emigratedTo?: string;
  /** Current citizenships as ICAO 9303 nationality codes (alpha-3, Germany "D", stateless "XXA"). */
  readonly citizenships: readonly string[];
  readonly identityDocuments: readonly IdentityDocument[];
}
