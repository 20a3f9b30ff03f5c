import { z } from 'zod';

/**
 * The JSON key file Google issues for a service account (IAM → Service accounts → Keys → JSON).
 * Only the fields the JWT-bearer grant needs are read; the rest is passed through unchecked.
 */
export const serviceAccountKeySchema = z.object({
  type: z.literal('service_account'),
  project_id: z.string().min(1),
  private_key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  client_email: z.email(),
  token_uri: z.url(),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;
