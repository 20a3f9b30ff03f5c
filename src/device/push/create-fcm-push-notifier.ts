import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import { buildFcmWakeMessage } from './build-fcm-wake-message.js';
import { classifyFcmError } from './classify-fcm-error.js';
import type { FcmPushNotifierOptions } from './fcm-push-notifier-options.js';
import { createGoogleAccessTokenSource } from './google-access-token-source.js';
import type { PushErrorCode, PushNotifier, WakeReceipt } from './push-notifier.js';
import { serviceAccountKeySchema } from './service-account-key-schema.js';
import { wakeInputSchema } from './wake-input-schema.js';

/** The OAuth scope FCM HTTP v1 documents for `messages:send`. */
const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

const sendResponse = z.object({ name: z.string().min(1) });

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Real adapter: Firebase Cloud Messaging HTTP v1 (`POST {baseUrl}/v1/projects/{project}/messages:send`)
 * with a Bearer token from the service account (`createGoogleAccessTokenSource`). One API reaches
 * Android directly and iOS through APNs, so the server holds one credential, not an APNs key too.
 *
 * Failures follow FCM's error table (`classifyFcmError`): 5xx and network failures (timeouts
 * included: a repeated wake is harmless, the collapse key folds it) are retried with exponential
 * backoff and jitter, honouring Retry-After up to `maxRetryWaitMs`; a 401 renews the access token
 * once; everything else is answered at once with a stable code. Tokens never appear in details.
 *
 * @example
 *   const push = createFcmPushNotifier({ serviceAccount: JSON.parse(env.FCM_SERVICE_ACCOUNT) }, systemClock);
 *   await push.wake({ pushToken, platform: 'android' }, { requestId: 'r_3kF9' }); // ok({ messageId: 'projects/…' })
 */
export function createFcmPushNotifier(
  options: FcmPushNotifierOptions,
  clock: Clock,
  fetchImpl: typeof fetch = fetch,
): PushNotifier {
  const raw =
    typeof options.serviceAccount === 'string' ? safeJson(options.serviceAccount) : options.serviceAccount;
  const account = serviceAccountKeySchema.safeParse(raw);
  if (!account.success) {
    // A broken invariant at start-up, not an expected failure: the server must not run without push.
    throw new Error(
      `FCM service account key is not usable: ${account.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    );
  }
  const projectId = options.projectId ?? account.data.project_id;
  const baseUrl = (options.baseUrl ?? 'https://fcm.googleapis.com').replace(/\/$/, '');
  const sendUrl = `${baseUrl}/v1/projects/${encodeURIComponent(projectId)}/messages:send`;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const backoffBaseMs = options.backoffBaseMs ?? 250;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
  const sleep = options.sleep ?? defaultSleep;
  const tokens = createGoogleAccessTokenSource(
    { serviceAccount: account.data, scope: FCM_SCOPE, timeoutMs },
    clock,
    fetchImpl,
  );

  return {
    async wake(device, hint): Promise<Result<WakeReceipt, PushErrorCode>> {
      const input = wakeInputSchema.safeParse({ device, hint });
      if (!input.success) {
        const badHint = input.error.issues.some((i) => i.path[0] === 'hint');
        // A hint that is not an opaque id is a caller bug that could leak request content: refuse loudly.
        if (badHint) throw new TypeError('push hint must be an opaque request id ([A-Za-z0-9_-]{1,64})');
        return err('push.token-invalid', 'the push token is empty or too long');
      }
      if (input.data.device.platform === 'web-sandbox') {
        return err('push.rejected', 'web-sandbox devices are reached through the sandbox notifier, not FCM');
      }

      let renewed = false;
      let lastReason = 'FCM did not answer';
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let waitHint: number | undefined;
        const token = await tokens.getToken();
        if (!token.ok) {
          if (token.code === 'token.rejected') return err('push.rejected', token.detail);
          lastReason = token.detail;
        } else {
          const body = buildFcmWakeMessage(input.data.device, input.data.hint, {
            iosDelivery: options.iosDelivery ?? 'alert',
            ttlSeconds: options.ttlSeconds ?? 120,
            iosAlertLocKey: options.iosAlertLocKey ?? 'LOGIN_REQUEST',
            collapseKey: options.collapseKey ?? 'wake',
            now: clock.now(),
          });
          let res: Response | undefined;
          let text = '';
          try {
            res = await fetchImpl(sendUrl, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token.value}`,
                'content-type': 'application/json; charset=utf-8',
                accept: 'application/json',
              },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(timeoutMs),
            });
            text = await res.text();
          } catch {
            lastReason = 'FCM did not answer in time';
          }
          if (res?.status === 200) {
            const parsed = sendResponse.safeParse(safeJson(text));
            // FCM took the message; an unreadable id must not turn a delivered wake into a failure.
            return ok({ messageId: parsed.success ? parsed.data.name : 'unknown' });
          }
          if (res) {
            const verdict = classifyFcmError(res.status, text);
            switch (verdict.kind) {
              case 'token-invalid':
                return err('push.token-invalid', verdict.reason);
              case 'rate-limited':
                return err('push.rate-limited', verdict.reason);
              case 'rejected':
                return err('push.rejected', verdict.reason);
              case 'reauthenticate':
                if (renewed) return err('push.rejected', `${verdict.reason} twice`);
                renewed = true;
                tokens.invalidate();
                // A stale token is not an FCM failure: renewing does not use up an attempt.
                attempt--;
                continue;
              case 'retry':
                lastReason = verdict.reason;
                waitHint = retryAfterMs(res.headers.get('retry-after'), clock.now());
                break;
            }
          }
        }
        if (attempt === maxAttempts) break;
        if (waitHint !== undefined && waitHint > maxRetryWaitMs) {
          return err('push.unavailable', `${lastReason}; Retry-After is longer than a user waits`);
        }
        const backoff = backoffBaseMs * 2 ** (attempt - 1);
        await sleep(Math.max(waitHint ?? 0, backoff + Math.floor(Math.random() * backoff)));
      }
      return err('push.unavailable', `${lastReason} (after ${maxAttempts} attempts)`);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
