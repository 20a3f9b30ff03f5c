import type { WebhookHeaders } from '../payment/payment-provider.js';
import type { RegistryErrorCode } from '../registry/population-register.js';
import { err, type Result } from '../shared/result.js';
import { acceptChipUpload } from './accept-chip-upload.js';
import { activationSecret, isOrderOwner } from './activation-secret.js';
import { checkRegister } from './check-register.js';
import type { ChipUpload } from './chip-upload.js';
import { handlePaymentWebhook } from './handle-payment-webhook.js';
import type { Order } from './order.js';
import { issueReaderChallenge } from './issue-reader-challenge.js';
import { openReaderSession } from './open-reader-session.js';
import { readerLink } from './reader-link.js';
import type { RegistrationDeps } from './registration-deps.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';
import { resumeOrder } from './resume-order.js';
import { startOrder } from './start-order.js';
import { startPayment } from './start-payment.js';

/**
 * The registration use cases bound to their ports: what the page routes, the reader API, the
 * webhook route and the sandbox pages call. Each method is one step of docs/registration.md.
 *
 * @example
 *   const registration = createRegistration(deps);
 *   const r = await registration.start({ pidInput: '…', source: ctx.ip });
 */
export function createRegistration(deps: RegistrationDeps) {
  return {
    start: (input: { pidInput: string; source: string; ownerNonce: string }) => startOrder(deps, input),
    resume: (input: { code: string; pidInput: string; source: string }) => resumeOrder(deps, input),
    order: (orderId: string) => deps.orders.get(orderId),
    private: (orderId: string) => deps.vault.get(orderId),
    readerLink: (orderId: string, options?: { renew?: boolean }) => readerLink(deps, orderId, options),
    openReaderSession: (input: { token?: string; orderCode?: string; source: string }) =>
      openReaderSession(deps, input),
    readerOrder: (session: string) => deps.readers.orderOf(session),
    challenge: (orderId: string) => issueReaderChallenge(deps, orderId),
    upload: (orderId: string, upload: ChipUpload) => acceptChipUpload(deps, orderId, upload),
    /** "Try the register again": limited per order and per source (the register is a shared service). */
    async retryRegister(
      orderId: string,
      source: string,
    ): Promise<Result<Order, RegistryErrorCode | 'order.not-allowed' | 'order.gone' | 'rate.limited'>> {
      const byOrder = await deps.limiter.hit(`reg-retry:${orderId}`, limits.registerRetryPerOrder);
      const bySource = await deps.limiter.hit(`reg-retry-ip:${source}`, limits.registerRetryPerSource);
      if (!byOrder.allowed || !bySource.allowed)
        return err('rate.limited', 'too many tries of the register; wait a while');
      return checkRegister(deps, orderId);
    },
    pay: (orderId: string, input: { returnUrl: string; shopperLocale: string }) =>
      startPayment(deps, orderId, input),
    webhook: (rawBody: string | Uint8Array, headers: WebhookHeaders) =>
      handlePaymentWebhook(deps, rawBody, headers),
    /** Whether the browser with this cookie nonce started the order (and may see its secret). */
    isOwner: async (orderId: string, nonce: string | undefined) =>
      isOrderOwner(await deps.vault.get(orderId), nonce),
    takeActivationSecret: (orderId: string, nonce: string | undefined) =>
      activationSecret.take(deps, orderId, nonce),
    renewActivationSecret: (orderId: string, nonce: string | undefined) =>
      activationSecret.renew(deps, orderId, nonce),
    /**
     * Before payment only: a paid order is finished (or refunded) by the payment flow. The cancel
     * applies only to the version that was checked, so a payment landing meanwhile wins (the
     * cancel is then refused with `order.conflict`) instead of being cancelled into a refund.
     */
    async cancel(orderId: string) {
      const order = await deps.orders.get(orderId);
      if (!order.ok || !['created', 'chip_verified', 'registry_matched'].includes(order.value.state)) return;
      await deps.orders.apply(
        orderId,
        { type: 'cancel', key: 'cancel:user', by: 'user' },
        { expectedVersion: order.value.version },
      );
    },
  };
}

export type Registration = ReturnType<typeof createRegistration>;
