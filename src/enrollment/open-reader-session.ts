import { err, ok, type Result } from '../shared/result.js';
import type { Order } from './order.js';
import type { RegistrationDeps } from './registration-deps.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';

/**
 * The reader app's first call: the one-time token from the QR code (single use), or the order
 * code typed by hand (rate limited per source and per code). Either gives a session bound to
 * the order; opening one ends the order's previous session. Unknown, used and expired tokens
 * answer alike, and so does a typed code of an order that is not waiting for its passport.
 */
export async function openReaderSession(
  deps: RegistrationDeps,
  input: { token?: string | undefined; orderCode?: string | undefined; source: string },
): Promise<
  Result<{ session: string; order: Order }, 'reader.token-invalid' | 'rate.limited' | 'reader.order-closed'>
> {
  const bySource = await deps.limiter.hit(`reader-open-ip:${input.source}`, limits.readerOpenPerSource);
  if (!bySource.allowed) return err('rate.limited', 'too many attempts from this address');
  const invalid = err('reader.token-invalid', 'the code is unknown, used or expired; scan the QR code again');
  let orderId: string | undefined;
  if (input.token) {
    orderId = await deps.readers.consumeToken(input.token);
  } else if (input.orderCode) {
    const code = input.orderCode
      .toUpperCase()
      .replace(/[^0-9A-Z]/g, '')
      .slice(0, 16);
    const byCode = await deps.limiter.hit(`reader-open-code:${code}`, limits.readerOpenPerCode);
    if (!byCode.allowed) return err('rate.limited', 'too many attempts for this order code');
    const found = await deps.orders.findByCode(input.orderCode);
    // A typed code answers alike for "unknown" and "exists but not open": no oracle for guessers.
    if (!found.ok || found.value.state !== 'created') return invalid;
    orderId = found.value.id;
  }
  if (!orderId) return invalid;
  const order = await deps.orders.get(orderId);
  if (!order.ok) return invalid;
  // Only after the unguessable QR token: its holder may learn that the order moved on.
  if (order.value.state !== 'created') {
    return err(
      'reader.order-closed',
      `the order is ${order.value.state}; the passport was read already or the order ended`,
    );
  }
  const ttl = deps.settings.readerTokenTtlSeconds;
  const session = await deps.readers.openSession(orderId, ttl);
  await deps.vault.update(orderId, { readerToken: undefined, readerConnected: true });
  deps.log.info(
    { event: 'reader.session-opened', orderId, by: input.token ? 'qr' : 'order-code' },
    'reader session opened',
  );
  return ok({ session, order: order.value });
}
