import { mrzCheckDigit } from './mrz-check-digit.js';

/** The holder and document data printed in the MRZ (dates as ISO `YYYY-MM-DD`). */
export interface TestPerson {
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  /** ICAO 3-letter code, e.g. `NOR`, `UTO`, `D<<`. */
  readonly nationality: string;
  readonly birthDate: string;
  readonly sex: 'M' | 'F' | 'X';
  readonly expiryDate: string;
  /** ICAO 3-letter code of the issuing state; must belong to the CSCA's country for a valid chip. */
  readonly issuingState: string;
  /** `P` (default for TD3), `PN`, `ID`/`I<` (default for TD1)… */
  readonly documentCode?: string;
  /** TD3 personal number / TD1 optional data, at most 14 / 15 characters. */
  readonly optionalData?: string;
}

/** Which printed check digit to make wrong (the composite digit is recomputed after it). */
export type MrzCheckDigitField =
  'document-number' | 'birth-date' | 'expiry-date' | 'optional-data' | 'composite';

export interface MrzOptions {
  readonly format?: 'TD3' | 'TD1';
  readonly corruptCheckDigit?: MrzCheckDigitField;
}

/**
 * Builds the MRZ of a passport (TD3: 2 × 44) or identity card (TD1: 3 × 30) as one string without
 * line breaks, which is what DG1 holds. Names are reduced to the MRZ alphabet the way ICAO 9303-3
 * §6 does for Latin names without diacritics (upper case; spaces, hyphens and apostrophes become
 * fillers) and truncated to the field; tests that need transliteration pass the MRZ form directly.
 *
 * @example
 *   buildMrz({ surname: 'Eriksson', givenNames: 'Anna Maria', documentNumber: 'L898902C3', ... });
 */
export function buildMrz(person: TestPerson, options: MrzOptions = {}): string {
  const format = options.format ?? 'TD3';
  const docNumber = field(person.documentNumber, 9);
  const birth = yymmdd(person.birthDate);
  const expiry = yymmdd(person.expiryDate);
  const sex = person.sex === 'X' ? '<' : person.sex;
  const wrong = (d: string): string => String((Number(d) + 1) % 10);
  const cd = (name: MrzCheckDigitField, value: string): string =>
    options.corruptCheckDigit === name ? wrong(mrzCheckDigit(value)) : mrzCheckDigit(value);

  if (format === 'TD3') {
    const code = field(person.documentCode ?? 'P', 2);
    const line1 = code + field(person.issuingState, 3) + nameField(person, 39);
    const optional = field(person.optionalData ?? '', 14);
    const docPart = docNumber + cd('document-number', docNumber);
    const birthPart = birth + cd('birth-date', birth);
    const expiryPart = expiry + cd('expiry-date', expiry);
    const optionalPart = optional + cd('optional-data', optional);
    const composite = cd('composite', docPart + birthPart + expiryPart + optionalPart);
    const line2 =
      docPart + field(person.nationality, 3) + birthPart + sex + expiryPart + optionalPart + composite;
    return assertLength(line1, 44) + assertLength(line2, 44);
  }

  const code = field(person.documentCode ?? 'ID', 2);
  const optional1 = field(person.optionalData ?? '', 15);
  const line1 =
    code + field(person.issuingState, 3) + docNumber + cd('document-number', docNumber) + optional1;
  const birthPart = birth + cd('birth-date', birth);
  const expiryPart = expiry + cd('expiry-date', expiry);
  const optional2 = field('', 11);
  const compositeInput = line1.slice(5, 30) + birthPart + expiryPart + optional2;
  const line2 =
    birthPart + sex + expiryPart + field(person.nationality, 3) + optional2 + cd('composite', compositeInput);
  const line3 = nameField(person, 30);
  return assertLength(line1, 30) + assertLength(line2, 30) + assertLength(line3, 30);
}

function toMrzAlphabet(s: string): string {
  return s
    .toUpperCase()
    .replace(/[\s\-']/g, '<')
    .replace(/[^A-Z0-9<]/g, '');
}

function field(value: string, width: number): string {
  return toMrzAlphabet(value).slice(0, width).padEnd(width, '<');
}

function nameField(person: TestPerson, width: number): string {
  return field(`${toMrzAlphabet(person.surname)}<<${toMrzAlphabet(person.givenNames)}`, width);
}

function yymmdd(iso: string): string {
  const m = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`buildMrz: date ${JSON.stringify(iso)} is not YYYY-MM-DD`);
  return `${m[2]}${m[3]}${m[4]}`;
}

function assertLength(line: string, n: number): string {
  if (line.length !== n) throw new Error(`buildMrz: line of ${line.length} characters, expected ${n}`);
  return line;
}
