import { z } from 'zod';

// Reason codes are stable identifiers like `match.name` or `payment.declined`: the pattern keeps
// free text (and with it names or numbers) out of the order record and the audit log.
const reasonCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/)
  .max(64);
// Keys come from request ids and PSP event ids; bounded so the record stays small.
const key = z.string().min(1).max(128);
const ref = z.string().min(1).max(256);

const holder = z.object({
  primaryIdentifier: z.string().max(64),
  secondaryIdentifier: z.string().max(64),
  dateOfBirth: z.string().length(6),
  nationality: z.string().max(3),
  documentNumber: z.string().max(24),
  documentCode: z.string().max(2),
  issuingState: z.string().max(3),
  format: z.enum(['TD1', 'TD2', 'TD3']).optional(),
});

/**
 * Events an order accepts, validated at the boundary (routes, webhooks, support tools). Every
 * event carries an idempotency key: the same key applied twice is one application.
 */
export const orderEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chipVerified'),
    key,
    evidence: z.object({
      holder,
      activeAuthentication: z.enum(['rsa', 'ecdsa']),
      sodDigest: z.string().regex(/^[0-9a-f]{32,128}$/),
    }),
  }),
  z.object({ type: z.literal('registryMatched'), key, personRef: ref }),
  z.object({
    type: z.literal('paymentConfirmed'),
    key,
    paymentRef: ref,
    // Optional so that events written before it existed still parse; issuance refuses without it.
    nameCheck: z.enum(['match', 'partial', 'no-match', 'unavailable']).optional(),
  }),
  z.object({ type: z.literal('issued'), key, eidRef: ref }),
  z.object({ type: z.literal('fail'), key, reasonCode }),
  z.object({ type: z.literal('expire'), key }),
  z.object({
    type: z.literal('cancel'),
    key,
    by: z.enum(['user', 'support']),
    reasonCode: reasonCode.optional(),
  }),
]);

export type OrderEvent = z.infer<typeof orderEventSchema>;
