import { randomInt } from 'node:crypto';
import { ORDER_CODE_ALPHABET } from './order-code-alphabet.js';

/**
 * A fresh order code, 8 characters in two groups of four (`K7QF-3M9P`), uniformly drawn with
 * `node:crypto` (`randomInt` rejects biased draws). `pick` is injectable for tests.
 */
export function generateOrderCode(pick: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += ORDER_CODE_ALPHABET[pick(ORDER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
