import type { Result } from '../../shared/result.js';
import type { RevokedEntry } from './build-crl.js';
import type { RevocationReason } from './revocation-reason.js';

export interface DeviceCertificateRecord {
  readonly serial: bigint;
  readonly deviceId: string;
  readonly issuedAt: Date;
  readonly notAfter: Date;
  readonly status: 'active' | 'revoked';
  /** Present when revoked: the first revocation's reason and time, never overwritten. */
  readonly revocation?: { readonly reason: RevocationReason; readonly revokedAt: Date };
}

/** Revoke one certificate, or every certificate ever issued to one device. */
export type RevokeTarget = { readonly serial: bigint } | { readonly deviceId: string };

/** One certificate's revocation as stored: `newlyRevoked` is false when it already was. */
export interface RevocationOutcome {
  readonly serial: bigint;
  readonly deviceId: string;
  readonly reason: RevocationReason;
  readonly revokedAt: Date;
  readonly newlyRevoked: boolean;
}

/** What one CRL is built from, read in one atomic step with its CRL number. */
export interface CrlSnapshot {
  readonly crlNumber: bigint;
  readonly revoked: readonly RevokedEntry[];
}

/**
 * Port: the issued device certificates and their revocation status, the source of the CRL.
 *
 * - `record` stores a newly issued certificate (serial → device) only if the serial is new;
 *   records are kept for good (revocation status must stay answerable, and auditable).
 * - `revoke` is atomic and idempotent: revoking a revoked certificate changes nothing and
 *   reports the original reason and time (`newlyRevoked: false`); revocation is permanent.
 *   By `deviceId` it revokes every certificate of that device in one step. Nothing known under
 *   the target → `device-registry.unknown-certificate`.
 * - `crlSnapshot` takes the next CRL number and the revoked entries together, so a CRL number
 *   always names one state and numbers only grow, across any number of instances.
 *
 * @example
 *   await registry.record({ serial, deviceId: 'dev-1', notAfter }, clock.now());
 *   await registry.revoke({ deviceId: 'dev-1' }, 'keyCompromise', clock.now());
 *   const { crlNumber, revoked } = await registry.crlSnapshot();
 */
export interface DeviceCertificateRegistry {
  record(
    certificate: { readonly serial: bigint; readonly deviceId: string; readonly notAfter: Date },
    issuedAt: Date,
  ): Promise<Result<void, 'device-registry.duplicate-serial'>>;
  find(serial: bigint): Promise<DeviceCertificateRecord | undefined>;
  findByDevice(deviceId: string): Promise<readonly DeviceCertificateRecord[]>;
  revoke(
    target: RevokeTarget,
    reason: RevocationReason,
    at: Date,
  ): Promise<Result<readonly RevocationOutcome[], 'device-registry.unknown-certificate'>>;
  crlSnapshot(): Promise<CrlSnapshot>;
}
