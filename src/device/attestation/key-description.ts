/** KeyMint/Keymaster `SecurityLevel`: Software (0), TrustedEnvironment (1), StrongBox (2). */
export type SecurityLevelName = 'Software' | 'TrustedEnvironment' | 'StrongBox';

/** `VerifiedBootState`: Verified (0), SelfSigned (1), Unverified (2), Failed (3). */
export type VerifiedBootStateName = 'Verified' | 'SelfSigned' | 'Unverified' | 'Failed';

/** The AuthorizationList entries this server reads; the others are skipped, not rejected. */
export interface AuthorizationSummary {
  /** `[1] purpose`: KeyPurpose values (2 = SIGN). */
  readonly purposes?: readonly number[];
  /** `[702] origin`: KeyOrigin, 0 = GENERATED inside the keystore. */
  readonly origin?: number;
  /** `[704] rootOfTrust`. */
  readonly rootOfTrust?: {
    readonly deviceLocked: boolean;
    readonly verifiedBootState: VerifiedBootStateName;
  };
  /** `[709] attestationApplicationId`: the apps (package names) sharing the UID, and their signing-certificate SHA-256 digests. */
  readonly attestationApplicationId?: {
    readonly packageNames: readonly string[];
    readonly signatureDigests: readonly Uint8Array[];
  };
}

/**
 * The Android Key Attestation extension (OID 1.3.6.1.4.1.11129.2.1.17), as far as it is read:
 *
 * ```
 * KeyDescription ::= SEQUENCE {
 *   attestationVersion INTEGER, attestationSecurityLevel SecurityLevel,
 *   keyMintVersion INTEGER, keyMintSecurityLevel SecurityLevel,
 *   attestationChallenge OCTET STRING, uniqueId OCTET STRING,
 *   softwareEnforced AuthorizationList, hardwareEnforced AuthorizationList }
 * ```
 */
export interface KeyDescription {
  readonly attestationVersion: number;
  readonly attestationSecurityLevel: SecurityLevelName;
  /** `keymasterVersion` before KeyMint. */
  readonly keymasterVersion: number;
  readonly keymasterSecurityLevel: SecurityLevelName;
  readonly attestationChallenge: Uint8Array;
  readonly softwareEnforced: AuthorizationSummary;
  readonly hardwareEnforced: AuthorizationSummary;
}
