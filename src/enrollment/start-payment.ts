import type { PaymentErrorCode } from '../payment/payment-provider.js';
import { err, ok, type Result } from '../shared/result.js';
import type { RegistrationDeps } from './registration-deps.js';

/**
 * Step 3: a hosted payment page for the order's price, in the passport holder's name (the
 * issuer's cardholder-name check compares against it). A retry of the same attempt reuses the
 * idempotency key; after a declined card the next attempt is a new payment.
 */
export async function startPayment(
  deps: RegistrationDeps,
  orderId: string,
  input: { returnUrl: string; shopperLocale: string },
): Promise<Result<{ redirectUrl: string }, PaymentErrorCode | 'order.not-allowed'>> {
  const order = await deps.orders.get(orderId);
  if (!order.ok || order.value.state !== 'registry_matched' || !order.value.chip)
    return err('order.not-allowed', 'the order is not waiting for payment');
  const priv = await deps.vault.get(orderId);
  const attempt = priv?.paymentAttempt ?? 0;
  const created = await deps.payments.createPayment({
    orderId,
    amount: deps.settings.price,
    returnUrl: input.returnUrl,
    shopperLocale: input.shopperLocale,
    idempotencyKey: `${orderId}:pay:${attempt}`,
    holderName: {
      givenNames: order.value.chip.holder.secondaryIdentifier,
      surname: order.value.chip.holder.primaryIdentifier,
    },
  });
  if (!created.ok) return created;
  await deps.vault.update(orderId, { paymentId: created.value.paymentId });
  return ok({ redirectUrl: created.value.redirectUrl });
}
