import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { EidStore } from '../../eid/eid-store.js';
import type { AuditLog } from '../../shared/audit-log.js';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { DeviceCertificateIssuer } from '../app/device-certificate-issuer.js';
import type { DeviceRecord } from '../app/device-record.js';
import type { DeviceRecords } from '../app/device-records.js';
import type { DeviceStore } from '../app/device-store.js';
import type { SingleUseStore } from '../app/single-use-store.js';
import { verifyDeviceJws, type DeviceJwsError } from '../app/verify-device-jws.js';
import type { AuthRequest } from './auth-request.js';
import type { AuthRequestStore } from './auth-request-store.js';

/** What the app signs to answer a request (compact JWS ES256, `kid` = device id). */
export const respondPayloadSchema = z.object({
  op: z.literal('respond'),
  rid: z.string().max(64),
  nonce: z.string().max(64),
  code: z.string().max(16),
  rp: z.string().max(200),
  decision: z.enum(['approve', 'deny']),
  uv: z.enum(['pin', 'biometric']),
  iat: z.number().int(),
  /** Step 1 of the first activation: the secret from the receipt, consumed by this approval. */
  activation_secret: z.string().max(64).optional(),
});

export type RespondError =
  | DeviceJwsError
  | 'request.not-found'
  | 'request.id-mismatch'
  | 'request.other-device'
  | 'request.nonce-mismatch'
  | 'request.code-mismatch'
  | 'request.rp-mismatch'
  | 'request.expired'
  | 'request.already-answered'
  | 'device.not-active'
  | 'activation.invalid'
  | 'activation.expired'
  | 'activation.used'
  | 'device.certificate-failed';

export interface RespondOutcome {
  readonly status: 'approved' | 'denied';
  readonly request: AuthRequest;
  /** Step 1 of the first activation: the new device certificate. */
  readonly certificate?: { readonly serialHex: string; readonly pem: string };
}

export interface RespondDeps {
  readonly records: DeviceRecords;
  readonly requests: AuthRequestStore;
  readonly eids: EidStore;
  readonly certificates: DeviceCertificateIssuer;
  readonly audit: AuditLog;
  readonly once: SingleUseStore;
  readonly clock: Clock;
  /** Removes the person's other enrolments after step 1, or undoes an activation that lost. */
  readonly devices: Pick<DeviceStore, 'remove'>;
  /** Called once a request reached its final answer (CIBA completes the backchannel request). */
  readonly onAnswered?: (request: AuthRequest, approved: boolean) => Promise<void>;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The app's answer to one request. Checked in this order, first failure answers: the device's
 * signature, that the signed request id is the one addressed, that this device may answer it,
 * the server nonce, the verification code and the relying party name the browser showed; then
 * one atomic pending → approved/denied (expired and second answers lose here, so a replay or
 * a race changes nothing).
 *
 * `activate` is different: the app never received the code, the person typed it from the browser,
 * so a wrong code ends the request (one try). An approval is claimed once, then consumes the
 * activation secret, issues the certificate, enables the device, and only then becomes
 * `approved` (a failure on the way ends the request as `failed`, with an audit entry); the
 * person's other enrolments still waiting to be enabled are removed.
 *
 * @example const r = await respondToAuthRequest(deps, { requestId, jws });
 */
export async function respondToAuthRequest(
  deps: RespondDeps,
  input: { requestId: string; jws: string },
): Promise<Result<RespondOutcome, RespondError>> {
  const verified = await verifyDeviceJws(input.jws, respondPayloadSchema, deps, { replay: 'server-nonce' });
  if (!verified.ok) return verified;
  const { device, payload } = verified.value;
  if (payload.rid !== input.requestId) return err('request.id-mismatch', 'the signed request id is another');
  const request = await deps.requests.get(input.requestId);
  if (!request) return err('request.not-found', 'no such request');
  if (!request.deviceIds.includes(device.id) || request.pid !== device.pid)
    return err('request.other-device', 'this request is not for this device');
  const enabling = request.kind === 'activate';
  if (device.status !== 'active' && !(enabling && device.status === 'pending_activation'))
    return err('device.not-active', `the device is ${device.status}`);
  if (!same(payload.nonce, request.nonce))
    return err('request.nonce-mismatch', 'the nonce is not this request’s');
  if (payload.rp !== request.rpName)
    return err('request.rp-mismatch', 'the service name is not this request’s');
  const approve = payload.decision === 'approve';
  const audit = (outcome: string, target: string = device.id) =>
    deps.audit.append({ actor: `device:${device.id}`, action: 'eid.activate', target, outcome });
  const fail = async <C extends RespondError>(code: C, detail: string) => {
    await deps.requests.transition(request.id, 'pending', 'failed', { failure: code });
    await deps.requests.release(request.pid, request.id);
    await audit(code);
    return err(code, detail);
  };
  if (enabling) {
    // Step 1 stays `pending` while an approval's effects run, so every final answer to it
    // (approval, denial, wrong code) is claimed once here: the first one wins.
    const now = deps.clock.now().getTime();
    if (request.status !== 'pending')
      return err('request.already-answered', 'the request was already answered');
    if (request.expiresAt <= now) return err('request.expired', 'the request has expired');
    const ttl = Math.ceil((request.expiresAt - now) / 1000) + 900;
    if (!(await deps.once.claim(`answer\0${request.id}`, ttl)))
      return err('request.already-answered', 'the request was already answered');
  }
  // Step 1's code is never sent to the app: guessing it must not get more than one try, and
  // declining needs no code (the person may not have the browser at hand).
  if (!same(payload.code, request.code) && !(enabling && !approve)) {
    const detail = 'the verification code is not the one the browser shows';
    return enabling ? fail('request.code-mismatch', detail) : err('request.code-mismatch', detail);
  }
  if (enabling && approve) return activate(deps, request, device, payload, fail, audit);

  const moved = await deps.requests.transition(request.id, 'pending', approve ? 'approved' : 'denied', {
    respondedBy: device.id,
    userVerification: payload.uv,
  });
  if (moved === 'expired') return err('request.expired', 'the request has expired');
  if (moved !== 'ok') return err('request.already-answered', 'the request was already answered');
  await deps.requests.release(request.pid, request.id);
  const answered = {
    ...request,
    status: approve ? 'approved' : 'denied',
    respondedBy: device.id,
  } as AuthRequest;

  if (!approve) {
    await deps.onAnswered?.(answered, false);
    return ok({ status: 'denied', request: answered });
  }
  await deps.onAnswered?.(answered, true);
  return ok({ status: 'approved', request: answered });
}

/** Step 1 approved: every effect first, `approved` last, so the browser never sees half of it. */
async function activate(
  deps: RespondDeps,
  request: AuthRequest,
  device: DeviceRecord,
  payload: z.infer<typeof respondPayloadSchema>,
  fail: <C extends RespondError>(code: C, detail: string) => Promise<Result<never, C>>,
  audit: (outcome: string, target?: string) => Promise<string>,
): Promise<Result<RespondOutcome, RespondError>> {
  const secret = payload.activation_secret;
  if (!secret) return fail('activation.invalid', 'enabling the eID needs the activation code');
  const consumed = await deps.eids.consumeActivation(device.pid, secret);
  if (!consumed.ok) return fail(consumed.code, consumed.detail);
  const activatedAt = deps.clock.now().toISOString();
  const cert = await deps.certificates.issue({ ...device, status: 'active', activatedAt }, consumed.value);
  if (!cert.ok) return fail('device.certificate-failed', cert.detail);
  await deps.records.update(device.id, {
    certificateSerial: cert.value.serialHex,
    certificatePem: cert.value.pem,
  });
  const enabled = await deps.records.setStatus(device.id, ['pending_activation'], 'active', { activatedAt });
  if (!enabled) {
    await deps.devices.remove(device.id, 'activation_failed', 'system'); // revokes the new certificate
    return fail('device.not-active', 'the device changed meanwhile');
  }
  const moved = await deps.requests.transition(request.id, 'pending', 'approved', {
    respondedBy: device.id,
    userVerification: payload.uv,
  });
  if (moved !== 'ok') {
    // Expired while the effects ran: undo the device (the eID stays enabled; a new app enrols again).
    await deps.devices.remove(device.id, 'activation_failed', 'system');
    await audit(moved === 'expired' ? 'request.expired' : 'request.already-answered');
    await deps.requests.release(request.pid, request.id);
    return moved === 'expired'
      ? err('request.expired', 'the request has expired')
      : err('request.already-answered', 'the request was already answered');
  }
  await deps.requests.release(request.pid, request.id);
  await audit('ok', consumed.value.id);
  for (const other of await deps.records.listByPid(device.pid)) {
    if (other.id !== device.id && other.status === 'pending_activation')
      await deps.devices.remove(other.id, 'superseded_enrolment', 'system');
  }
  const answered = { ...request, status: 'approved', respondedBy: device.id } as AuthRequest;
  await deps.onAnswered?.(answered, true);
  return ok({ status: 'approved', request: answered, certificate: cert.value });
}
