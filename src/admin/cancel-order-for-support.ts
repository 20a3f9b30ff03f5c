import type { Order } from '../enrollment/order.js';
import type { OrderErrorCode } from '../enrollment/order-error-code.js';
import type { OrderStore } from '../enrollment/order-store.js';
import type { RefundOutcome } from '../enrollment/refund-order-payment.js';
import type { Money } from '../payment/payment-provider.js';
import { ok, type Result } from '../shared/result.js';

/** `queued`: the PSP could not be reached; the refund job asks again (docs/registration.md). */
export type SupportRefund = 'not-needed' | 'requested' | 'queued' | 'failed';

/** Gives one payment back the way the registration does (`refundOrderPayment`, same key). */
export type RefundPayment = (input: {
  orderId: string;
  pspReference: string;
  amount: Money;
  reason: 'customer-request';
}) => Promise<RefundOutcome>;

/**
 * Support cancels an order (the person asked, or it is stuck). A paid order gets its money back
 * through the registration's own refund path: one idempotency key per payment, so cancelling
 * twice, or a registration failure refunding the same payment, pays back once. A refund the PSP
 * refuses is reported (`failed`) and kept for follow-up (metric `eid_refunds_refused`); one that
 * failed only because the PSP could not be reached is owed (`queued`) and asked again by the
 * refund job.
 */
export async function cancelOrderForSupport(
  deps: { orders: OrderStore; refund: RefundPayment; price: Money },
  orderId: string,
  reasonCode: string | undefined,
): Promise<Result<{ order: Order; refund: SupportRefund }, OrderErrorCode>> {
  const r = await deps.orders.apply(orderId, {
    type: 'cancel',
    key: `support-cancel:${orderId}`,
    by: 'support',
    ...(reasonCode ? { reasonCode } : {}),
  });
  if (!r.ok) return r;
  const order = r.value.order;
  if (!order.refundRequired || !order.payment) return ok({ order, refund: 'not-needed' });
  const outcome = await deps.refund({
    orderId: order.id,
    pspReference: order.payment.paymentRef,
    amount: deps.price,
    reason: 'customer-request',
  });
  return ok({ order, refund: outcome === 'refused' ? 'failed' : outcome });
}
