import type { ParsedDg11 } from './parse-dg11.js';
import type { ParsedDg12 } from './parse-dg12.js';
import type { TrustStore } from './trust-store.js';
import type { VerificationPolicy } from './verification-policy.js';

/**
 * The public contract of `verifyPassport`: what goes in (the exact bytes the chip returned),
 * what comes out (one `Check` per rule with a stable code, plus the parsed document). Kept in
 * one file so the registration flow and the test-passport factory depend on types only.
 */

/** Exact bytes as read from the chip, tag and length included (EF.SOD starts 0x77, DG1 0x61…). */
export interface PassportInput {
  readonly sod: Uint8Array;
  /** Data group number (1–16) → file bytes. */
  readonly dataGroups: Readonly<Record<number, Uint8Array>>;
  readonly com?: Uint8Array;
  /**
   * The challenge must be one the server issued and already consumed through
   * `AaChallengeIssuer.consume` (its outcome goes into `VerifyOptions.aaChallengeOutcome`).
   */
  readonly activeAuthentication?: { readonly challenge: Uint8Array; readonly signature: Uint8Array };
}

export interface VerifyOptions {
  readonly trustStore: TrustStore;
  readonly policy: VerificationPolicy;
  /** Verification time: certificate validity and document expiry are judged at this instant. */
  readonly at: Date;
  /**
   * The result of consuming the AA challenge (single use, bound to the order). Omitted = the
   * caller vouches for the challenge (offline CLI, tests); a failed outcome fails `aa.challenge`.
   */
  readonly aaChallengeOutcome?:
    { readonly ok: true } | { readonly ok: false; readonly code: string; readonly detail: string };
}

export type CheckStatus = 'pass' | 'fail' | 'not-checked';

/** One rule's outcome. `id` names the rule (e.g. `sod.signature`, `dg.2.hash`), `code` the outcome. */
export interface Check {
  readonly id: string;
  readonly status: CheckStatus;
  readonly code: string;
  readonly detail: string;
}

export interface CheckDigit {
  /** The digit as printed in the MRZ. */
  readonly found: string;
  readonly computed: string;
  readonly valid: boolean;
}

/** DG1 (MRZ) fields; values as printed with filler '<' trimmed, names split on '<<'. */
export interface MrzData {
  readonly format: 'TD1' | 'TD2' | 'TD3';
  readonly documentCode: string;
  readonly issuingState: string;
  readonly documentNumber: string;
  readonly primaryIdentifier: string;
  readonly secondaryIdentifier: string;
  readonly nationality: string;
  /** YYMMDD as printed (century is not in the MRZ). */
  readonly dateOfBirth: string;
  readonly sex: 'M' | 'F' | 'X';
  /** YYMMDD as printed. */
  readonly dateOfExpiry: string;
  /** ISO date of expiry, century chosen as 20YY (documents valid at most ten years). */
  readonly dateOfExpiryIso: string;
  readonly optionalData: string;
  /** TD1 only: the optional data on line 2. */
  readonly optionalData2?: string;
  readonly checkDigits: {
    readonly documentNumber: CheckDigit;
    readonly dateOfBirth: CheckDigit;
    readonly dateOfExpiry: CheckDigit;
    /** TD3 only (personal number). */
    readonly optionalData?: CheckDigit;
    readonly composite: CheckDigit;
  };
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly country?: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly signatureAlgorithm: string;
}

export interface SodReport {
  /**
   * `valid` = the signature over the signed attributes verifies with the embedded DSC and the
   * messageDigest/contentType attributes match; `invalid` otherwise (including an unparsable SOD);
   * `not-checked` only when the input was refused before parsing (size limits).
   */
  readonly signature: 'valid' | 'invalid' | 'not-checked';
  /** eContentType OID. */
  readonly contentType?: string;
  /** LDSSecurityObject version (0, or 1 with LDSVersionInfo). */
  readonly version?: number;
  readonly ldsVersion?: string;
  readonly unicodeVersion?: string;
  /** Hash algorithm of the data group hashes (e.g. "SHA-256"). */
  readonly hashAlgorithm?: string;
  readonly signatureAlgorithm?: string;
  readonly documentSigner?: CertificateSummary;
}

export interface ChainReport {
  readonly status: 'valid' | 'invalid' | 'unknown';
  readonly code: string;
  readonly detail: string;
  /** DSC first, trust anchor last, when a path was found. */
  readonly path?: readonly CertificateSummary[];
}

export type DataGroupStatus = 'match' | 'mismatch' | 'not-listed';

export interface FaceImageInfo {
  readonly format: 'jpeg' | 'jpeg2000' | 'unknown';
  readonly byteLength: number;
  readonly width?: number;
  readonly height?: number;
}

export interface PassportReport {
  readonly verdict: 'accepted' | 'rejected';
  readonly checks: readonly Check[];
  readonly document?: MrzData;
  readonly sod: SodReport;
  readonly chain: ChainReport;
  readonly dataGroups: Readonly<Record<number, DataGroupStatus>>;
  readonly listedDataGroups: readonly number[];
  readonly activeAuthentication: 'valid' | 'invalid' | 'not-checked';
  /** DG2 face images (format and size only; the image bytes stay with the caller). */
  readonly faces?: readonly FaceImageInfo[];
  /** DG11 (additional personal details) and DG12 (additional document details) when read and parsed. */
  readonly personalDetails?: ParsedDg11;
  readonly documentDetails?: ParsedDg12;
  /** DG14 SecurityInfo names (e.g. ChipAuthenticationInfo, ActiveAuthenticationInfo), reported only. */
  readonly securityInfos?: readonly string[];
  /** DG15 key type and size when present. */
  readonly aaPublicKey?: { readonly type: 'rsa' | 'ec'; readonly bits: number; readonly curve?: string };
}
