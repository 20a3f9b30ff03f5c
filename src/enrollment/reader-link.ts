import type { RegistrationDeps } from './registration-deps.js';

/**
 * The one-time reader token the read-passport page shows as QR code and deep link. Reused while
 * it is unused and fresh (the page refreshes itself), replaced on request or when expired.
 */
export async function readerLink(
  deps: RegistrationDeps,
  orderId: string,
  options: { renew?: boolean } = {},
): Promise<{ token?: string; expiresAt?: string; connected: boolean } | undefined> {
  const priv = await deps.vault.get(orderId);
  if (!priv) return undefined;
  const now = deps.clock.now().getTime();
  const current = priv.readerToken;
  if (!options.renew && current && Date.parse(current.expiresAt) - 60_000 > now) {
    return { ...current, connected: priv.readerConnected ?? false };
  }
  // The app has the order already: no new token unless the user asks for one (a second phone).
  if (!options.renew && priv.readerConnected) return { connected: true };
  // The replaced token stops working: a photo of the old QR code opens nothing.
  if (current) await deps.readers.dropToken(current.token);
  const ttl = deps.settings.readerTokenTtlSeconds;
  const token = await deps.readers.issueToken(orderId, ttl);
  const readerToken = { token, expiresAt: new Date(now + ttl * 1000).toISOString() };
  await deps.vault.update(orderId, { readerToken, readerConnected: false });
  return { ...readerToken, connected: false };
}
