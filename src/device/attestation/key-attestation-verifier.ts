import type { Result } from '../../shared/result.js';

/**
 * How much the server knows about where the device key lives:
 * - `hardware`: generated in and bound to a TEE or StrongBox, proven by a chain to a trusted root
 *   (Android); or, on iOS, registered by a genuine instance of our app whose App Attest key
 *   Apple certified for this challenge and this device key (the app makes the device key in the
 *   Secure Enclave; see docs/authenticator.md for what that does and does not prove).
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
   * `KeyStore.getCertificateChain(alias)`, each certificate's DER concatenated, leaf first; for
   * iOS the App Attest attestation object (CBOR) from `DCAppAttestService.attestKey(keyId,
   * clientDataHash)` with clientDataHash = SHA-256(challenge ‖ SHA-256(publicKeySpki)).
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
 * Stable codes of a refused attestation (Android / iOS App Attest where they differ):
 * - `attestation.malformed`: input, base64, certificate or KeyDescription cannot be read; for
 *   iOS also: CBOR that is not a strict, size-limited `{fmt, attStmt: {x5c: [credCert,
 *   intermediate], receipt}, authData}`, a missing or misshapen nonce extension, a credCert key
 *   that is not P-256, an authenticator counter ≠ 0 (not a newly attested key), or an AAGUID
 *   that is no App Attest AAGUID at all.
 * - `attestation.missing`: a real verifier got no evidence.
 * - `attestation.unsupported-format`: no verifier for this platform here (iOS without App Attest
 *   configured, `web-sandbox` keys), or an attestation object whose `fmt` is not
 *   `apple-appattest`.
 * - `attestation.chain-invalid`: a link does not verify, a non-leaf is no CA (or the iOS
 *   credential certificate is one), a certificate is outside its validity, or the attestation
 *   extension sits outside the leaf.
 * - `attestation.untrusted-root`: the chain is sound but ends at a root we do not trust.
 * - `attestation.revoked`: a certificate's serial is on the configured revocation list.
 * - `attestation.key-mismatch`: the leaf attests another key than the one being registered; iOS:
 *   the authenticator data's credentialId is not the certified App Attest key's identifier.
 * - `attestation.challenge-mismatch`: the attestation was not made for this server challenge;
 *   iOS: the certified nonce is not SHA-256(authData ‖ SHA-256(challenge ‖ SHA-256(device SPKI))),
 *   so either the challenge or the device key differs (the two cannot be told apart).
 * - `attestation.application-mismatch`: another app (package or signing key) made the key; iOS:
 *   the rpIdHash is no configured App ID, or the key is from the other App Attest environment
 *   (a development build against a production server).
 * - `attestation.device-not-verified`: verified boot is not green or the bootloader is unlocked.
 * - `attestation.insufficient-level`: genuine, but below the configured minimum level.
 * - `attestation.status-unavailable`: Android only; Google's attestation status list has not been
 *   fetched for longer than its allowed age, so a revoked key could not be recognised. Temporary:
 *   the app retries later (HTTP 503).
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
  | 'attestation.insufficient-level'
  | 'attestation.status-unavailable';

/**
 * Port that decides how far a device key registered by the authenticator app can be trusted.
 * Adapters: `createKeyAttestationVerifier` (Android Key Attestation; iOS Apple App Attest when
 * configured, else `attestation.unsupported-format`) and `createSandboxKeyAttestationVerifier`
 * (accepts any key, level `none`; production configuration refuses it).
 *
 * @example
 *   const r = await verifier.verify({ platform: 'android', publicKeySpki, attestation, challenge });
 *   if (!r.ok) return refuseActivation(r.code);
 *   if (!meetsAttestationLevel(r.value.level, 'hardware')) return refuseForLevelHigh();
 */
export interface KeyAttestationVerifier {
  verify(request: AttestationRequest): Promise<Result<VerifiedAttestation, AttestationErrorCode>>;
}
