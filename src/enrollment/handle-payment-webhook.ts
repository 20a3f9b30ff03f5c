import type { PaymentNotification, WebhookErrorCode, WebhookHeaders } from '../payment/payment-provider.js';
import { ok, type Result } from '../shared/result.js';
import { issueEidForOrder } from './issue-eid-for-order.js';
import { refundOrderPayment } from './refund-order-payment.js';
import type { RegistrationDeps } from './registration-deps.js';

/** How long the private record of an order that holds money is kept (as the order store does). */
export const MONEY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The PSP's signed notifications. Verified first (signature, freshness, seen before); each item
 * then moves its order: authorised → `paymentConfirmed` (with the issuer's cardholder-name
 * verdict, in the same write) → issuance, which fails the order and refunds when the verdict is
 * weaker than the policy; authorised for an order that cannot take it (ended, paid by another
 * payment, wrong amount) → refunded; refused → the page offers another card.
 *
 * A redelivered item (`duplicate`) goes through the same steps: every step is idempotent (the
 * order's event keys, the issuance claim, the refund's idempotency key), so a redelivery after a
 * crash finishes what the first delivery started instead of being dropped. If handling throws,
 * the PSP gets no acknowledgement and delivers again.
 */
export async function handlePaymentWebhook(
  deps: RegistrationDeps,
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
): Promise<Result<string, WebhookErrorCode>> {
  const hook = await deps.payments.verifyWebhook(rawBody, headers);
  if (!hook.ok) {
    deps.log.warn({ event: 'payment.webhook-refused', code: hook.code }, 'payment webhook refused');
    return hook;
  }
  for (const n of hook.value.notifications) {
    if (n.outcome === 'authorised') await onAuthorised(deps, n);
    else if (n.outcome === 'refused') await onRefused(deps, n);
    else if (!n.duplicate) {
      await deps.audit.append({
        actor: 'psp',
        action: 'order.refund',
        target: n.merchantReference,
        outcome: n.outcome,
      });
    }
  }
  return ok(hook.value.acknowledgement);
}

async function onRefused(deps: RegistrationDeps, n: PaymentNotification): Promise<void> {
  const priv = await deps.vault.get(n.merchantReference);
  // Counted once per declined payment, so a redelivery does not skip an attempt number.
  if (priv && !(priv.declined ?? []).includes(n.pspReference)) {
    await deps.vault.update(n.merchantReference, {
      lastProblem: 'payment.declined',
      paymentAttempt: (priv.paymentAttempt ?? 0) + 1,
      declined: [...(priv.declined ?? []), n.pspReference].slice(-20),
    });
  }
  if (!n.duplicate)
    await deps.audit.append({
      actor: 'psp',
      action: 'order.payment',
      target: n.merchantReference,
      outcome: 'payment.declined',
    });
}

async function onAuthorised(deps: RegistrationDeps, n: PaymentNotification): Promise<void> {
  const orderId = n.merchantReference;
  const order = await deps.orders.get(orderId);
  if (!order.ok) {
    deps.log.warn(
      { event: 'payment.unknown-order', pspReference: n.pspReference },
      'payment for an unknown order',
    );
    return;
  }
  const o = order.value;
  const refund = (reason: 'duplicate' | 'order-failed') =>
    refundOrderPayment(deps, { orderId, pspReference: n.pspReference, amount: n.amount, reason });
  if (o.payment?.paymentRef === n.pspReference) {
    // This payment is already the order's: finish what an interrupted delivery started.
    if (o.state === 'paid') await issueEidForOrder(deps, orderId);
    else if (o.refundRequired) await refund('order-failed');
    return;
  }
  if (o.state !== 'registry_matched') {
    await refund(o.state === 'paid' || o.state === 'issued' ? 'duplicate' : 'order-failed');
    return;
  }
  const price = deps.settings.price;
  if (n.amount.value !== price.value || n.amount.currency !== price.currency) {
    await deps.vault.update(orderId, { lastProblem: 'payment.amount' });
    await refund('order-failed');
    return;
  }
  // Kept as long as the order: issuance or the refund may be finished days later.
  await deps.vault.extend(orderId, Date.parse(o.expiresAt) - deps.clock.now().getTime() + MONEY_RETENTION_MS);
  const paid = await deps.orders.apply(orderId, {
    type: 'paymentConfirmed',
    key: `psp:${n.pspReference}`,
    paymentRef: n.pspReference,
    nameCheck: n.nameCheck,
  });
  if (!paid.ok) {
    await refund('order-failed');
    return;
  }
  await deps.vault.update(orderId, { lastProblem: undefined });
  // Issuance checks the verdict against the policy (and fails + refunds a weak one).
  await issueEidForOrder(deps, orderId);
}
