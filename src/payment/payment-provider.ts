import type { Result } from '../shared/result.js';

/** What the issuer said about the cardholder name, or that no verdict came back (a weaker check). */
export type NameCheck = 'match' | 'partial' | 'no-match' | 'unavailable';

/** An amount in minor units (øre for NOK), as every PSP API takes it. */
export interface Money {
  readonly value: number;
  readonly currency: string;
}

/** The order holder's name as the passport chip gives it (primary and secondary identifier). */
export interface HolderName {
  readonly givenNames: string;
  readonly surname: string;
}

export interface CreatePaymentRequest {
  /** The order id; it comes back as `merchantReference` in every notification of this payment. */
  readonly orderId: string;
  readonly amount: Money;
  /** Where the hosted page sends the browser after the payment (success or not). */
  readonly returnUrl: string;
  /** e.g. `nb-NO`, `en-GB`. */
  readonly shopperLocale: string;
  /** At most 64 characters; a retry of the same order step must reuse it. */
  readonly idempotencyKey: string;
  readonly holderName: HolderName;
}

export interface CreatedPayment {
  /** The provider's id of the hosted payment (Adyen: the payment link id). */
  readonly paymentId: string;
  /** Our reference (the order id), as sent. */
  readonly reference: string;
  /** The hosted payment page the browser is redirected to. */
  readonly redirectUrl: string;
  readonly expiresAt?: string;
}

/** Why we give money back; Adyen's `merchantRefundReason` has a fixed vocabulary. */
export type RefundReason = 'order-failed' | 'duplicate' | 'fraud' | 'customer-request';

export interface RefundRequest {
  /** The `pspReference` of the authorised payment (from its `authorised` notification). */
  readonly pspReference: string;
  /** Sent as the refund's reference, so the refund notification's `merchantReference` is the order id. */
  readonly orderId: string;
  readonly amount: Money;
  readonly idempotencyKey: string;
  readonly reason: RefundReason;
}

export interface RefundAccepted {
  /** The refund's own pspReference; the outcome arrives later as a `refunded`/`refund-failed` notification. */
  readonly refundPspReference: string;
  readonly status: 'received';
}

export type PaymentOutcome = 'authorised' | 'refused' | 'refunded' | 'refund-failed';

/** One authenticated notification item, in our vocabulary. */
export interface PaymentNotification {
  readonly outcome: PaymentOutcome;
  /** Authorisation: the payment's reference. Refund: the refund's reference. */
  readonly pspReference: string;
  /** Refund: the pspReference of the payment refunded. */
  readonly originalReference?: string;
  /** The order id. */
  readonly merchantReference: string;
  /** The hosted payment's id (Adyen: `additionalData.paymentLinkId`) when the PSP tells it. */
  readonly paymentId?: string;
  readonly amount: Money;
  /** When the event happened at the PSP (ISO 8601). */
  readonly eventDate: string;
  /** Meaningful for `authorised`/`refused`; `unavailable` for refunds. */
  readonly nameCheck: NameCheck;
  /** The per-field verdicts the issuer returned (e.g. `{ firstName: 'match', lastName: 'noMatch' }`). */
  readonly nameCheckDetail?: Readonly<Record<string, string>>;
  /** The PSP's reason text for a refusal or failed refund. */
  readonly reason?: string;
  /**
   * True when this exact item was verified before (a retry by the PSP after a lost
   * acknowledgement): the caller must treat it as already processed and only acknowledge it.
   */
  readonly duplicate: boolean;
}

export interface VerifiedWebhook {
  readonly notifications: readonly PaymentNotification[];
  /** Authenticated items of event types the order does not act on (CAPTURE, REPORT_AVAILABLE, …). */
  readonly ignored: readonly { readonly eventCode: string; readonly pspReference: string }[];
  /** The response body the PSP expects with HTTP 200, or it retries. */
  readonly acknowledgement: string;
}

export type WebhookErrorCode =
  | 'payment.webhook-signature'
  | 'payment.webhook-stale'
  | 'payment.webhook-replayed'
  | 'payment.webhook-malformed';

export type PaymentErrorCode =
  | 'payment.invalid-request'
  | 'payment.provider-rejected'
  | 'payment.provider-unavailable'
  | 'payment.provider-timeout'
  | 'payment.provider-malformed-response';

export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Port: the card payment of an order. A payment is created as a hosted payment page the browser
 * is sent to; its outcome (with the issuer's cardholder-name verdict) arrives as a signed
 * webhook; a payment whose order fails afterwards is refunded.
 *
 * @example
 *   const created = await payments.createPayment({ orderId, amount: { value: 29900, currency: 'NOK' },
 *     returnUrl, shopperLocale: 'nb-NO', idempotencyKey: `${orderId}:pay`, holderName });
 *   if (created.ok) ctx.redirect(created.value.redirectUrl);
 *   // webhook route:
 *   const hook = await payments.verifyWebhook(rawBody, ctx.headers);
 *   if (!hook.ok) return reject(hook.code);
 *   for (const n of hook.value.notifications) if (!n.duplicate) await orders.onPayment(n);
 *   ctx.body = hook.value.acknowledgement;
 */
export interface PaymentProvider {
  readonly name: 'adyen' | 'sandbox';
  createPayment(request: CreatePaymentRequest): Promise<Result<CreatedPayment, PaymentErrorCode>>;
  verifyWebhook(
    rawBody: string | Uint8Array,
    headers: WebhookHeaders,
  ): Promise<Result<VerifiedWebhook, WebhookErrorCode>>;
  refund(request: RefundRequest): Promise<Result<RefundAccepted, PaymentErrorCode>>;
}
