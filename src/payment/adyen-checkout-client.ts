import { z } from 'zod';
import { err, ok, type Result } from '../shared/result.js';
import type { PaymentErrorCode } from './payment-provider.js';

export interface AdyenCheckoutClientOptions {
  /** Versioned Checkout base URL, e.g. `https://checkout-test.adyen.com/v71`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per attempt, connection to last body byte. */
  readonly timeoutMs: number;
  /** Attempts in all (1 = no retry). */
  readonly maxAttempts: number;
  /** Back-off before retry n is `retryBaseDelayMs * 2^(n-1)`. */
  readonly retryBaseDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

/** Adyen's error body (`ServiceError`): status, errorCode, message, errorType, pspReference. */
const serviceError = z.object({
  status: z.number().optional(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  errorType: z.string().optional(),
});

export interface AdyenCheckoutClient {
  /** POST a JSON body to `path` (below the versioned base URL) with an idempotency key. */
  post(path: string, body: unknown, idempotencyKey: string): Promise<Result<unknown, PaymentErrorCode>>;
}

/**
 * The HTTP side of the Checkout API: `X-API-Key`, `Idempotency-Key`, JSON, a timeout per attempt,
 * and retries only where a retry cannot double an effect: a network error, a timeout or a 5xx,
 * always with the same idempotency key (Adyen then answers a request it already processed with
 * the first response). A 4xx is our mistake or a business refusal and is never retried.
 *
 * @example
 *   const client = createAdyenCheckoutClient({ baseUrl, apiKey, timeoutMs: 10_000, maxAttempts: 3, retryBaseDelayMs: 250 });
 *   await client.post('/paymentLinks', body, idempotencyKey);
 */
const NOT_A_REFUSAL = new Set([401, 403, 408, 409, 425, 429]);

export function createAdyenCheckoutClient(options: AdyenCheckoutClientOptions): AdyenCheckoutClient {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async post(path, body, idempotencyKey) {
      const payload = JSON.stringify(body);
      let last: { code: PaymentErrorCode; detail: string } = {
        code: 'payment.provider-unavailable',
        detail: 'No attempt was made.',
      };
      for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
        if (attempt > 1) await sleep(options.retryBaseDelayMs * 2 ** (attempt - 2));
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), options.timeoutMs);
        try {
          const res = await doFetch(`${base}${path}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              'x-api-key': options.apiKey,
              'idempotency-key': idempotencyKey,
            },
            body: payload,
            signal: controller.signal,
          });
          const text = await res.text();
          if (res.status >= 500) {
            last = { code: 'payment.provider-unavailable', detail: `Adyen answered ${res.status}.` };
            continue;
          }
          const json = parseJson(text);
          // Not about the request itself: our credentials (401/403, e.g. a rotated API key), a
          // rate limit, a timeout at Adyen, or the same idempotency key still being processed.
          // Asking again later can succeed, so these are not refusals.
          if (NOT_A_REFUSAL.has(res.status)) {
            return err('payment.provider-unavailable', `Adyen answered ${res.status}; try again later.`);
          }
          if (res.status >= 400) {
            const e = serviceError.safeParse(json);
            const what = e.success
              ? `${e.data.errorCode ?? '?'} ${e.data.message ?? ''}`.trim()
              : 'no error body';
            return err('payment.provider-rejected', `Adyen refused the request (${res.status}: ${what}).`);
          }
          if (json === undefined) {
            return err('payment.provider-malformed-response', `Adyen answered ${res.status} without JSON.`);
          }
          return ok(json);
        } catch (e) {
          last = controller.signal.aborted
            ? {
                code: 'payment.provider-timeout',
                detail: `Adyen did not answer within ${options.timeoutMs} ms.`,
              }
            : {
                code: 'payment.provider-unavailable',
                detail: `Adyen could not be reached (${(e as Error).name}).`,
              };
        } finally {
          clearTimeout(timer);
        }
      }
      return err(last.code, `${last.detail} Gave up after ${options.maxAttempts} attempts.`);
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
