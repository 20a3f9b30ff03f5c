/** Settings of `createFcmPushNotifier`; only `serviceAccount` is required. */
export interface FcmPushNotifierOptions {
  /** The service account's JSON key (parsed object or text); checked with zod at start-up. */
  readonly serviceAccount: unknown;
  /** Firebase project id; default the service account's `project_id`. */
  readonly projectId?: string;
  /** Default `https://fcm.googleapis.com`; tests point it at a local fake. */
  readonly baseUrl?: string;
  /** Per HTTP request (token and send); default 5 s. */
  readonly timeoutMs?: number;
  /** Sends per wake, first one included, for 5xx and network failures; default 3. */
  readonly maxAttempts?: number;
  /** First backoff; doubles per attempt, plus up to as much random jitter. Default 250 ms. */
  readonly backoffBaseMs?: number;
  /** A Retry-After longer than this ends the wake as `push.unavailable`; the user will not wait. Default 5 s. */
  readonly maxRetryWaitMs?: number;
  /** See `buildFcmWakeMessage`; default `alert`. */
  readonly iosDelivery?: 'alert' | 'background';
  /** Default 120 s: longer than a login request stays pending is pointless. */
  readonly ttlSeconds?: number;
  /** Default `LOGIN_REQUEST`; must exist in the iOS app's Localizable.strings. */
  readonly iosAlertLocKey?: string;
  /** Default `wake`. */
  readonly collapseKey?: string;
  /** Injected so tests do not sleep; default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
}
