import { refundOrderPayment } from './refund-order-payment.js';
import type { RegistrationDeps } from './registration-deps.js';

/**
 * How long a claimed entry is hidden from other instances while this one asks the PSP: well over
 * a batch's worst case (5 refunds × 3 tries × 10 s timeout with the Adyen defaults).
 */
const LEASE_MS = 10 * 60_000;

/**
 * The refund job: asks the PSP again for every owed refund that is due (same idempotency key,
 * so a refund the PSP did make despite a lost answer is not made twice). Run every minute on each
 * instance; claiming is atomic, so instances share the work without doing any twice.
 *
 * @example setInterval(() => void retryOwedRefunds(deps), 60_000).unref();
 */
export async function retryOwedRefunds(
  deps: Pick<RegistrationDeps, 'payments' | 'audit' | 'log' | 'owedRefunds' | 'clock'>,
  opts: { limit?: number } = {},
): Promise<{ asked: number; refunded: number }> {
  const due = await deps.owedRefunds.claimDue(deps.clock.now(), opts.limit ?? 5, LEASE_MS);
  let refunded = 0;
  for (const owed of due) {
    const { orderId, pspReference, amount, reason } = owed;
    const outcome = await refundOrderPayment(deps, { orderId, pspReference, amount, reason }, owed);
    if (outcome === 'requested') refunded++;
  }
  if (due.length)
    deps.log.info(
      { event: 'payment.refund-retries', asked: due.length, refunded },
      'owed refunds asked again',
    );
  return { asked: due.length, refunded };
}
