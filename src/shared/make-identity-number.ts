import { control, K1, K2 } from './identity-number.js';

/**
 * Builds a valid identity number for test persons: synthetic (month + 80) unless told
 * otherwise, D-number (day + 40) on request. Individual numbers are tried from `individual`
 * upwards until both control digits exist. Only sandbox data and tests call this.
 *
 * @example makeIdentityNumber({ birthDate: '1971-01-01' }) // '01817100...'
 */
export function makeIdentityNumber(opts: {
  birthDate: string;
  dNumber?: boolean;
  synthetic?: boolean;
  individual?: number;
}): string {
  const [y, m, dd] = opts.birthDate.split('-').map(Number) as [number, number, number];
  const day = dd + (opts.dNumber ? 40 : 0);
  const month = m + (opts.synthetic === false ? 0 : 80);
  const yy = y % 100;
  // Individual-number ranges per century (see parseIdentityNumber).
  const [lo, hi] = y >= 2000 ? [500, 999] : y >= 1900 ? [0, 499] : [500, 749];
  for (let n = Math.max(lo, opts.individual ?? lo); n <= hi; n++) {
    const base = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(yy).padStart(2, '0')}${String(n).padStart(3, '0')}`;
    const digits = [...base].map(Number);
    const k1 = control(digits, K1);
    if (k1 === 10) continue;
    const k2 = control([...digits, k1], K2);
    if (k2 === 10) continue;
    return `${base}${k1}${k2}`;
  }
  throw new Error(`no valid identity number for ${opts.birthDate}`);
}
