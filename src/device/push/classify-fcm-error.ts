import { fcmErrorResponseSchema } from './fcm-error-response-schema.js';

/** What the notifier does with a failed send. */
export type FcmErrorClass =
  | { readonly kind: 'token-invalid'; readonly reason: string }
  | { readonly kind: 'rate-limited'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'reauthenticate'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

/**
 * Maps an FCM HTTP v1 error answer to what we do about it, after "FCM error codes"
 * (firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode). The FCM `errorCode` in `details`
 * decides; the HTTP status only when there is none, because the same status means different
 * things: a 404 is UNREGISTERED for a dead token but NOT_FOUND for a wrong project id, and a
 * 400 INVALID_ARGUMENT is a bad token only when it points at `message.token`.
 *
 * - UNREGISTERED → token-invalid (the doc: "remove the token … and stop using it").
 * - INVALID_ARGUMENT about the registration token → token-invalid; any other → rejected (our bug).
 * - QUOTA_EXCEEDED / 429 → rate-limited; retrying a login wake later helps nobody.
 * - UNAVAILABLE / 503, INTERNAL / 500, other 5xx → retry with backoff.
 * - 401 UNAUTHENTICATED (our access token) → reauthenticate once.
 * - SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR (APNs credentials), 403, NOT_FOUND without
 *   UNREGISTERED → rejected. Not token-invalid: when the project or credentials are wrong every
 *   token answers so, and forgetting them would unbind every phone.
 */
export function classifyFcmError(status: number, bodyText: string): FcmErrorClass {
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(bodyText);
  } catch {
    parsedBody = undefined;
  }
  const parsed = fcmErrorResponseSchema.safeParse(parsedBody);
  const error = parsed.success ? parsed.data.error : undefined;
  const details = error?.details ?? [];
  const fcmCode = details.find((d) => d['@type'] === FCM_ERROR)?.errorCode;
  const badFields = details
    .filter((d) => d['@type'] === BAD_REQUEST)
    .flatMap((d) => d.fieldViolations ?? [])
    .map((v) => v.field ?? '');
  const label = fcmCode ?? error?.status ?? `HTTP ${status}`;

  switch (fcmCode) {
    case 'UNREGISTERED':
      return { kind: 'token-invalid', reason: 'FCM says the token is unregistered' };
    case 'INVALID_ARGUMENT': {
      const aboutToken =
        badFields.includes('message.token') || /registration token/i.test(error?.message ?? '');
      return aboutToken
        ? { kind: 'token-invalid', reason: 'FCM says the token is not a valid registration token' }
        : { kind: 'rejected', reason: 'FCM refused the message as invalid' };
    }
    case 'QUOTA_EXCEEDED':
      return { kind: 'rate-limited', reason: 'FCM sending quota exceeded' };
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return { kind: 'retry', reason: `FCM answered ${label}` };
    case 'SENDER_ID_MISMATCH':
    case 'THIRD_PARTY_AUTH_ERROR':
      return { kind: 'rejected', reason: `FCM answered ${label}` };
  }
  if (status === 401) return { kind: 'reauthenticate', reason: 'FCM refused our access token' };
  if (status === 429) return { kind: 'rate-limited', reason: 'FCM sending quota exceeded' };
  if (status >= 500) return { kind: 'retry', reason: `FCM answered ${label}` };
  if (status === 400 && badFields.includes('message.token')) {
    return { kind: 'token-invalid', reason: 'FCM says the token is not a valid registration token' };
  }
  return { kind: 'rejected', reason: `FCM answered ${label}` };
}
