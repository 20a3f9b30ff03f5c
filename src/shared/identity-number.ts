import { err, ok, type Result } from './result.js';

export interface IdentityNumber {
  /** The 11 digits. Never log this. */
  readonly value: string;
  /** fødselsnummer or D-number (day + 40). */
  readonly kind: 'fnr' | 'dnr';
  /** Synthetic test number (month + 80, the Tenor/TestID convention). */
  readonly synthetic: boolean;
  /** YYYY-MM-DD from the number's date and individual digits. */
  readonly birthDate: string;
}

export type IdentityNumberError =
  'pid.format' | 'pid.checksum' | 'pid.date' | 'pid.synthetic-not-allowed' | 'pid.synthetic-required';

export const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
export const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The mod-11 control digit over `digits` with `weights`; 10 means the number cannot exist. */
export function control(digits: number[], weights: number[]): number {
  const r = 11 - (weights.reduce((s, w, i) => s + w * digits[i]!, 0) % 11);
  return r === 11 ? 0 : r;
}

/** Century from the individual number (digits 7–9), per the population register's rules. */
function century(individual: number, yy: number): number | undefined {
  if (individual <= 499) return 1900;
  if (individual <= 749 && yy >= 54) return 1800;
  if (individual >= 900 && yy >= 40) return 1900;
  if (individual >= 500 && yy <= 39) return 2000;
  return undefined;
}

/**
 * Checks a fødselsnummer or D-number: 11 digits, both mod-11 control digits, a real date.
 * Synthetic numbers (month + 80) are test persons: accepted only where `synthetic` allows.
 *
 * @example parseIdentityNumber('01817112390', { synthetic: 'only' })
 */
export function parseIdentityNumber(
  input: string,
  options: { synthetic: 'allow' | 'deny' | 'only' },
): Result<IdentityNumber, IdentityNumberError> {
  const value = input.replace(/\s/g, '');
  if (!/^\d{11}$/.test(value)) return err('pid.format', 'an identity number has exactly 11 digits');
  const d = [...value].map(Number);
  if (control(d, K1) !== d[9] || control(d, K2) !== d[10]) {
    return err('pid.checksum', 'the control digits do not match; check for a typing error');
  }
  let day = d[0]! * 10 + d[1]!;
  let month = d[2]! * 10 + d[3]!;
  const yy = d[4]! * 10 + d[5]!;
  const kind = day > 40 ? 'dnr' : 'fnr';
  if (kind === 'dnr') day -= 40;
  const synthetic = month > 80;
  if (synthetic) month -= 80;
  const c = century(d[6]! * 100 + d[7]! * 10 + d[8]!, yy);
  const date = c === undefined ? undefined : new Date(Date.UTC(c + yy, month - 1, day));
  if (!date || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return err('pid.date', 'the first six digits are not a valid date of birth');
  }
  if (synthetic && options.synthetic === 'deny') {
    return err('pid.synthetic-not-allowed', 'synthetic test numbers are not accepted here');
  }
  if (!synthetic && options.synthetic === 'only') {
    return err('pid.synthetic-required', 'only synthetic test numbers (month + 80) are accepted here');
  }
  return ok({ value, kind, synthetic, birthDate: date.toISOString().slice(0, 10) });
}
