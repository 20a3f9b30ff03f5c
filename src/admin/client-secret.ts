import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256$';

/**
 * Client secrets made by the admin API: 256 random bits, shown once, stored only as SHA-256.
 * A fast hash is enough for a secret with that much entropy (scrypt is for secrets people choose)
 * and keeps the token endpoint fast.
 */
export function newClientSecret(): { secret: string; stored: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, stored: storedForm(secret) };
}

export const storedForm = (secret: string) =>
  `${PREFIX}${createHash('sha256').update(secret).digest('base64url')}`;

/** Compares a presented secret with a stored one (hashed, or plain for file-configured clients). */
export function clientSecretMatches(stored: string | undefined, presented: string): boolean {
  if (!stored) return false;
  const [a, b] = stored.startsWith(PREFIX)
    ? [Buffer.from(stored), Buffer.from(storedForm(presented))]
    : [createHash('sha256').update(stored).digest(), createHash('sha256').update(presented).digest()];
  return a.length === b.length && timingSafeEqual(a, b);
}
