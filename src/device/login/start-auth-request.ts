import { randomBytes } from 'node:crypto';
import type { EidStore } from '../../eid/eid-store.js';
import type { AuditLog } from '../../shared/audit-log.js';
import type { Clock } from '../../shared/clock.js';
import type { RateLimiter } from '../../shared/rate-limiter.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { DeviceRecords } from '../app/device-records.js';
import type { PushNotifier } from '../push/push-notifier.js';
import type { AuthRequest } from './auth-request.js';
import type { AuthRequestStore } from './auth-request-store.js';
import { generateVerificationCode } from './generate-verification-code.js';
import type { RequestSignals } from './request-signals.js';

export type StartAuthRequestError = 'request.no-device' | 'request.rate-limited' | 'request.pending-exists';

export interface StartAuthRequestInput {
  readonly pid: string;
  /** `login` becomes `activate` when the person has a freshly enrolled device to enable. */
  readonly kind: 'login' | 'ciba';
  readonly rpName: string;
  readonly bindingMessage?: string;
  readonly interactionUid?: string;
  readonly cibaRequestId?: string;
  /** Step 2 of the first activation: only this (just enabled) device. */
  readonly onlyDevice?: string;
}

export interface StartAuthRequestDeps {
  readonly eids: EidStore;
  readonly records: DeviceRecords;
  readonly requests: AuthRequestStore;
  readonly limiter: RateLimiter;
  readonly push: PushNotifier;
  readonly signals: RequestSignals;
  readonly clock: Clock;
  readonly ttlSeconds: number;
  readonly perMinute: number;
  /** Second, longer window of the same per-person limit (push bombing over an hour). */
  readonly perHour: number;
  /** Refused activations (more than one device waiting to be enabled) are written here. */
  readonly audit: AuditLog;
  /** Told the code of a failed wake (no personal data). */
  readonly onWakeFailure?: (code: string) => void;
}

/**
 * Makes one push approval request for a person and wakes their app. The per-person limit is
 * counted before anything is looked up, so unknown and known people use it up the same way
 * (no oracle, no push bombing); the caller shows one neutral message for every refusal.
 *
 * Which devices may answer: a device enrolled with the (unused, unexpired) activation secret and
 * not yet enabled makes this step 1 of the first activation (`activate`, that device only; two
 * such devices: refused and audited, since one may hold a stolen secret); otherwise every active
 * device of an active eID (`login` / `ciba`). The push wake is sent, not awaited.
 *
 * @example
 *   const r = await startAuthRequest(deps, { pid, kind: 'login', rpName: 'NAV', interactionUid });
 *   if (!r.ok) return renderNeutralFailure();
 */
export async function startAuthRequest(
  deps: StartAuthRequestDeps,
  input: StartAuthRequestInput,
): Promise<Result<AuthRequest, StartAuthRequestError>> {
  const rate = await deps.limiter.hit(`auth-request:${input.pid}`, {
    limit: deps.perMinute,
    windowSeconds: 60,
  });
  if (!rate.allowed)
    return err('request.rate-limited', 'too many login requests for this person; wait a minute');
  const hourly = await deps.limiter.hit(`auth-request-hour:${input.pid}`, {
    limit: deps.perHour,
    windowSeconds: 3600,
  });
  if (!hourly.allowed)
    return err('request.rate-limited', 'too many login requests for this person this hour');

  const now = deps.clock.now().getTime();
  const [eid, devices] = await Promise.all([deps.eids.get(input.pid), deps.records.listByPid(input.pid)]);
  if (!eid || eid.status === 'revoked') return err('request.no-device', 'no device can answer');

  let kind: AuthRequest['kind'] = input.kind;
  let deviceIds: string[];
  // Only while the eID has an unused activation secret: a device enrolled with a secret another
  // device has since consumed can never be enabled and must not capture the person's logins.
  const secretOpen = Boolean(
    eid.activation && !eid.activation.consumedAt && Date.parse(eid.activation.expiresAt) > now,
  );
  const candidates =
    input.kind === 'login' && !input.onlyDevice && secretOpen
      ? devices.filter((d) => d.status === 'pending_activation' && Date.parse(d.pendingUntil ?? '') > now)
      : [];
  // Two apps waiting to be enabled: one of them may hold a stolen activation secret, and nothing
  // tells which is the person's. Enable neither (support sees the audit entry; the person removes
  // the extra enrolment or waits until it lapses).
  if (candidates.length > 1) {
    await deps.audit.append({
      actor: 'system',
      action: 'eid.activate',
      target: eid.id,
      outcome: 'activation.ambiguous-device',
    });
    return err('request.no-device', 'more than one device waits to be enabled');
  }
  const enabling = candidates[0];
  if (enabling) {
    kind = 'activate';
    deviceIds = [enabling.id];
  } else {
    if (eid.status !== 'active') return err('request.no-device', 'no device can answer');
    deviceIds = devices
      .filter((d) => d.status === 'active' && (!input.onlyDevice || d.id === input.onlyDevice))
      .map((d) => d.id);
  }
  if (deviceIds.length === 0) return err('request.no-device', 'no device can answer');

  const request: AuthRequest = {
    id: `r_${randomBytes(16).toString('base64url')}`,
    kind,
    pid: input.pid,
    deviceIds,
    nonce: randomBytes(16).toString('base64url'),
    code: generateVerificationCode(),
    rpName: input.rpName,
    ...(input.bindingMessage ? { bindingMessage: input.bindingMessage } : {}),
    ...(kind === 'activate' ? { step: 1 as const } : input.onlyDevice ? { step: 2 as const } : {}),
    ...(input.interactionUid ? { interactionUid: input.interactionUid } : {}),
    ...(input.cibaRequestId ? { cibaRequestId: input.cibaRequestId } : {}),
    createdAt: now,
    expiresAt: now + deps.ttlSeconds * 1000,
    status: 'pending',
  };
  const made = await deps.requests.create(request);
  if (!made.ok) return made;

  // The wake carries the opaque id only; the app fetches the content over the API. Not awaited:
  // FCM retries for seconds, and neither the browser nor /bc-authorize may wait for it (nor may
  // the answer time reveal whether the person has a device with a push token).
  for (const d of devices) {
    if (!deviceIds.includes(d.id)) continue;
    deps.signals.notify(d.id);
    if (!d.pushToken) continue;
    deps.push.wake({ pushToken: d.pushToken, platform: d.platform }, { requestId: request.id }).then(
      (woke) => {
        if (!woke.ok) deps.onWakeFailure?.(woke.code);
      },
      (e: unknown) => {
        const code = (e as { code?: unknown } | undefined)?.code;
        deps.onWakeFailure?.(typeof code === 'string' ? code : 'push.error');
      },
    );
  }
  return ok(request);
}
