import { z } from 'zod';
import { replayProtectionOptionFields } from './replay-protection-option-fields.js';

/** Settings of the sandbox adapter (development and test only; production config refuses it). */
export const sandboxPaymentOptionsSchema = z.object({
  /** Where the lead's sandbox hosted page is served; the payment id is appended as a path segment. */
  pageBaseUrl: z.url({ protocol: /^https?$/ }),
  /** Signs sandbox notifications so that they pass the same verification as Adyen's. */
  hmacKey: z.string().regex(/^(?:[0-9a-fA-F]{2}){16,}$/),
  merchantAccount: z.string().min(1).default('SandboxMerchant'),
  currency: z.string().regex(/^[A-Z]{3}$/),
  ...replayProtectionOptionFields,
});

export type SandboxPaymentOptions = z.input<typeof sandboxPaymentOptionsSchema>;
