import { z } from 'zod';
import { replayProtectionOptionFields } from './replay-protection-option-fields.js';

const hexKey = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{2})+$/, 'an HMAC key is hex, as the Customer Area shows it')
  .min(32, 'an HMAC key this short is not one Adyen generated');

/**
 * Settings of the Adyen adapter. The lead's config layer reads them from the environment and
 * refuses test endpoints, `live: false` and short keys in production; this schema only checks
 * that they are well-formed.
 */
export const adyenPaymentOptionsSchema = z.object({
  /** Versioned Checkout base URL: `https://checkout-test.adyen.com/v71` (test) or
   * `https://{prefix}-checkout-live.adyenpayments.com/checkout/v71` (live). */
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1),
  merchantAccount: z.string().min(1),
  hmacKey: hexKey,
  /** Keys still accepted after a rotation (queued webhooks are signed with the old key). */
  previousHmacKeys: z.array(hexKey).default([]),
  /** The one currency orders are charged in (config); a request in another is refused. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Whether the endpoint takes live notifications (`live: "true"`). */
  live: z.boolean(),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  maxAttempts: z.number().int().min(1).max(5).default(3),
  retryBaseDelayMs: z.number().int().nonnegative().default(250),
  /** How long the hosted payment page stays usable. */
  linkValidityMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  ...replayProtectionOptionFields,
  webhookBasicAuth: z.object({ username: z.string().min(1), password: z.string().min(1) }).optional(),
});

export type AdyenPaymentOptions = z.input<typeof adyenPaymentOptionsSchema>;
