import { systemClock, type Clock } from '../../shared/clock.js';
import { err, ok, type Err, type Result } from '../../shared/result.js';
import type {
  AttestationStatusList,
  AttestationStatusListErrorCode,
  AttestationStatusListHealth,
  AttestationStatusListLogger,
} from './attestation-status-list.js';
import {
  DEFAULT_MAX_STATUS_LIST_BYTES,
  parseAttestationStatusList,
  type AttestationStatusListContent,
} from './parse-attestation-status-list.js';

/** Google's published list (developer.android.com, "Certificate revocation status list"). */
export const GOOGLE_ATTESTATION_STATUS_URL = 'https://android.googleapis.com/attestation/status';

/** The timer functions the refresher uses; injected so tests decide when a refresh is due. */
export interface StatusListTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Settings of `createAttestationStatusList`; all optional. */
export interface AttestationStatusListOptions {
  /** Default Google's list. Must be https (plain http only to a loopback address, for tests). */
  readonly url?: string;
  /** Longest wait between two fetches after a success; default 1 h. */
  readonly refreshIntervalMs?: number;
  /** Shortest wait between two fetches, whatever Cache-Control says; default 5 min. */
  readonly minRefreshIntervalMs?: number;
  /** Wait after a failed fetch (at most `refreshIntervalMs`); default 5 min. */
  readonly retryIntervalMs?: number;
  /** A list older than this is stale: `isFresh()` turns false. Default 24 h. */
  readonly maxAgeMs?: number;
  /** Per fetch, headers and body; default 10 s. */
  readonly timeoutMs?: number;
  /** Largest body accepted; default 10 MB. */
  readonly maxBytes?: number;
  readonly clock?: Clock;
  /** Default node's timers, unref'd (the refresher never keeps the process alive). */
  readonly timers?: StatusListTimers;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
  readonly logger?: AttestationStatusListLogger;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const EMPTY: ReadonlySet<string> = new Set();

const systemTimers: StatusListTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface GoodList {
  readonly serials: ReadonlySet<string>;
  readonly content: AttestationStatusListContent;
  /** Validators for the next conditional request. */
  readonly etag?: string;
  readonly lastModified?: string;
}

type Fetched =
  | {
      readonly kind: 'list';
      readonly list: GoodList;
      readonly httpStatus: number;
      readonly cacheForMs?: number;
    }
  | { readonly kind: 'not-modified'; readonly httpStatus: 304; readonly cacheForMs?: number };

type Failure = {
  readonly code: AttestationStatusListErrorCode;
  readonly detail: string;
  readonly httpStatus?: number;
};

/**
 * The real adapter for Google's Android key attestation certificate status list
 * (`GET https://android.googleapis.com/attestation/status`), kept in memory and refreshed in the
 * background, so revoked attestation keys (leaked factory "keybox" keys) are refused at enrolment.
 *
 * Decisions:
 * - **REVOKED and SUSPENDED are both refused.** Google: "revoked is permanent and suspended is
 *   temporary" (e.g. reason SOFTWARE_FLAW, a keystore bug). While a key is suspended its
 *   attestations cannot be relied on; an enrolment accepted meanwhile binds that device key to a
 *   level-high eID for the life of the device certificate, so "temporary" does not help us. When
 *   Google lifts a suspension the entry leaves the list and the person can enrol again. Statuses
 *   this code does not know are refused too: the list only holds keys "that don't have a normal
 *   valid status".
 * - **When to fetch.** The documentation says the `Cache-Control` header "determines how often to
 *   check for updates". The next fetch is due after the response's remaining freshness
 *   (`max-age` − `Age`), but never later than `refreshIntervalMs` (1 h: a newly leaked key
 *   should not stay accepted for a day because a CDN said so) and never sooner than
 *   `minRefreshIntervalMs` (5 min: `no-cache` or `max-age=0` must not turn into a busy loop).
 *   Requests are conditional (`If-None-Match` / `If-Modified-Since`); a 304 confirms the list
 *   and counts as a success. After a failure the next try is `retryIntervalMs` later.
 * - **Failure keeps the last good list.** A 5xx, a timeout, a network error, a body that is too
 *   large, not JSON, or not in the documented format changes nothing but `health()`.
 * - **Staleness is the caller's decision, and fail closed is the recommendation.** After
 *   `maxAgeMs` (24 h) without a good fetch `isFresh()` is false. `revokedSerials()` still
 *   returns the last good list (it never invents an empty one), so it cannot itself fail closed;
 *   the wiring should refuse Android enrolments while `!isFresh()`. For eIDAS high that is the
 *   safe side: the list is the only way to learn of a leaked batch key, and someone able to
 *   block our egress to Google would otherwise be able to keep a freshly revoked key usable.
 *   Before the first success the list is empty and `isFresh()` false.
 * - **Integrity** rests on TLS to android.googleapis.com: the list is not signed.
 *
 * Logs carry counts, HTTP statuses, error codes and durations, never a serial or a comment.
 *
 * @example
 *   const statusList = createAttestationStatusList({ logger: logger.child({ module: 'attestation-status' }) });
 *   await statusList.start();
 *   const verifier = createKeyAttestationVerifier(
 *     { android: { trustedRoots, revokedSerials: statusList.revokedSerials } }, clock);
 *   statusList.health(); // { fresh: true, ageMs: 12, entries: 4321, revoked: 4300, suspended: 21, … }
 */
export function createAttestationStatusList(
  options: AttestationStatusListOptions = {},
): AttestationStatusList {
  const url = checkedUrl(options.url ?? GOOGLE_ATTESTATION_STATUS_URL);
  const refreshIntervalMs = positive('refreshIntervalMs', options.refreshIntervalMs ?? HOUR);
  const minRefreshIntervalMs = positive('minRefreshIntervalMs', options.minRefreshIntervalMs ?? 5 * MINUTE);
  const retryIntervalMs = positive('retryIntervalMs', options.retryIntervalMs ?? 5 * MINUTE);
  const maxAgeMs = positive('maxAgeMs', options.maxAgeMs ?? 24 * HOUR);
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
  const maxBytes = positive('maxBytes', options.maxBytes ?? DEFAULT_MAX_STATUS_LIST_BYTES);
  if (minRefreshIntervalMs > refreshIntervalMs) {
    throw new TypeError('attestation status list: minRefreshIntervalMs is longer than refreshIntervalMs');
  }
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const fetchImpl = options.fetch ?? fetch;
  const log = options.logger;

  let current: GoodList | undefined;
  let lastSuccessAt: Date | undefined;
  let lastAttemptAt: Date | undefined;
  let lastError: AttestationStatusListHealth['lastError'];
  let consecutiveFailures = 0;
  let started = false;
  let timer: unknown;
  let nextRefreshAt: Date | undefined;
  let inFlight: Promise<AttestationStatusListHealth> | undefined;
  let stopping: AbortController | undefined;

  const ageMs = () => (lastSuccessAt ? clock.now().getTime() - lastSuccessAt.getTime() : undefined);
  const isFresh = () => {
    const age = ageMs();
    return age !== undefined && age <= maxAgeMs;
  };

  function health(): AttestationStatusListHealth {
    const counts = current?.content.counts;
    return {
      fresh: isFresh(),
      lastSuccessAt,
      ageMs: ageMs(),
      maxAgeMs,
      lastAttemptAt,
      lastError,
      consecutiveFailures,
      entries: current?.serials.size ?? 0,
      revoked: counts?.revoked ?? 0,
      suspended: counts?.suspended ?? 0,
      otherStatus: counts?.otherStatus ?? 0,
      nextRefreshAt,
    };
  }

  function schedule(ms: number) {
    if (timer !== undefined) timers.clearTimeout(timer);
    nextRefreshAt = new Date(clock.now().getTime() + ms);
    timer = timers.setTimeout(() => {
      timer = undefined;
      nextRefreshAt = undefined;
      void refresh();
    }, ms);
  }

  function unschedule() {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    nextRefreshAt = undefined;
  }

  /** Remaining Cache-Control freshness, clamped to [minRefreshIntervalMs, refreshIntervalMs]. */
  const nextDelay = (cacheForMs: number | undefined) =>
    Math.min(refreshIntervalMs, Math.max(minRefreshIntervalMs, cacheForMs ?? refreshIntervalMs));

  async function fetchList(
    signal: AbortSignal,
  ): Promise<Result<Fetched, Failure['code']> & { httpStatus?: number }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (current?.etag) headers['if-none-match'] = current.etag;
    else if (current?.lastModified) headers['if-modified-since'] = current.lastModified;

    // No redirects: the list is unsigned, TLS to the configured host is all that vouches for it.
    const res = await fetchImpl(url, { headers, signal, redirect: 'error' });
    const cacheForMs = freshnessMs(res.headers);
    if (res.status === 304 && current) {
      await res.body?.cancel().catch(() => undefined);
      return ok({ kind: 'not-modified', httpStatus: 304, cacheForMs });
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      return {
        ...err('status-list.http-error', `the status list answered HTTP ${res.status}`),
        httpStatus: res.status,
      };
    }
    const body = await readBounded(res, maxBytes);
    if (!body.ok) return { ...body, httpStatus: 200 };
    const parsed = parseAttestationStatusList(body.value, maxBytes);
    if (!parsed.ok) return { ...parsed, httpStatus: 200 };
    const list: GoodList = {
      serials: new Set(parsed.value.entries.keys()),
      content: parsed.value,
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
    };
    return ok({ kind: 'list', list, httpStatus: 200, cacheForMs });
  }

  async function attempt(): Promise<AttestationStatusListHealth> {
    const controller = new AbortController();
    stopping = controller;
    const startedAt = Date.now();
    lastAttemptAt = clock.now();
    let outcome: Result<Fetched, Failure['code']> & { httpStatus?: number };
    try {
      outcome = await fetchList(AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]));
    } catch (e) {
      if (controller.signal.aborted) return health(); // stop(): not a failure of the list
      outcome = classifyThrown(e);
    } finally {
      if (stopping === controller) stopping = undefined;
    }
    if (controller.signal.aborted) return health();
    const durationMs = Date.now() - startedAt;

    if (outcome.ok) {
      const fetched = outcome.value;
      const before = current;
      if (fetched.kind === 'list') current = fetched.list;
      lastSuccessAt = clock.now();
      lastError = undefined;
      consecutiveFailures = 0;
      const delay = nextDelay(fetched.cacheForMs);
      if (started) schedule(delay);
      logSuccess(fetched, before, durationMs, delay);
    } else {
      consecutiveFailures++;
      lastError = {
        code: outcome.code,
        detail: outcome.detail,
        at: clock.now(),
        httpStatus: outcome.httpStatus,
      };
      const delay = Math.min(retryIntervalMs, refreshIntervalMs);
      if (started) schedule(delay);
      const fields = {
        event: 'attestation-status-list.refresh-failed',
        errorCode: outcome.code,
        detail: outcome.detail,
        httpStatus: outcome.httpStatus,
        consecutiveFailures,
        ageMs: ageMs(),
        fresh: isFresh(),
        entries: current?.serials.size ?? 0,
        durationMs,
        nextRefreshInMs: started ? delay : undefined,
      };
      if (isFresh()) log?.warn(fields, 'attestation status list not refreshed; keeping the last good list');
      else
        log?.error(
          { ...fields, event: 'attestation-status-list.stale' },
          'attestation status list is stale; Android enrolments should be refused until it is fetched',
        );
    }
    return health();
  }

  function logSuccess(fetched: Fetched, before: GoodList | undefined, durationMs: number, delay: number) {
    if (fetched.kind === 'not-modified') {
      log?.info(
        {
          event: 'attestation-status-list.unchanged',
          httpStatus: 304,
          entries: current?.serials.size ?? 0,
          durationMs,
          nextRefreshInMs: started ? delay : undefined,
        },
        'attestation status list unchanged',
      );
      return;
    }
    const now = fetched.list.serials;
    const added = before ? [...now].filter((s) => !before.serials.has(s)).length : now.size;
    const removed = before ? [...before.serials].filter((s) => !now.has(s)).length : 0;
    const { revoked, suspended, otherStatus, ignoredKeys } = fetched.list.content.counts;
    const fields = {
      event: 'attestation-status-list.refreshed',
      httpStatus: fetched.httpStatus,
      entries: now.size,
      revoked,
      suspended,
      otherStatus,
      ignoredKeys,
      added,
      removed,
      durationMs,
      nextRefreshInMs: started ? delay : undefined,
    };
    log?.info(fields, 'attestation status list refreshed');
    // Revocation is permanent; entries leaving the list (a lifted suspension, an expired key
    // cleaned up, or a list that is not what it should be) deserve a look. Counts only.
    if (removed > 0 || otherStatus > 0 || ignoredKeys > 0) {
      log?.warn(
        { event: 'attestation-status-list.unusual', removed, otherStatus, ignoredKeys },
        'attestation status list: entries removed, unknown statuses or keys that are not serials',
      );
    }
  }

  function refresh(): Promise<AttestationStatusListHealth> {
    inFlight ??= attempt().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async start() {
      if (started) return inFlight ?? health();
      started = true;
      return refresh();
    },
    async stop() {
      started = false;
      unschedule();
      stopping?.abort();
      await inFlight;
      unschedule();
    },
    refresh,
    revokedSerials: () => current?.serials ?? EMPTY,
    isFresh,
    health,
  };
}

/** Reads at most `maxBytes` of the body, whatever Content-Length says (and after decompression). */
async function readBounded(
  res: Response,
  maxBytes: number,
): Promise<Result<Uint8Array, 'status-list.too-large'>> {
  const tooLarge = () =>
    err('status-list.too-large' as const, `the status list is larger than ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return tooLarge();
  }
  if (!res.body) return ok(new Uint8Array(0));
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  return ok(new Uint8Array(Buffer.concat(chunks)));
}

/** `max-age` − `Age` in ms; 0 for `no-store` / `no-cache`; undefined without `max-age`. */
function freshnessMs(headers: Headers): number | undefined {
  const directives = (headers.get('cache-control') ?? '')
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0;
  const maxAge = directives.map((d) => /^max-age=(\d{1,10})$/.exec(d)?.[1]).find((v) => v !== undefined);
  if (maxAge === undefined) return undefined;
  const age = Number(/^\d{1,10}$/.exec(headers.get('age')?.trim() ?? '')?.[0] ?? 0);
  return Math.max(0, Number(maxAge) - age) * 1000;
}

function classifyThrown(e: unknown): Err<AttestationStatusListErrorCode> {
  // By name, not instanceof: undici's DOMException may come from another realm.
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return err('status-list.timeout', 'the status list did not answer in time');
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  return err(
    'status-list.network',
    `the status list could not be fetched (${String(cause ?? name ?? 'error')})`,
  );
}

function checkedUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TypeError('attestation status list: url is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    // The list is not signed: TLS is its only integrity.
    throw new TypeError('attestation status list: url must be https');
  }
  return parsed.toString();
}

function positive(name: string, value: number): number {
  // Also within what setTimeout can wait (about 24.8 days); longer would fire at once.
  if (!Number.isFinite(value) || value <= 0 || (name !== 'maxBytes' && value > 2 ** 31 - 1)) {
    throw new TypeError(`attestation status list: ${name} must be a positive number of ms/bytes`);
  }
  return value;
}
