import { z } from 'zod';

/**
 * Option fields of the webhook replay protection (`verifyAdyenNotification`), which the Adyen and
 * the sandbox adapter share, so that both are configured, and default, alike. Spread into an
 * adapter's options schema.
 *
 * @example
 *   z.object({ hmacKey, currency, ...replayProtectionOptionFields });
 */
export const replayProtectionOptionFields = {
  /** How far a notification's `eventDate` may lie from now, either way. */
  replayWindowMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  /** Longer than Adyen's retry schedule, so a retry is always recognised as one. */
  seenTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(35 * 86_400),
};
