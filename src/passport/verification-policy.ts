/**
 * What the verifier accepts. The defaults (see `default-verification-policy.ts`) are the
 * eIDAS-high registration policy; tests and the offline CLI loosen single switches.
 *
 * @example
 *   const policy: VerificationPolicy = { ...defaultVerificationPolicy, requireActiveAuthentication: false };
 */
export interface VerificationPolicy {
  /** Without a valid AA signature over a server nonce a cloned chip would pass, so registration requires it. */
  readonly requireActiveAuthentication: boolean;
  /**
   * Document codes (MRZ positions 1–2, filler '<' removed) that are allowed, matched by prefix:
   * `['P']` allows `P`, `PN`, `PO`…; `'any'` disables the check.
   */
  readonly allowedDocumentCodes: readonly string[] | 'any';
  /** SHA-1 is still on millions of valid chips (LDS hashes and ECDSA-SHA1 signatures); off means reject. */
  readonly allowSha1: boolean;
  /** An expired document is reported either way; this decides whether it fails the verdict. */
  readonly rejectExpiredDocuments: boolean;
  /**
   * Lenient mode: accept an EF.SOD whose eContentType is plain id-data (1.2.840.113549.1.7.1), which
   * some early issuers used. Off by default; the LDSSecurityObject must still parse.
   */
  readonly lenientIdDataContentType: boolean;
  /** Production refuses CSCAs marked as test certificates (see `is-test-csca.ts`). */
  readonly refuseTestCscas: boolean;
  /** Minimum Active Authentication key sizes in bits (RSA modulus, EC field order). */
  readonly minAaRsaBits: number;
  readonly minAaEcBits: number;
}
