import type { Money, PaymentErrorCode, RefundReason } from '../payment/payment-provider.js';
import type { OwedRefund } from './owed-refunds.js';
import { refundRetryDelayMs } from './refund-retry-delay-ms.js';
import type { RegistrationDeps } from './registration-deps.js';

/** Failures that say nothing about the refund itself: asking again later can succeed. */
const TRANSIENT: ReadonlySet<PaymentErrorCode> = new Set([
  'payment.provider-unavailable',
  'payment.provider-timeout',
  'payment.provider-malformed-response',
]);
/**
 * `requested`: the PSP accepted it (its notification confirms the refund). `queued`: the PSP could
 * not be asked; the refund job asks again. `refused`: the PSP refused it; kept for an operator.
 */
export type RefundOutcome = 'requested' | 'queued' | 'refused';

/**
 * Asks the PSP to give one payment back. The idempotency key depends only on the order and the
 * payment, so the webhook, a redelivery, the issuance re-check and later retries together cause
 * one refund. Audited either way. A request that fails for a transient reason (PSP unreachable,
 * timed out, garbled answer, our credentials refused) is kept as owed and asked again by
 * `retryOwedRefunds`; one the PSP refuses is kept as refused (metric `eid_refunds_refused`,
 * audit `order.refund-requested` with the code) for an operator.
 *
 * @example await refundOrderPayment(deps, { orderId, pspReference, amount, reason: 'order-failed' });
 */
export async function refundOrderPayment(
  deps: Pick<RegistrationDeps, 'payments' | 'audit' | 'log' | 'owedRefunds' | 'clock'>,
  input: { orderId: string; pspReference: string; amount: Money; reason: RefundReason },
  owed?: OwedRefund,
): Promise<RefundOutcome> {
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
    ...(owed ? { detail: JSON.stringify({ retry: owed.attempts }) } : {}),
  });
  if (r.ok) {
    await deps.owedRefunds.clear(input.orderId, input.pspReference);
    return 'requested';
  }
  const failures = (owed?.attempts ?? 0) + 1;
  if (!TRANSIENT.has(r.code)) {
    // Asking again would get the same answer: kept and counted for an operator instead.
    await deps.owedRefunds.markRefused({ ...input, attempts: failures, lastCode: r.code });
    deps.log.warn(
      { event: 'payment.refund-refused', orderId: input.orderId, code: r.code },
      'the PSP refused a refund: an operator must follow up',
    );
    return 'refused';
  }
  await deps.owedRefunds.record(
    { ...input, attempts: failures, lastCode: r.code },
    new Date(deps.clock.now().getTime() + refundRetryDelayMs(failures)),
  );
  deps.log.warn(
    { event: 'payment.refund-failed', orderId: input.orderId, code: r.code, failures },
    'refund failed; it will be asked again',
  );
  return 'queued';
}
