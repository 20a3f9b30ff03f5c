import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  secret: string,
  salt: Buffer,
  length: number,
  options: object,
) => Promise<Buffer>;

const PARAMS = { N: 16384, r: 8, p: 1 };

/**
 * Administrator secrets are stored as `scrypt$salt$hash` (base64url), made with
 * `npm run admin -- hash-secret`. scrypt because people choose these; client secrets, which we
 * generate with 256 bits of entropy, use a plain SHA-256 (see client-secret.ts).
 */
export function hashAdminSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, PARAMS);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Off the event loop's thread (scrypt costs tens of milliseconds), and only for well-formed hashes:
 * a truncated hash must not turn into a zero-length comparison that any secret passes.
 */
export async function verifyAdminSecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const saltBytes = Buffer.from(salt, 'base64url');
  if (expected.length !== 32 || saltBytes.length !== 16) return false;
  const actual = await scryptAsync(secret, saltBytes, expected.length, PARAMS);
  return timingSafeEqual(actual, expected);
}
