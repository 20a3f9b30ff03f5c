import { createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { buildDeviceJws } from '../../../src/device/app/build-device-jws.js';
import { issueEid } from '../../authenticator/support/app-login.js';
import type { RunningProvider } from '../../support/start-provider.js';

/**
 * What a phone does to enrol, through the app API: a fresh eID for `pid`, a server challenge,
 * then `phone(challenge)` makes the device key and its platform evidence, and the enrolment JWS
 * signed with that key is posted. Answers the HTTP status and JSON body.
 */
export async function enrolOverHttp(
  op: RunningProvider,
  opts: {
    readonly pid: string;
    readonly platform: 'android' | 'ios';
    readonly phone: (challenge: Uint8Array) => { privateKey: KeyObject; attestation?: string | undefined };
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const secret = await issueEid(op.app, opts.pid);
  const { challenge } = (await (
    await fetch(`${op.issuer}/api/app/v1/challenges`, { method: 'POST' })
  ).json()) as { challenge: string };
  const { privateKey, attestation } = opts.phone(new Uint8Array(Buffer.from(challenge, 'base64url')));
  const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  const jws = await buildDeviceJws(
    privateKey,
    { jwk: { kty, crv, x, y } as JWK },
    {
      op: 'enroll',
      pid: opts.pid,
      activation_secret: secret,
      platform: opts.platform,
      app_version: `${opts.platform}/1.0`,
      challenge,
      ...(attestation ? { attestation } : {}),
      iat: Math.floor(Date.now() / 1000),
    },
  );
  const res = await fetch(`${op.issuer}/api/app/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jws }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
