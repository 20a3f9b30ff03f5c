import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import type { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { err, ok, type Result } from '../../shared/result.js';
import { DEVICE_JWS_TYPE } from './device-jws-type.js';
import type { DeviceRecord } from './device-record.js';
import type { DeviceRecords } from './device-records.js';
import type { SingleUseStore } from './single-use-store.js';
import { verifyEs256Compact } from './verify-es256-compact.js';

export type DeviceJwsError =
  | 'device_jws.malformed'
  | 'device_jws.unknown-device'
  | 'device_jws.bad-signature'
  | 'device_jws.stale'
  | 'device_jws.replayed'
  | 'device_jws.wrong-operation';

/** How far `iat` may be from the server's clock (phones' clocks drift). */
const MAX_SKEW_SECONDS = 300;

/**
 * Checks a message signed by a known device: ES256, `typ` passport-eid-device+jws, no `crit`,
 * `kid` = a device id we know, the signature
 * with that device's key, the payload against `schema` (which fixes `op`), `iat` within five
 * minutes, and, for messages without a server nonce, a `jti` not seen before (replay). The
 * caller checks the device status: what a blocked device may still do depends on the operation.
 *
 * @example
 *   const v = await verifyDeviceJws(jws, pendingSchema, { records, clock, once }, { replay: 'jti' });
 *   if (!v.ok) throw new HttpError(401, v.code, v.detail);
 */
export async function verifyDeviceJws<S extends z.ZodType<{ op: string; iat: number; jti?: string }>>(
  compact: string,
  schema: S,
  deps: { records: DeviceRecords; clock: Clock; once: SingleUseStore },
  options: { replay: 'jti' | 'server-nonce' },
): Promise<Result<{ device: DeviceRecord; payload: z.infer<S> }, DeviceJwsError>> {
  let kid: unknown;
  try {
    const header = decodeProtectedHeader(compact);
    if (header.alg !== 'ES256') return err('device_jws.malformed', 'the signature must be ES256');
    if (header.typ !== DEVICE_JWS_TYPE) return err('device_jws.malformed', `typ must be ${DEVICE_JWS_TYPE}`);
    // No extension is understood, so none may be critical (RFC 7515 §4.1.11).
    if (header.crit !== undefined) return err('device_jws.malformed', 'crit is not supported');
    kid = header.kid;
  } catch {
    return err('device_jws.malformed', 'not a compact JWS');
  }
  if (typeof kid !== 'string' || kid.length > 64)
    return err('device_jws.malformed', 'kid must be the device id');
  const device = await deps.records.get(kid);
  if (!device) return err('device_jws.unknown-device', 'no device with this id');
  const payloadBytes = verifyEs256Compact(
    compact,
    createPublicKey({ key: device.publicJwk as JsonWebKey, format: 'jwk' }),
  );
  if (!payloadBytes)
    return err('device_jws.bad-signature', 'the signature does not verify with this device key');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payloadBytes));
  } catch {
    return err('device_jws.malformed', 'the payload is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'op')
      return err('device_jws.wrong-operation', 'this message is for another operation');
    return err(
      'device_jws.malformed',
      `payload ${issue?.path.join('.') || ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const payload = parsed.data as z.infer<S>;
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (Math.abs(now - payload.iat) > MAX_SKEW_SECONDS)
    return err('device_jws.stale', 'iat is too far from now');
  if (options.replay === 'jti') {
    if (!payload.jti) return err('device_jws.malformed', 'jti is required');
    const fresh = await deps.once.claim(`jti\0${device.id}\0${payload.jti}`, MAX_SKEW_SECONDS * 2);
    if (!fresh) return err('device_jws.replayed', 'this message was already used');
  }
  return ok({ device, payload });
}
