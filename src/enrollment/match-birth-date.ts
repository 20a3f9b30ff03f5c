import { personMismatch, type PersonMismatch } from './person-mismatch.js';

const UNKNOWN = /^[<X]{2}$/;
const REGISTER_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * MRZ YYMMDD against the register's YYYY-MM-DD. The MRZ has no century, so the register's is
 * taken: only the last two digits of the year are compared. The year must be known on both
 * sides. A month or day the MRZ marks unknown (`<<` or `XX`, as 9303-3 allows), or the register
 * writes as `00`, is skipped when `unknownParts` is 'accept' (the default) and is a mismatch when
 * it is 'reject'.
 */
export function matchBirthDate(
  mrz: string,
  register: string,
  unknownParts: 'accept' | 'reject' = 'accept',
): PersonMismatch | undefined {
  const r = REGISTER_DATE.exec(register);
  const fail = (detail: string) => personMismatch('match.birth-date', detail);
  if (mrz.length !== 6 || !r) return fail('date of birth is malformed on the chip or in the register');
  const parts = [mrz.slice(0, 2), mrz.slice(2, 4), mrz.slice(4, 6)] as const;
  const theirs = [r[1]!.slice(2), r[2]!, r[3]!] as const;
  if (!/^\d{2}$/.test(parts[0]) || parts[0] !== theirs[0]) return fail('year of birth differs');
  for (const i of [1, 2] as const) {
    const unknown = UNKNOWN.test(parts[i]) || theirs[i] === '00';
    if (unknown) {
      if (unknownParts === 'reject') return fail('part of the date of birth is unknown');
      continue;
    }
    if (!/^\d{2}$/.test(parts[i])) return fail('date of birth is malformed on the chip');
    if (parts[i] !== theirs[i]) return fail(i === 1 ? 'month of birth differs' : 'day of birth differs');
  }
  return undefined;
}
