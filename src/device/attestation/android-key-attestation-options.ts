import type { AttestationLevel } from './key-attestation-verifier.js';

/** Settings of the Android Key Attestation check. */
export interface AndroidKeyAttestationOptions {
  /**
   * PEM certificates or public keys of the accepted roots. Production: Google's hardware
   * attestation roots as published on "Verify hardware-backed key pairs with key attestation"
   * (both the RSA and the newer ECDSA P-384 roots). Data, so rotation is a config change.
   */
  readonly trustedRoots: readonly string[];
  /** Lowest level accepted; default `hardware` (what eIDAS high needs of the device key). */
  readonly minimumLevel?: Exclude<AttestationLevel, 'none'>;
  /**
   * Revoked certificate serial numbers (hex), e.g. the keys of Google's attestation status list
   * (`https://android.googleapis.com/attestation/status`), refreshed by the caller. Not fetched here.
   */
  readonly revokedSerials?: () => ReadonlySet<string>;
  /** When set, the key must have been made by this app: a package name and a signing-certificate SHA-256 (hex) must both match. */
  readonly application?: {
    readonly packageNames: readonly string[];
    readonly signatureDigestsSha256: readonly string[];
  };
  /** Require a locked bootloader and `Verified` boot state for hardware keys; default true. */
  readonly requireVerifiedBoot?: boolean;
  /** Certificates in a chain; default 10. */
  readonly maxChainLength?: number;
}
