import { createHash } from 'node:crypto';
import type { FaceMatchError } from '../facematch/face-match-verifier.js';
import { verifyPassport } from '../passport/verify-passport.js';
import type { RegistryErrorCode } from '../registry/population-register.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkRegister } from './check-register.js';
import { chipFailureCode } from './chip-failure-code.js';
import type { ChipUpload } from './chip-upload.js';
import type { Order } from './order.js';
import type { RegistrationDeps } from './registration-deps.js';
import type { RegistrationErrorCode } from './registration-error-code.js';
import { registrationRateLimits as limits } from './registration-rate-limits.js';

/** After this many refused uploads the order ends: someone is trying chip after chip. */
export const MAX_CHIP_FAILURES = 5;

export type UploadError = RegistrationErrorCode | FaceMatchError | RegistryErrorCode;

/**
 * The reader app's upload: passive and active authentication (over the server's single-use
 * challenge), the face match bound to this order and this DG2, then `chipVerified` and the
 * register check. A refused upload changes nothing in the order (the refusal is audited and
 * counted, and the challenge is burnt); the app may read again with a new challenge.
 */
export async function acceptChipUpload(
  deps: RegistrationDeps,
  orderId: string,
  upload: ChipUpload,
): Promise<Result<Order, UploadError>> {
  const current = await deps.orders.get(orderId);
  if (!current.ok) return err('order.gone', 'the order no longer exists');
  if (current.value.state === 'expired') return err('order.expired', 'the order has expired');
  if (current.value.state !== 'created')
    return err('reader.order-closed', `the order is ${current.value.state}; the passport was read already`);
  const rate = await deps.limiter.hit(`reader-upload:${orderId}`, limits.uploadsPerOrder);
  if (!rate.allowed) return err('rate.limited', 'too many uploads for this order');

  const outcome = await deps.aa.consume(orderId, upload.activeAuthentication.challenge);
  const report = verifyPassport(
    {
      sod: upload.sod,
      dataGroups: upload.dataGroups,
      ...(upload.com ? { com: upload.com } : {}),
      activeAuthentication: upload.activeAuthentication,
    },
    {
      trustStore: deps.trustStore,
      policy: deps.policy,
      at: deps.clock.now(),
      aaChallengeOutcome: outcome.ok ? { ok: true } : outcome,
    },
  );
  if (report.verdict !== 'accepted' || !report.document) {
    const { code, check } = chipFailureCode(report);
    return refuse(deps, orderId, code, `${check}: the passport chip was not accepted`);
  }
  const dg2 = upload.dataGroups[2];
  if (!dg2)
    return refuse(deps, orderId, 'chip.no-face-image', 'DG2 (the face image) is needed for the face match');
  const face = await deps.faceMatch.verify(upload.faceMatch, {
    orderId,
    dg2Sha256: createHash('sha256').update(dg2).digest('base64url'),
  });
  if (!face.ok) return refuse(deps, orderId, face.code, face.detail);

  const doc = report.document;
  const sodDigest = createHash('sha256').update(upload.sod).digest('hex');
  // The eID data first, then the transition (see check-register.ts): never a verified order
  // without the document it was verified with.
  await deps.vault.update(orderId, {
    document: {
      number: doc.documentNumber,
      issuingState: doc.issuingState,
      type: doc.documentCode,
      expiresOn: doc.dateOfExpiryIso,
    },
    faceMatchScore: face.value.score,
    sodDigest,
    lastProblem: undefined,
  });
  const applied = await deps.orders.apply(orderId, {
    type: 'chipVerified',
    key: `chip:${sodDigest.slice(0, 40)}`,
    evidence: {
      holder: {
        primaryIdentifier: doc.primaryIdentifier,
        secondaryIdentifier: doc.secondaryIdentifier,
        dateOfBirth: doc.dateOfBirth,
        nationality: doc.nationality,
        documentNumber: doc.documentNumber,
        documentCode: doc.documentCode,
        issuingState: doc.issuingState,
        format: doc.format,
      },
      activeAuthentication: report.aaPublicKey?.type === 'rsa' ? 'rsa' : 'ecdsa',
      sodDigest,
    },
  });
  if (!applied.ok) {
    return err(applied.code === 'order.expired' ? 'order.expired' : 'order.not-allowed', applied.detail);
  }
  deps.log.info(
    { event: 'registration.chip-verified', orderId, platform: upload.app.platform },
    'chip verified',
  );
  const registered = await checkRegister(deps, orderId);
  // "Register unavailable" keeps the order at chip_verified; the page offers to try again.
  if (!registered.ok && registered.code !== 'registry.unavailable') return registered;
  const now = await deps.orders.get(orderId);
  return now.ok ? ok(now.value) : err('order.gone', 'the order no longer exists');
}

async function refuse<C extends UploadError>(
  deps: RegistrationDeps,
  orderId: string,
  code: C,
  detail: string,
): Promise<Result<Order, UploadError>> {
  const failures = ((await deps.vault.get(orderId))?.chipFailures ?? 0) + 1;
  await deps.vault.update(orderId, { lastProblem: code, chipFailures: failures });
  await deps.audit.append({ actor: 'reader', action: 'order.chip-upload', target: orderId, outcome: code });
  deps.log.info({ event: 'registration.chip-refused', orderId, code }, 'chip upload refused');
  if (failures >= MAX_CHIP_FAILURES) {
    await deps.orders.apply(orderId, {
      type: 'fail',
      key: 'fail:chip-attempts',
      reasonCode: 'chip.too-many-attempts',
    });
  }
  return err(code, detail);
}
