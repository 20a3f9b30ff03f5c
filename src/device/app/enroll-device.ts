import { createPublicKey, randomBytes, type JsonWebKey } from 'node:crypto';
import { decodeProtectedHeader, type JWK } from 'jose';
import { z } from 'zod';
import type { EidStore } from '../../eid/eid-store.js';
import type { AuditLog } from '../../shared/audit-log.js';
import type { Clock } from '../../shared/clock.js';
import { parseIdentityNumber } from '../../shared/identity-number.js';
import type { RateLimiter } from '../../shared/rate-limiter.js';
import { err, ok, type Result } from '../../shared/result.js';
import type {
  AttestationErrorCode,
  AttestationLevel,
  KeyAttestationVerifier,
} from '../attestation/key-attestation-verifier.js';
import { meetsAttestationLevel } from '../attestation/meets-attestation-level.js';
import { DEVICE_JWS_TYPE } from './device-jws-type.js';
import type { DeviceRecord } from './device-record.js';
import type { DeviceRecords } from './device-records.js';
import type { SingleUseStore } from './single-use-store.js';
import { verifyEs256Compact } from './verify-es256-compact.js';

/** What the app signs at enrolment, with the new key itself in the JWS header (`jwk`). */
export const enrollPayloadSchema = z.object({
  op: z.literal('enroll'),
  pid: z.string().max(20),
  activation_secret: z.string().max(64),
  platform: z.enum(['android', 'ios', 'web-sandbox']),
  app_version: z.string().min(1).max(40),
  push_token: z.string().min(1).max(4096).optional(),
  challenge: z.string().min(16).max(128),
  attestation: z.string().max(65_536).optional(),
  iat: z.number().int(),
});

const p256PublicJwk = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().length(43),
    y: z.string().length(43),
  })
  .strict();

export type EnrollError =
  | 'enroll.malformed'
  | 'enroll.bad-signature'
  | 'enroll.stale'
  | 'enroll.challenge-invalid'
  | 'enroll.rate-limited'
  | 'activation.invalid'
  | 'activation.expired'
  | 'activation.used'
  | AttestationErrorCode;

export interface EnrollDeps {
  readonly eids: EidStore;
  readonly records: DeviceRecords;
  readonly verifier: KeyAttestationVerifier;
  readonly once: SingleUseStore;
  readonly limiter: RateLimiter;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Lowest attestation level accepted for a level-high device. */
  readonly minimumLevel: AttestationLevel;
  readonly syntheticIdentityNumbers: 'allow' | 'deny';
  /** How long an enrolled device waits for "enable this eID" (step 1). */
  readonly pendingMinutes: number;
}

/**
 * The app's enrolment: proves possession of the new P-256 key (the JWS is signed by the key in
 * its header), uses a server challenge once, checks the activation secret without consuming it
 * (that happens at "enable this eID"), has the key's attestation verified, and stores the device
 * as `pending_activation`. A wrong identity number and a wrong secret give the same answer.
 *
 * @example const r = await enrollDevice(deps, { jws, sourceIp: ctx.ip }); // ok(device) | err(code)
 */
export async function enrollDevice(
  deps: EnrollDeps,
  input: { jws: string; sourceIp: string },
): Promise<Result<DeviceRecord, EnrollError>> {
  let jwk: JWK;
  try {
    const header = decodeProtectedHeader(input.jws);
    const key = p256PublicJwk.safeParse(header.jwk);
    if (header.alg !== 'ES256' || !key.success)
      return err('enroll.malformed', 'sign with ES256 and put the new P-256 public key in the jwk header');
    if (header.typ !== DEVICE_JWS_TYPE || header.crit !== undefined)
      return err('enroll.malformed', `typ must be ${DEVICE_JWS_TYPE}, and no crit header`);
    jwk = key.data;
  } catch {
    return err('enroll.malformed', 'not a compact JWS');
  }
  const publicKey = (() => {
    try {
      return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch {
      return undefined;
    }
  })();
  if (!publicKey) return err('enroll.malformed', 'the jwk is not a P-256 public key');
  const raw = verifyEs256Compact(input.jws, publicKey);
  if (!raw) return err('enroll.bad-signature', 'the signature does not verify with the key in the header');
  let body: z.infer<typeof enrollPayloadSchema>;
  try {
    const parsed = enrollPayloadSchema.safeParse(JSON.parse(new TextDecoder().decode(raw)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return err('enroll.malformed', `${issue.path.join('.')}: ${issue.message}`);
    }
    body = parsed.data;
  } catch {
    return err('enroll.malformed', 'the payload is not JSON');
  }
  const now = deps.clock.now();
  if (Math.abs(Math.floor(now.getTime() / 1000) - body.iat) > 300)
    return err('enroll.stale', 'iat is too far from now');
  if (!(await deps.once.take(`challenge\0${body.challenge}`)))
    return err('enroll.challenge-invalid', 'the challenge is unknown, expired or used');

  // Per source and per target: guessing activation secrets is slow from anywhere. The target is
  // the canonical number, so spaces or other spellings of one number share its limit.
  const pid = parseIdentityNumber(body.pid, { synthetic: deps.syntheticIdentityNumbers });
  const rule = { limit: 10, windowSeconds: 3600 };
  const [bySource, byTarget] = await Promise.all([
    deps.limiter.hit(`enroll-ip:${input.sourceIp}`, { limit: 30, windowSeconds: 3600 }),
    deps.limiter.hit(`enroll-pid:${pid.ok ? pid.value.value : body.pid}`, rule),
  ]);
  if (!bySource.allowed || !byTarget.allowed)
    return err('enroll.rate-limited', 'too many enrolment attempts');
  if (!pid.ok) return err('activation.invalid', 'this is not the activation code of this eID');
  const secret = await deps.eids.checkActivationSecret(pid.value.value, body.activation_secret);
  if (!secret.ok) return secret;

  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const attested = await deps.verifier.verify({
    platform: body.platform,
    publicKeySpki: spki,
    ...(body.attestation ? { attestation: body.attestation } : {}),
    challenge: new Uint8Array(Buffer.from(body.challenge, 'base64url')),
  });
  if (!attested.ok) return attested;
  if (!meetsAttestationLevel(attested.value.level, deps.minimumLevel))
    return err(
      'attestation.insufficient-level',
      `the device key must be attested at level ${deps.minimumLevel}`,
    );

  const device: DeviceRecord = {
    id: `d_${randomBytes(16).toString('base64url')}`,
    pid: pid.value.value,
    publicJwk: jwk,
    platform: body.platform,
    appVersion: body.app_version,
    ...(body.push_token ? { pushToken: body.push_token } : {}),
    attestationLevel: attested.value.level,
    attestation: attested.value.details,
    status: 'pending_activation',
    enrolledAt: now.toISOString(),
    pendingUntil: new Date(now.getTime() + deps.pendingMinutes * 60_000).toISOString(),
  };
  await deps.records.create(device);
  await deps.audit.append({
    actor: `device:${device.id}`,
    action: 'device.enroll',
    target: device.id,
    outcome: 'ok',
    detail: JSON.stringify({ level: attested.value.level, ...attested.value.details }),
  });
  return ok(device);
}
