import { err, ok, type Result } from '../shared/result.js';
import type { RegistrationDeps } from './registration-deps.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';

/** A fresh Active Authentication challenge for the order the reader session belongs to. */
export async function issueReaderChallenge(
  deps: RegistrationDeps,
  orderId: string,
): Promise<Result<{ challenge: Uint8Array; expiresAt: Date }, 'reader.order-closed' | 'rate.limited'>> {
  const order = await deps.orders.get(orderId);
  if (!order.ok || order.value.state !== 'created')
    return err('reader.order-closed', 'the order does not take a passport read now');
  const rate = await deps.limiter.hit(`reader-challenge:${orderId}`, limits.challengesPerOrder);
  if (!rate.allowed) return err('rate.limited', 'too many challenges for this order');
  return ok(await deps.aa.issue(orderId));
}
