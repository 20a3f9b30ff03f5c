import type { Order } from '../enrollment/order.js';
import type { OrderErrorCode } from '../enrollment/order-error-code.js';
import type { OrderStore } from '../enrollment/order-store.js';
import type { Money, PaymentProvider } from '../payment/payment-provider.js';
import { ok, type Result } from '../shared/result.js';

export type SupportRefund = 'not-needed' | 'requested' | 'failed';

/**
 * Support cancels an order (the person asked, or it is stuck). A paid order gets its money back:
 * the refund is requested with an idempotency key per payment, so cancelling twice, or a
 * registration failure refunding the same payment, pays back once. A refund the PSP refuses is
 * reported (`failed`), not hidden: the order stays cancelled with `refundRequired` for follow-up.
 */
export async function cancelOrderForSupport(
  deps: { orders: OrderStore; payments: PaymentProvider; price: Money },
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
  const refund = await deps.payments.refund({
    pspReference: order.payment.paymentRef,
    orderId: order.id,
    amount: deps.price,
    // The registration's own refunds use the same key, so one payment is never refunded twice.
    idempotencyKey: `${order.id}:r:${order.payment.paymentRef}`.slice(0, 64),
    reason: 'customer-request',
  });
  return refund.ok ? ok({ order, refund: 'requested' }) : ok({ order, refund: 'failed' });
}
