import { randomInt } from 'node:crypto';
import { ORDER_CODE_ALPHABET } from '../enrollment/order-code-alphabet.js';

/**
 * 16 characters of the order-code alphabet in groups of four (`K7QF-3M9P-T2XW-8HNA`), about 78
 * bits: far beyond online guessing past the rate limits, and still short enough to type from a
 * receipt on a phone.
 */
export function generateActivationSecret(pick: (n: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < 16; i += 1) s += ORDER_CODE_ALPHABET[pick(ORDER_CODE_ALPHABET.length)];
  return s.match(/.{4}/g)!.join('-');
}
