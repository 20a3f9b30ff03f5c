import { z } from 'zod';
import { systemClock, type Clock } from '../shared/clock.js';
import { err, ok } from '../shared/result.js';
import { createAdyenCheckoutClient } from './adyen-checkout-client.js';
import { adyenPaymentOptionsSchema, type AdyenPaymentOptions } from './adyen-payment-options.js';
import type { PaymentProvider, RefundReason } from './payment-provider.js';
import { readPaymentRequest } from './read-payment-request.js';
import type { SeenNotificationStore } from './seen-notification-store.js';
import { verifyAdyenNotification } from './verify-adyen-notification.js';

/** `POST /paymentLinks` answer (PaymentLinkResponse): the fields we rely on. */
const paymentLinkResponse = z.object({
  id: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  expiresAt: z.string().optional(),
  status: z.string().optional(),
});

/** `POST /payments/{paymentPspReference}/refunds` answer (PaymentRefundResponse). */
const refundResponse = z.object({
  pspReference: z.string().min(1),
  paymentPspReference: z.string().min(1),
  status: z.literal('received'),
});

/** Our refund reasons in Adyen's `merchantRefundReason` vocabulary. */
const REFUND_REASON: Record<RefundReason, string> = {
  'order-failed': 'OTHER',
  duplicate: 'DUPLICATE',
  fraud: 'FRAUD',
  'customer-request': 'CUSTOMER REQUEST',
};

export interface AdyenPaymentDependencies {
  readonly seen: SeenNotificationStore;
  readonly clock?: Clock;
  /** Tests shorten the back-off; production waits for real. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/**
 * The Adyen adapter of `PaymentProvider`, on the Checkout API: the hosted payment page is a
 * Pay by Link page (`POST /paymentLinks` returns the `url` the browser is sent to), outcomes
 * arrive as HMAC-signed standard webhooks, refunds go to `/payments/{pspReference}/refunds`.
 * See docs/payment.md for the choices and the documentation they follow.
 *
 * @example
 *   const payments = createAdyenPaymentProvider(
 *     { baseUrl: 'https://checkout-test.adyen.com/v71', apiKey, merchantAccount, hmacKey, currency: 'NOK', live: false },
 *     { seen: createRedisSeenNotificationStore(redis, { prefix: 'eid:payment:seen:' }) },
 *   );
 */
export function createAdyenPaymentProvider(
  input: AdyenPaymentOptions,
  deps: AdyenPaymentDependencies,
): PaymentProvider {
  const options = adyenPaymentOptionsSchema.parse(input);
  const clock = deps.clock ?? systemClock;
  const client = createAdyenCheckoutClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.requestTimeoutMs,
    maxAttempts: options.maxAttempts,
    retryBaseDelayMs: options.retryBaseDelayMs,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });

  return {
    name: 'adyen',

    async createPayment(request) {
      const parsed = readPaymentRequest.createPayment(request, options.currency);
      if (!parsed.ok) return parsed;
      const r = parsed.value;
      const expiresAt = new Date(clock.now().getTime() + options.linkValidityMs).toISOString();
      const body = {
        merchantAccount: options.merchantAccount,
        reference: r.orderId,
        amount: { value: r.amount.value, currency: r.amount.currency },
        returnUrl: r.returnUrl,
        shopperLocale: r.shopperLocale,
        shopperName: { firstName: r.holderName.givenNames, lastName: r.holderName.surname },
        // Cards only: the point of the payment is a card in the holder's own name.
        allowedPaymentMethods: ['scheme'],
        reusable: false,
        expiresAt,
      };
      const res = await client.post('/paymentLinks', body, r.idempotencyKey);
      if (!res.ok) return res;
      const link = paymentLinkResponse.safeParse(res.value);
      if (!link.success)
        return err('payment.provider-malformed-response', 'Adyen answered without a link id and url.');
      return ok({
        paymentId: link.data.id,
        reference: r.orderId,
        redirectUrl: link.data.url,
        expiresAt: link.data.expiresAt ?? expiresAt,
      });
    },

    verifyWebhook(rawBody, headers) {
      return verifyAdyenNotification(rawBody, headers, {
        hmacKeys: [options.hmacKey, ...options.previousHmacKeys],
        merchantAccount: options.merchantAccount,
        live: options.live,
        replayWindowMs: options.replayWindowMs,
        seenTtlSeconds: options.seenTtlSeconds,
        basicAuth: options.webhookBasicAuth,
        seen: deps.seen,
        clock,
      });
    },

    async refund(request) {
      const parsed = readPaymentRequest.refund(request);
      if (!parsed.ok) return parsed;
      const r = parsed.value;
      const body = {
        merchantAccount: options.merchantAccount,
        amount: { value: r.amount.value, currency: r.amount.currency },
        reference: r.orderId,
        merchantRefundReason: REFUND_REASON[r.reason],
      };
      const res = await client.post(
        `/payments/${encodeURIComponent(r.pspReference)}/refunds`,
        body,
        r.idempotencyKey,
      );
      if (!res.ok) return res;
      const refund = refundResponse.safeParse(res.value);
      if (!refund.success)
        return err('payment.provider-malformed-response', 'Adyen answered the refund unexpectedly.');
      return ok({ refundPspReference: refund.data.pspReference, status: 'received' });
    },
  };
}
