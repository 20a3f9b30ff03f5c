import type { JWK } from 'jose';
import type { AttestationLevel, VerifiedAttestation } from '../attestation/key-attestation-verifier.js';

export type DevicePlatform = 'android' | 'ios' | 'web-sandbox';

/**
 * `pending_activation`: enrolled with a valid activation secret, waiting for "enable this eID".
 * `active`: may approve logins. `blocked`: support or the app (PIN blocked) stopped it; its
 * certificate is revoked. `removed`: ended for good (kept for support and audit).
 */
export type DeviceStatus = 'pending_activation' | 'active' | 'blocked' | 'removed';

/** One installation of the authenticator app, bound to one person by its P-256 device key. */
export interface DeviceRecord {
  /** Random, opaque (`d_` + 22 base64url characters); the JWS `kid` of everything the app signs. */
  readonly id: string;
  /** The person's identity number. Never logged, never part of a key name. */
  readonly pid: string;
  /** The device public key (EC P-256, no private parts). */
  readonly publicJwk: JWK;
  readonly platform: DevicePlatform;
  readonly appVersion: string;
  /** Push registration token; absent when the app registered none (it then polls). */
  readonly pushToken?: string;
  readonly attestationLevel: AttestationLevel;
  /**
   * What the attestation check found at enrolment (no personal data): format, fingerprints,
   * Android chain serials (`chainSerials`), the App Attest key id, …
   */
  readonly attestation?: VerifiedAttestation['details'];
  readonly status: DeviceStatus;
  /** Serial (hex) of the current device certificate, once issued. */
  readonly certificateSerial?: string;
  /** PEM of the current device certificate (the app fetches it again after a reinstall of state). */
  readonly certificatePem?: string;
  /** ISO times. */
  readonly enrolledAt: string;
  readonly activatedAt?: string;
  /** A pending device that was not enabled by then is ignored (ISO time). */
  readonly pendingUntil?: string;
  /** Why it is blocked or removed (`pin_blocked`, `support`, `user_removed`, …). */
  readonly statusReason?: string;
}
