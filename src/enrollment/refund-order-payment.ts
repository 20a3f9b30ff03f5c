import type { Money, RefundReason } from '../payment/payment-provider.js';
import type { RegistrationDeps } from './registration-deps.js';

/**
 * Asks the PSP to give one payment back. The idempotency key depends only on the order and the
 * payment, so the webhook, a redelivery and the issuance re-check together cause one refund.
 * Audited either way; a refused request stays visible (`order.refund-requested` with the code).
 *
 * @example await refundOrderPayment(deps, { orderId, pspReference, amount, reason: 'order-failed' });
 */
export async function refundOrderPayment(
  deps: RegistrationDeps,
  input: { orderId: string; pspReference: string; amount: Money; reason: RefundReason },
): Promise<boolean> {
  const r = await deps.payments.refund({
    pspReference: input.pspReference,
    orderId: input.orderId,
    amount: input.amount,
    idempotencyKey: `${input.orderId}:r:${input.pspReference}`.slice(0, 64),
    reason: input.reason,
  });
  await deps.audit.append({
    actor: 'system',
    action: 'order.refund-requested',
    target: input.orderId,
    outcome: r.ok ? 'ok' : r.code,
  });
  if (!r.ok)
    deps.log.warn({ event: 'payment.refund-failed', orderId: input.orderId, code: r.code }, 'refund failed');
  return r.ok;
}
