import { err, ok, type Result } from '../shared/result.js';
import { ORDER_CODE_ALPHABET } from '../enrollment/order-code-alphabet.js';

const VALID = new RegExp(`^[${ORDER_CODE_ALPHABET}]{16}$`);

/**
 * Reads an activation secret as typed or scanned: any case, with or without hyphens and spaces.
 *
 * @example normalizeActivationSecret('k7qf 3m9p-t2xw 8hna') // ok('K7QF3M9PT2XW8HNA')
 */
export function normalizeActivationSecret(input: string): Result<string, 'activation.format'> {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!VALID.test(compact)) return err('activation.format', 'an activation code is 16 letters and digits');
  return ok(compact);
}
