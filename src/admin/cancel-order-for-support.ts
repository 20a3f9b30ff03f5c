import type { Order } from '../enrollment/order.js';
import type { OrderErrorCode } from '../enrollment/order-error-code.js';
import type { OrderStore } from '../enrollment/order-store.js';
import type { OwedRefunds } from '../enrollment/owed-refunds.js';
import { refundRetryDelayMs } from '../enrollment/refund-order-payment.js';
import type { Money, PaymentProvider } from '../payment/payment-provider.js';
import { ok, type Result } from '../shared/result.js';

/** `queued`: the PSP could not be reached; the refund job asks again (docs/registration.md). */
export type SupportRefund = 'not-needed' | 'requested' | 'queued' | 'failed';

/**
 * Support cancels an order (the person asked, or it is stuck). A paid order gets its money back:
 * the refund is requested with an idempotency key per payment, so cancelling twice, or a
 * registration failure refunding the same payment, pays back once. A refund the PSP refuses is
 * reported (`failed`), not hidden: the order stays cancelled with `refundRequired` for follow-up.
 * One that failed only because the PSP could not be reached is owed (`queued`) and asked again by
 * the refund job, with the same key.
 */
export async function cancelOrderForSupport(
  deps: {
    orders: OrderStore;
    payments: PaymentProvider;
    price: Money;
    owedRefunds: OwedRefunds;
    now: () => Date;
  },
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
  if (refund.ok) return ok({ order, refund: 'requested' });
  if (refund.code === 'payment.provider-rejected' || refund.code === 'payment.invalid-request')
    return ok({ order, refund: 'failed' });
  await deps.owedRefunds.record(
    {
      orderId: order.id,
      pspReference: order.payment.paymentRef,
      amount: deps.price,
      reason: 'customer-request',
      attempts: 1,
      lastCode: refund.code,
    },
    new Date(deps.now().getTime() + refundRetryDelayMs(1)),
  );
  return ok({ order, refund: 'queued' });
}
