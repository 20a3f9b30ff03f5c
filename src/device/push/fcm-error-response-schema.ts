import { z } from 'zod';

/**
 * FCM HTTP v1 error body (a google.rpc.Status): `code` (HTTP status), `status` (canonical code
 * such as NOT_FOUND), and `details` where `type.googleapis.com/google.firebase.fcm.v1.FcmError`
 * carries the FCM `errorCode` (UNREGISTERED, QUOTA_EXCEEDED, …) and
 * `type.googleapis.com/google.rpc.BadRequest` names the invalid fields.
 */
export const fcmErrorResponseSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(
        z.looseObject({
          '@type': z.string(),
          errorCode: z.string().optional(),
          fieldViolations: z.array(z.looseObject({ field: z.string().optional() })).optional(),
        }),
      )
      .optional(),
  }),
});

export type FcmErrorResponse = z.infer<typeof fcmErrorResponseSchema>;
