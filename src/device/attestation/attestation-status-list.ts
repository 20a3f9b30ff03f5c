/**
 * Why a refresh of the attestation status list failed (the last good list is kept):
 * - `status-list.http-error`: an answer other than 200 (or 304 to a conditional request).
 * - `status-list.timeout`: no complete answer within the timeout (headers and body).
 * - `status-list.network`: connection refused, reset, DNS, TLS.
 * - `status-list.too-large`: the body is larger than the bound.
 * - `status-list.invalid-json`: not UTF-8 JSON.
 * - `status-list.invalid-format`: JSON, but not the documented `{ entries: { serial: { status } } }`.
 */
export type AttestationStatusListErrorCode =
  | 'status-list.http-error'
  | 'status-list.timeout'
  | 'status-list.network'
  | 'status-list.too-large'
  | 'status-list.invalid-json'
  | 'status-list.invalid-format';

/** For a readiness probe or an operations page; counts and times only, never serials. */
export interface AttestationStatusListHealth {
  /** A list was fetched within `maxAgeMs` (see `isFresh`). */
  readonly fresh: boolean;
  /** When the last good list was fetched (or confirmed unchanged by a 304); undefined before the first. */
  readonly lastSuccessAt?: Date;
  /** now − lastSuccessAt, in ms. */
  readonly ageMs?: number;
  readonly maxAgeMs: number;
  readonly lastAttemptAt?: Date;
  /** The last failure, kept until the next success. */
  readonly lastError?: {
    readonly code: AttestationStatusListErrorCode;
    readonly detail: string;
    readonly at: Date;
    /** The HTTP status, when there was one. */
    readonly httpStatus?: number;
  };
  readonly consecutiveFailures: number;
  /** Refused serials in the list in use (REVOKED + SUSPENDED + unknown statuses). */
  readonly entries: number;
  readonly revoked: number;
  readonly suspended: number;
  readonly otherStatus: number;
  /** When the next fetch is due; undefined when stopped. */
  readonly nextRefreshAt?: Date;
}

/**
 * Google's Android key attestation certificate status list, kept fresh in the background.
 * Built by `createAttestationStatusList`; the Android verifier reads `revokedSerials`
 * (`AndroidKeyAttestationOptions.revokedSerials`), the wiring reads `isFresh` to fail closed.
 *
 * @example
 *   const statusList = createAttestationStatusList({ logger });
 *   await statusList.start(); // first fetch; never throws, see health()
 *   createKeyAttestationVerifier({ android: { trustedRoots, revokedSerials: statusList.revokedSerials } }, clock);
 *   if (!statusList.isFresh()) refuseAndroidEnrolment(); // no good list for longer than maxAge
 *   await statusList.stop();
 */
export interface AttestationStatusList {
  /**
   * Fetches once, then keeps refreshing on a timer. Resolves after the first attempt, whether it
   * succeeded or not (the result is in `health()`); never rejects. Calling it again does nothing.
   */
  start(): Promise<AttestationStatusListHealth>;
  /** Clears the timer and aborts a fetch in flight. The last list stays readable. */
  stop(): Promise<void>;
  /** Fetches now (or joins the fetch in flight). Never rejects. */
  refresh(): Promise<AttestationStatusListHealth>;
  /**
   * Serials (normalised: lower case hex, no leading zeros) of every REVOKED or SUSPENDED key in
   * the last good list; empty before the first success. Synchronous, a stable object between
   * refreshes. Fits `AndroidKeyAttestationOptions.revokedSerials` as is (no `this`).
   */
  revokedSerials(): ReadonlySet<string>;
  /** A good list was fetched no longer than `maxAgeMs` ago. False before the first success. */
  isFresh(): boolean;
  health(): AttestationStatusListHealth;
}

/**
 * What the status list needs of a logger: pino's `(fields, message)` shape, so the app's logger
 * (`createLogger`, a pino `Logger`) fits as is and tests can pass a recorder. Only counts, codes,
 * HTTP statuses and durations are logged; never a serial or a comment from the list.
 */
export interface AttestationStatusListLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
