import { err, ok, type Result } from '../shared/result.js';
import { ORDER_CODE_ALPHABET } from './order-code-alphabet.js';

const VALID = new RegExp(`^[${ORDER_CODE_ALPHABET}]{8}$`);

/**
 * Reads a code as a person types it: any case, with or without the hyphen or spaces. Returns the
 * canonical `XXXX-XXXX` form the store indexes by.
 *
 * @example parseOrderCode(' k7qf 3m9p ') // ok('K7QF-3M9P')
 */
export function parseOrderCode(input: string): Result<string, 'order-code.format'> {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!VALID.test(compact)) return err('order-code.format', 'an order code is 8 letters and digits');
  return ok(`${compact.slice(0, 4)}-${compact.slice(4)}`);
}
