import { z } from 'zod';

const item = z.object({
  pspReference: z.string().min(1).max(64),
  originalReference: z.string().max(64).optional(),
  merchantAccountCode: z.string().min(1).max(128),
  merchantReference: z.string().max(128),
  amount: z.object({ value: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  eventCode: z.string().min(1).max(64),
  // Adyen sends the booleans of standard webhooks as the strings "true"/"false", and signs them so.
  success: z.enum(['true', 'false']),
  eventDate: z.string().min(1).max(64),
  reason: z.string().max(1000).optional(),
  paymentMethod: z.string().max(64).optional(),
  operations: z.array(z.string()).optional(),
  // additionalData is a flat map; values are strings (numbers and booleans tolerated, stringified).
  additionalData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

/**
 * Adyen's standard webhook body (`live` + `notificationItems[].NotificationRequestItem`), as
 * documented at https://docs.adyen.com/development-resources/webhooks/ (JSON, one or more items).
 */
export const adyenNotificationSchema = z.object({
  live: z.enum(['true', 'false']),
  notificationItems: z
    .array(z.object({ NotificationRequestItem: item }))
    .min(1)
    .max(100),
});

export type AdyenNotification = z.infer<typeof adyenNotificationSchema>;
export type AdyenNotificationItem = AdyenNotification['notificationItems'][number]['NotificationRequestItem'];
