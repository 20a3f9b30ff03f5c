import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';
import { err, ok, type Result } from '../shared/result.js';
import { adyenNotificationSignature, type AdyenSignedFields } from './adyen-notification-signature.js';
import { normalisedNameMatcher, type NameMatcher } from './normalised-name-matcher.js';
import type {
  CreatedPayment,
  CreatePaymentRequest,
  Money,
  NameCheck,
  PaymentProvider,
} from './payment-provider.js';
import { readPaymentRequest } from './read-payment-request.js';
import { sandboxPaymentOptionsSchema, type SandboxPaymentOptions } from './sandbox-payment-options.js';
import type { SeenNotificationStore } from './seen-notification-store.js';
import { verifyAdyenNotification } from './verify-adyen-notification.js';

/** A signed notification, ready to be posted to (or handed to) the webhook handler. */
export interface SandboxNotification {
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the sandbox hosted page may show; the holder's name stays out of it on purpose. */
export interface SandboxPaymentView {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: Money;
  readonly returnUrl: string;
  readonly shopperLocale: string;
  readonly status: 'open' | 'authorised' | 'refused';
}

export interface SandboxCompletion extends SandboxNotification {
  readonly pspReference: string;
  readonly nameCheck: NameCheck;
  /** Where the page sends the browser next. */
  readonly returnUrl: string;
}

export type SandboxCompletionErrorCode =
  'payment.sandbox-unknown-payment' | 'payment.sandbox-already-completed';

export interface SandboxPaymentProvider extends PaymentProvider {
  getSandboxPayment(paymentId: string): SandboxPaymentView | undefined;
  /**
   * The tester's submit on the sandbox page: the payment is authorised or refused, with the
   * issuer's name verdict computed from the typed cardholder name (empty → no verdict,
   * `unavailable`). The signed AUTHORISATION notification is returned and, when `deliver` is
   * configured, also delivered.
   */
  completeSandboxPayment(
    paymentId: string,
    input: { readonly cardholderName?: string; readonly approve: boolean },
  ): Promise<Result<SandboxCompletion, SandboxCompletionErrorCode>>;
}

export interface SandboxPaymentDependencies {
  readonly seen: SeenNotificationStore;
  readonly clock?: Clock;
  /** The name rule; the ICAO-transliteration rule of the identity-proofing module plugs in here. */
  readonly nameMatcher?: NameMatcher;
  /**
   * Where notifications go, like a PSP posting to the webhook URL. Called after the operation
   * returns (never inside it), so an order handler that refunds cannot re-enter itself.
   */
  readonly deliver?: (notification: SandboxNotification) => Promise<unknown>;
  readonly onDeliveryError?: (error: unknown) => void;
  /** Lets a tester see a failed refund; default: every accepted refund succeeds. */
  readonly refundOutcome?: (request: {
    pspReference: string;
    orderId: string;
  }) => 'refunded' | 'refund-failed';
}

interface SandboxPayment {
  readonly request: CreatePaymentRequest;
  readonly created: CreatedPayment;
  status: 'open' | 'authorised' | 'refused';
  pspReference?: string;
  refunded: number;
}

/** A notification item in Adyen's format before its signature is added. */
type UnsignedItem = AdyenSignedFields & {
  readonly eventDate: string;
  readonly reason?: string;
  readonly paymentMethod?: string;
  readonly additionalData?: Readonly<Record<string, string>>;
};

const VERDICT: Record<'match' | 'partial' | 'no-match', string> = {
  match: 'match',
  partial: 'partialMatch',
  'no-match': 'noMatch',
};

/**
 * The sandbox adapter of `PaymentProvider`: deterministic and in-process (ids derive from the
 * idempotency keys, times from the clock), and it speaks the Adyen webhook format signed with
 * its own HMAC key, so `verifyWebhook` runs exactly the production verification pipeline.
 * State lives in this process: one instance only (development, tests, demos).
 *
 * @example
 *   const sandbox = createSandboxPaymentProvider(
 *     { pageBaseUrl: 'http://localhost:3000/sandbox/pay/', hmacKey, currency: 'NOK' },
 *     { seen, deliver: (n) => handleWebhook(n.rawBody, n.headers) },
 *   );
 *   // sandbox page POST:
 *   const done = await sandbox.completeSandboxPayment(id, { cardholderName: 'ASE OVREBO', approve: true });
 */
export function createSandboxPaymentProvider(
  input: SandboxPaymentOptions,
  deps: SandboxPaymentDependencies,
): SandboxPaymentProvider {
  const options = sandboxPaymentOptionsSchema.parse(input);
  const clock = deps.clock ?? systemClock;
  const matcher = deps.nameMatcher ?? normalisedNameMatcher;
  const payments = new Map<string, SandboxPayment>();
  const byPspReference = new Map<string, SandboxPayment>();
  // Idempotency as Adyen has it: same key + same request → same answer; other request → refused.
  const idempotency = new Map<string, { fingerprint: string; answer: unknown }>();

  const replay = <T>(key: string, request: unknown): Result<T | undefined, 'payment.provider-rejected'> => {
    const seen = idempotency.get(key);
    if (!seen) return ok(undefined);
    if (seen.fingerprint !== hash(JSON.stringify(request))) {
      return err('payment.provider-rejected', 'The idempotency key was used before for another request.');
    }
    return ok(seen.answer as T);
  };

  const sign = (item: UnsignedItem): SandboxNotification => {
    const { additionalData, ...rest } = item;
    const signed = {
      ...rest,
      additionalData: { ...additionalData, hmacSignature: adyenNotificationSignature(item, options.hmacKey) },
    };
    const rawBody = JSON.stringify({
      live: 'false',
      notificationItems: [{ NotificationRequestItem: signed }],
    });
    return { rawBody, headers: { 'content-type': 'application/json' } };
  };

  const send = (notification: SandboxNotification) => {
    if (!deps.deliver) return;
    const deliver = deps.deliver;
    setTimeout(() => {
      deliver(notification).catch((e: unknown) => deps.onDeliveryError?.(e));
    }, 0);
  };

  return {
    name: 'sandbox',

    async createPayment(request) {
      const parsed = readPaymentRequest.createPayment(request, options.currency);
      if (!parsed.ok) return parsed;
      const r = parsed.value;
      const previous = replay<CreatedPayment>(`pay:${r.idempotencyKey}`, r);
      if (!previous.ok) return previous;
      if (previous.value) return ok(previous.value);

      const paymentId = `SBX${hash(`pay:${r.idempotencyKey}`).slice(0, 13).toUpperCase()}`;
      const base = options.pageBaseUrl.endsWith('/') ? options.pageBaseUrl : `${options.pageBaseUrl}/`;
      const created: CreatedPayment = {
        paymentId,
        reference: r.orderId,
        redirectUrl: new URL(encodeURIComponent(paymentId), base).toString(),
      };
      payments.set(paymentId, { request: r, created, status: 'open', refunded: 0 });
      idempotency.set(`pay:${r.idempotencyKey}`, { fingerprint: hash(JSON.stringify(r)), answer: created });
      return ok(created);
    },

    verifyWebhook(rawBody, headers) {
      return verifyAdyenNotification(rawBody, headers, {
        hmacKeys: [options.hmacKey],
        merchantAccount: options.merchantAccount,
        live: false,
        replayWindowMs: options.replayWindowMs,
        seenTtlSeconds: options.seenTtlSeconds,
        seen: deps.seen,
        clock,
      });
    },

    async refund(request) {
      const parsed = readPaymentRequest.refund(request);
      if (!parsed.ok) return parsed;
      const r = parsed.value;
      const previous = replay<{ refundPspReference: string; status: 'received' }>(
        `refund:${r.idempotencyKey}`,
        r,
      );
      if (!previous.ok) return previous;
      if (previous.value) return ok(previous.value);

      const payment = byPspReference.get(r.pspReference);
      if (!payment || payment.status !== 'authorised') {
        return err('payment.provider-rejected', 'There is no authorised payment with that pspReference.');
      }
      const paid = payment.request.amount;
      if (r.amount.currency !== paid.currency || r.amount.value + payment.refunded > paid.value) {
        return err('payment.provider-rejected', 'The refund exceeds what was paid.');
      }
      const refundPspReference = `SBXR${hash(`refund:${r.idempotencyKey}`).slice(0, 12).toUpperCase()}`;
      const outcome =
        deps.refundOutcome?.({ pspReference: r.pspReference, orderId: r.orderId }) ?? 'refunded';
      if (outcome === 'refunded') payment.refunded += r.amount.value;
      const answer = { refundPspReference, status: 'received' as const };
      idempotency.set(`refund:${r.idempotencyKey}`, { fingerprint: hash(JSON.stringify(r)), answer });
      send(
        sign({
          pspReference: refundPspReference,
          originalReference: r.pspReference,
          merchantAccountCode: options.merchantAccount,
          merchantReference: r.orderId,
          amount: { value: r.amount.value, currency: r.amount.currency },
          eventCode: 'REFUND',
          success: outcome === 'refunded' ? 'true' : 'false',
          eventDate: clock.now().toISOString(),
          ...(outcome === 'refund-failed' ? { reason: 'Sandbox: refund failed' } : {}),
        }),
      );
      return ok(answer);
    },

    getSandboxPayment(paymentId) {
      const p = payments.get(paymentId);
      if (!p) return undefined;
      return {
        paymentId,
        orderId: p.request.orderId,
        amount: p.request.amount,
        returnUrl: p.request.returnUrl,
        shopperLocale: p.request.shopperLocale,
        status: p.status,
      };
    },

    async completeSandboxPayment(paymentId, input) {
      const payment = payments.get(paymentId);
      if (!payment) return err('payment.sandbox-unknown-payment', 'No sandbox payment has that id.');
      if (payment.status !== 'open')
        return err('payment.sandbox-already-completed', 'This payment is already completed.');

      const typed = input.cardholderName?.trim() ?? '';
      const verdict = typed ? matcher(payment.request.holderName, typed) : undefined;
      const pspReference = `SBXP${hash(`psp:${paymentId}`).slice(0, 12).toUpperCase()}`;
      payment.status = input.approve ? 'authorised' : 'refused';
      payment.pspReference = pspReference;
      byPspReference.set(pspReference, payment);

      const notification = sign({
        pspReference,
        merchantAccountCode: options.merchantAccount,
        merchantReference: payment.request.orderId,
        amount: { ...payment.request.amount },
        eventCode: 'AUTHORISATION',
        success: input.approve ? 'true' : 'false',
        eventDate: clock.now().toISOString(),
        ...(input.approve ? {} : { reason: 'Refused' }),
        paymentMethod: 'visa',
        additionalData: {
          paymentLinkId: paymentId,
          ...(verdict
            ? {
                'paymentValidations.name.status': 'performed',
                'paymentValidations.name.result.fullName': VERDICT[verdict],
              }
            : { 'paymentValidations.name.status': 'notPerformed' }),
        },
      });
      send(notification);
      return ok({
        ...notification,
        pspReference,
        nameCheck: verdict ?? 'unavailable',
        returnUrl: payment.request.returnUrl,
      });
    },
  };
}

function hash(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}
