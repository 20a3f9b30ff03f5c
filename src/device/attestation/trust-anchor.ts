import type { KeyObject } from 'node:crypto';

/** A root public key the chain may end at. */
export interface TrustAnchor {
  /** DER SubjectPublicKeyInfo, for exact comparison. */
  readonly spki: Buffer;
  readonly key: KeyObject;
  /** SHA-256 of `spki`, hex: names the root in details and logs. */
  readonly fingerprint: string;
}
