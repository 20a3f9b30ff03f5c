import type { Result } from '../../shared/result.js';

/**
 * How much the server knows about where the device key lives:
 * - `hardware`: generated in and bound to a TEE or StrongBox, proven by a chain to a trusted root.
 * - `software`: attested, but by a software keystore (or not generated in hardware).
 * - `none`: nothing is proven (the sandbox).
 */
export type AttestationLevel = 'hardware' | 'software' | 'none';

export interface AttestationRequest {
  readonly platform: 'android' | 'ios' | 'web-sandbox';
  /** The device public key as DER SubjectPublicKeyInfo, base64 or base64url (or the bytes). */
  readonly publicKeySpki: string | Uint8Array;
  /**
   * Platform evidence, base64: for Android the certificate chain from
   * `KeyStore.getCertificateChain(alias)`, each certificate's DER concatenated, leaf first.
   */
  readonly attestation?: string;
  /** The single-use challenge the server issued for this key (bytes, or base64/base64url). */
  readonly challenge: string | Uint8Array;
}

export interface VerifiedAttestation {
  readonly level: AttestationLevel;
  /** What was found and checked, for the device record and the audit log; no personal data. */
  readonly details: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/**
 * Stable codes of a refused attestation:
 * - `attestation.malformed`: input, base64, certificate or KeyDescription cannot be read.
 * - `attestation.missing`: a real verifier got no evidence.
 * - `attestation.unsupported-format`: no verifier for this platform here (iOS App Attest).
 * - `attestation.chain-invalid`: a link does not verify, a non-leaf is no CA, a certificate is
 *   outside its validity, or the attestation extension sits outside the leaf.
 * - `attestation.untrusted-root`: the chain is sound but ends at a root we do not trust.
 * - `attestation.revoked`: a certificate's serial is on the configured revocation list.
 * - `attestation.key-mismatch`: the leaf attests another key than the one being registered.
 * - `attestation.challenge-mismatch`: the attestation was not made for this server challenge.
 * - `attestation.application-mismatch`: another app (package or signing key) made the key.
 * - `attestation.device-not-verified`: verified boot is not green or the bootloader is unlocked.
 * - `attestation.insufficient-level`: genuine, but below the configured minimum level.
 */
export type AttestationErrorCode =
  | 'attestation.malformed'
  | 'attestation.missing'
  | 'attestation.unsupported-format'
  | 'attestation.chain-invalid'
  | 'attestation.untrusted-root'
  | 'attestation.revoked'
  | 'attestation.key-mismatch'
  | 'attestation.challenge-mismatch'
  | 'attestation.application-mismatch'
  | 'attestation.device-not-verified'
  | 'attestation.insufficient-level';

/**
 * Port that decides how far a device key registered by the authenticator app can be trusted.
 * Adapters: `createKeyAttestationVerifier` (Android Key Attestation; iOS answers
 * `attestation.unsupported-format`) and `createSandboxKeyAttestationVerifier` (accepts any key,
 * level `none`; production configuration refuses it).
 *
 * @example
 *   const r = await verifier.verify({ platform: 'android', publicKeySpki, attestation, challenge });
 *   if (!r.ok) return refuseActivation(r.code);
 *   if (!meetsAttestationLevel(r.value.level, 'hardware')) return refuseForLevelHigh();
 */
export interface KeyAttestationVerifier {
  verify(request: AttestationRequest): Promise<Result<VerifiedAttestation, AttestationErrorCode>>;
}
