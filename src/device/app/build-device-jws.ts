import type { KeyObject } from 'node:crypto';
import { CompactSign, type JWK } from 'jose';
import { DEVICE_JWS_TYPE } from './device-jws-type.js';

/**
 * What the app signs, as compact JWS ES256 with its device key: `kid` = device id for a known
 * device, or the public `jwk` itself at enrolment (proof of possession of the new key). Shared by
 * the CLI app simulator, the benchmark and the tests, so all of them speak the real protocol.
 *
 * @example
 *   const jws = await buildDeviceJws(privateKey, { kid: deviceId }, { op: 'pending', iat, jti });
 */
export async function buildDeviceJws(
  privateKey: KeyObject,
  header: { kid: string } | { jwk: JWK },
  payload: Record<string, unknown>,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', typ: DEVICE_JWS_TYPE, ...header })
    .sign(privateKey);
}
