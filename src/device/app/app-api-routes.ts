import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { RateLimiter } from '../../shared/rate-limiter.js';
import { HttpError } from '../../shared/http-error.js';
import { readJson } from '../../shared/read-json.js';
import type { AuthRequestStore } from '../login/auth-request-store.js';
import type { RequestSignals } from '../login/request-signals.js';
import { respondToAuthRequest, type RespondDeps } from '../login/respond-to-auth-request.js';
import type { DeviceRecord } from './device-record.js';
import type { DeviceRecords } from './device-records.js';
import type { DeviceStore } from './device-store.js';
import { enrollDevice, type EnrollDeps } from './enroll-device.js';
import type { SingleUseStore } from './single-use-store.js';
import { verifyDeviceJws } from './verify-device-jws.js';

export interface AppApiDeps {
  readonly enroll: EnrollDeps;
  readonly respond: RespondDeps;
  readonly records: DeviceRecords;
  readonly devices: DeviceStore;
  readonly requests: AuthRequestStore;
  readonly signals: RequestSignals;
  readonly once: SingleUseStore;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  /** Challenges per source address a minute (unauthenticated, each one a Redis key). */
  readonly challengesPerMinute?: number;
  readonly maxBodyBytes: number;
  /** Longest long poll (seconds). */
  readonly maxWaitSeconds?: number;
}

export const APP_API = '/api/app/v1';
const CHALLENGE_TTL = 300;
const signedBody = z.object({ jws: z.string().min(1).max(100_000) });
const jtiPayload = <T extends string>(op: T) =>
  z.object({ op: z.literal(op), iat: z.number().int(), jti: z.string().min(8).max(64) });
const removePayload = jtiPayload('remove-device').extend({ device_id: z.string().max(64) });

/** HTTP status of each stable code (the body is always {error, error_description}). */
function statusOf(code: string): number {
  if (code === 'request.not-found') return 404;
  if (code === 'request.expired') return 410;
  if (code === 'request.already-answered') return 409;
  if (code.endsWith('rate-limited')) return 429;
  if (code === 'request.other-device' || code.startsWith('device.')) return 403;
  if (code === 'device_jws.malformed') return 400;
  if (code.startsWith('device_jws.')) return 401;
  if (code === 'enroll.bad-signature') return 401;
  if (code === 'device.certificate-failed') return 500;
  if (code === 'attestation.status-unavailable') return 503;
  return 400;
}
const refuse = (r: { code: string; detail: string }): never => {
  throw new HttpError(statusOf(r.code), r.code, r.detail);
};

const describeDevice = (d: DeviceRecord, self: string) => ({
  device_id: d.id,
  platform: d.platform,
  app_version: d.appVersion,
  status: d.status,
  attestation_level: d.attestationLevel,
  enrolled_at: d.enrolledAt,
  ...(d.activatedAt ? { activated_at: d.activatedAt } : {}),
  ...(d.certificateSerial ? { certificate_serial: d.certificateSerial } : {}),
  current: d.id === self,
});

/**
 * The authenticator app's JSON API (/api/app/v1, described in /openapi.json). Routes only parse
 * and map codes to statuses; the rules live in the use cases. Every state change is a JWS signed
 * by the device key with a server nonce (enrol: challenge; respond: the request's nonce) or a
 * `jti` + `iat` (the rest), so nothing can be replayed.
 */
export function createAppApiRouter(deps: AppApiDeps): Router {
  const router = new Router({ prefix: APP_API });
  const maxWait = deps.maxWaitSeconds ?? 25;

  const bearer = (ctx: Context) => {
    const m = /^Device (\S+)$/.exec(ctx.get('authorization'));
    if (!m) throw new HttpError(401, 'device_jws.missing', 'send Authorization: Device <compact JWS>');
    return m[1]!;
  };
  const signed = async (ctx: Context) => {
    const body = signedBody.safeParse(await readJson(ctx, deps.maxBodyBytes));
    if (!body.success) throw new HttpError(400, 'invalid_request', 'send {"jws": "<compact JWS>"}');
    return body.data.jws;
  };
  const authenticate = async <T extends string>(jws: string, op: T) => {
    const v = await verifyDeviceJws(jws, jtiPayload(op), deps, { replay: 'jti' });
    return v.ok ? v.value.device : refuse(v);
  };

  router.post('/challenges', async (ctx) => {
    const rule = { limit: deps.challengesPerMinute ?? 30, windowSeconds: 60 };
    const rate = await deps.limiter.hit(`app-challenge-ip:${ctx.ip}`, rule);
    if (!rate.allowed) {
      ctx.set('Retry-After', String(rate.retryAfterSeconds));
      throw new HttpError(
        429,
        'challenge.rate-limited',
        'too many challenges from this address; wait a minute',
      );
    }
    const challenge = randomBytes(32).toString('base64url');
    await deps.once.put(`challenge\0${challenge}`, '1', CHALLENGE_TTL);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 201;
    ctx.body = { challenge, expires_in: CHALLENGE_TTL };
  });

  router.post('/devices', async (ctx) => {
    const enrolled = await enrollDevice(deps.enroll, { jws: await signed(ctx), sourceIp: ctx.ip });
    if (!enrolled.ok) return refuse(enrolled);
    ctx.status = 201;
    ctx.body = {
      device_id: enrolled.value.id,
      status: enrolled.value.status,
      attestation_level: enrolled.value.attestationLevel,
      pending_until: enrolled.value.pendingUntil,
    };
  });

  router.get('/requests/pending', async (ctx) => {
    const device = await authenticate(bearer(ctx), 'pending');
    if (device.status !== 'active' && device.status !== 'pending_activation')
      throw new HttpError(403, 'device.not-active', `the device is ${device.status}`);
    const wait = Math.min(maxWait, Math.max(0, Number(ctx.query.wait ?? 0) || 0));
    const until = Date.now() + wait * 1000;
    const abort = new AbortController();
    ctx.req.once('close', () => abort.abort());
    for (;;) {
      const pending = await deps.requests.pendingFor(device.pid);
      if (pending && pending.deviceIds.includes(device.id)) {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          request: {
            id: pending.id,
            type: pending.kind,
            nonce: pending.nonce,
            // Step 1: the person types the code the browser shows; a device enrolled with a
            // stolen secret must not be able to approve without seeing that browser.
            ...(pending.kind === 'activate' ? {} : { verification_code: pending.code }),
            rp_name: pending.rpName,
            ...(pending.bindingMessage ? { binding_message: pending.bindingMessage } : {}),
            expires_at: new Date(pending.expiresAt).toISOString(),
          },
        };
        return;
      }
      const left = until - Date.now();
      if (left <= 0 || abort.signal.aborted) break;
      // Woken at once by a request made on this instance; re-read every second for the others.
      await deps.signals.wait(device.id, Math.min(left, 1000), abort.signal);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { request: null };
  });

  router.post('/requests/:requestId/response', async (ctx) => {
    const answered = await respondToAuthRequest(deps.respond, {
      requestId: ctx.params.requestId!,
      jws: await signed(ctx),
    });
    if (!answered.ok) return refuse(answered);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: answered.value.status,
      ...(answered.value.certificate
        ? {
            certificate: answered.value.certificate.pem,
            certificate_serial: answered.value.certificate.serialHex,
          }
        : {}),
    };
  });

  router.get('/devices', async (ctx) => {
    const device = await authenticate(bearer(ctx), 'list-devices');
    if (device.status !== 'active')
      throw new HttpError(403, 'device.not-active', `the device is ${device.status}`);
    const all = await deps.records.listByPid(device.pid);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      devices: all.filter((d) => d.status !== 'removed').map((d) => describeDevice(d, device.id)),
    };
  });

  router.delete('/devices/:deviceId', async (ctx) => {
    const v = await verifyDeviceJws(bearer(ctx), removePayload, deps, { replay: 'jti' });
    if (!v.ok) return refuse(v);
    const { device, payload } = v.value;
    if (payload.device_id !== ctx.params.deviceId)
      throw new HttpError(400, 'request.id-mismatch', 'the signed device id is another');
    // A device may always remove itself; removing another takes an active device of the same person.
    const target = await deps.records.get(payload.device_id);
    const own = target && target.pid === device.pid && target.status !== 'removed';
    if (!own || (target.id !== device.id && device.status !== 'active'))
      throw new HttpError(404, 'device.not-found', 'no such device of yours');
    const removed = await deps.devices.remove(target.id, 'user_removed', `device:${device.id}`);
    if (!removed.ok) return refuse(removed);
    ctx.status = 204;
  });

  router.post('/pin-blocked', async (ctx) => {
    const device = await authenticate(await signed(ctx), 'pin-blocked');
    const blocked = await deps.devices.block(device.id, 'pin_blocked', `device:${device.id}`);
    if (!blocked.ok && blocked.code !== 'device.not-blockable') return refuse(blocked);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'blocked' };
  });

  return router;
}
