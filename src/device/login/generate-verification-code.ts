import { randomInt } from 'node:crypto';

/** Letters and digits nobody confuses when reading from one screen and comparing with another. */
const ALPHABET = 'ACDEFHJKLMNPRTUVWXY3479';

/**
 * The short code shown in the browser and in the app (4 characters, ~18 bits): the user approves
 * only when both show the same, which defeats a push that an attacker's login triggered at the
 * same moment. Not a secret; it is signed by the app as part of the approval.
 */
export function generateVerificationCode(length = 4): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
