import { z } from 'zod';

/**
 * The port's boundary: the same check in every adapter, so the sandbox refuses what FCM would
 * refuse and nobody can slip request content into the hint.
 */
export const wakeInputSchema = z.object({
  device: z.object({
    // FCM tokens are ~160 characters today; the bound stops a stored blob from becoming a request body.
    pushToken: z.string().min(1).max(4096),
    platform: z.enum(['android', 'ios', 'web-sandbox']),
  }),
  // Strict: an extra field would be content riding along with the wake.
  hint: z.strictObject({
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
  }),
});
