import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens bound to something only this browser's flow has (the interaction id, which the
 * provider ties to the browser with its own signed cookie), so no server-side token store is
 * needed and a token from one interaction is useless in another.
 */
export function csrfToken(key: string, binding: string): string {
  return createHmac('sha256', key).update(`csrf\0${binding}`).digest('base64url');
}

export function verifyCsrfToken(key: string, binding: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(csrfToken(key, binding));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
