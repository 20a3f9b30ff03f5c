/**
 * `issued_not_activated`: registration finished, waiting for the app's double authentication.
 * `active`: at least one device was enabled with an activation secret.
 * `revoked`: support or the holder ended the eID; no login, no activation.
 */
export type EidStatus = 'issued_not_activated' | 'active' | 'revoked';

/** How the proofing went, without chip data: enough for support and for an auditor to follow up. */
export interface ProofingEvidence {
  readonly orderId: string;
  /** Audit stream id of the order's `issued` entry. */
  readonly auditId: string;
  readonly activeAuthentication: 'rsa' | 'ecdsa';
  /** Hex digest of the verified SOD (correlates with the reader upload without keeping it). */
  readonly sodDigest: string;
  /** Face match score from the reader vendor, when one was required. */
  readonly faceMatchScore?: number;
  /** The issuer's cardholder-name verdict; `unavailable` means the check was weaker (docs/payment.md). */
  readonly cardholderNameCheck: 'match' | 'partial' | 'unavailable';
}

/** The one-time secret that lets an app enable this eID; only its hash is stored. */
export interface ActivationGrant {
  readonly secretHash: string;
  readonly expiresAt: string;
  readonly consumedAt?: string;
}

/**
 * An issued eID: who it belongs to (from the register and the chip), how they were proofed, and
 * whether it has been enabled in an app. One record per identity number; a new registration by
 * the same person (a new phone, a lost one) replaces the activation grant and keeps the rest.
 */
export interface EidRecord {
  readonly id: string;
  readonly pid: string;
  readonly givenName: string;
  readonly familyName: string;
  /** ISO date, from the register. */
  readonly birthDate: string;
  readonly document: {
    readonly number: string;
    readonly issuingState: string;
    readonly type: string;
    /** ISO date. */
    readonly expiresOn: string;
  };
  readonly evidence: ProofingEvidence;
  readonly status: EidStatus;
  readonly issuedAt: string;
  readonly activatedAt?: string;
  readonly activation?: ActivationGrant;
}
