import { z } from 'zod';

const money = z.object({
  value: z.number().int().nonnegative().max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
// Adyen allows 64 characters; a UUID or `${orderId}:pay` fits.
const idempotencyKey = z.string().min(8).max(64);

/**
 * Input checks of the payment port, shared by every adapter, so that a bad call from the order
 * code fails the same way (`payment.invalid-request`) in the sandbox and against Adyen.
 */
export const paymentRequestSchemas = {
  createPayment: z.object({
    orderId: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[A-Za-z0-9._-]+$/),
    amount: money,
    returnUrl: z.url({ protocol: /^https?$/ }).max(1024),
    shopperLocale: z.string().regex(/^[a-z]{2}(?:[-_][A-Z]{2})?$/),
    idempotencyKey,
    holderName: z.object({ givenNames: z.string().max(200), surname: z.string().min(1).max(200) }),
  }),
  refund: z.object({
    pspReference: z.string().min(1).max(64),
    orderId: z.string().min(1).max(80),
    amount: money,
    idempotencyKey,
    reason: z.enum(['order-failed', 'duplicate', 'fraud', 'customer-request']),
  }),
};
