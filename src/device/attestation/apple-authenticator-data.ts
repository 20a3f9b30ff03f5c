import { err, ok, type Result } from '../../shared/result.js';

/** The WebAuthn authenticator data fields App Attest verification reads. */
export interface AppleAuthenticatorData {
  /** SHA-256 of the App ID. */
  readonly rpIdHash: Uint8Array;
  readonly flags: number;
  readonly signCount: number;
  readonly aaguid: Uint8Array;
  /** For App Attest the key identifier: SHA-256 of the key's uncompressed point. */
  readonly credentialId: Uint8Array;
}

// Bit 6 (AT): attested credential data follows the counter.
const FLAG_ATTESTED_CREDENTIAL_DATA = 0x40;
const RP_ID_HASH = 32;
const HEADER = RP_ID_HASH + 1 + 4; // rpIdHash, flags, signCount
const AAGUID = 16;
const CREDENTIAL_ID_LENGTH = 2;
// WebAuthn caps credential ids at 1023 bytes; App Attest's is always 32.
const MAX_CREDENTIAL_ID = 1023;

/**
 * Splits authenticator data (WebAuthn §6.1): rpIdHash (32) ‖ flags (1) ‖ signCount (4, big
 * endian) ‖ aaguid (16) ‖ credentialIdLength (2) ‖ credentialId ‖ credentialPublicKey (COSE) ‖
 * extensions. What follows the credential id is not read: the credential certificate, whose
 * signature Apple made, is the key that counts, and the whole authData is bound to it through
 * the nonce. Never throws.
 */
export function readAppleAuthenticatorData(
  authData: Uint8Array,
): Result<AppleAuthenticatorData, 'attestation.malformed'> {
  const bad = (detail: string) => err('attestation.malformed', `authData: ${detail}`);
  if (authData.length < HEADER + AAGUID + CREDENTIAL_ID_LENGTH) return bad('too short');
  const view = new DataView(authData.buffer, authData.byteOffset, authData.byteLength);
  const flags = authData[RP_ID_HASH]!;
  if ((flags & FLAG_ATTESTED_CREDENTIAL_DATA) === 0) return bad('no attested credential data');
  const idLength = view.getUint16(HEADER + AAGUID);
  const idStart = HEADER + AAGUID + CREDENTIAL_ID_LENGTH;
  if (idLength === 0 || idLength > MAX_CREDENTIAL_ID || idStart + idLength > authData.length)
    return bad('credential id length');
  return ok({
    rpIdHash: authData.subarray(0, RP_ID_HASH),
    flags,
    signCount: view.getUint32(RP_ID_HASH + 1),
    aaguid: authData.subarray(HEADER, HEADER + AAGUID),
    credentialId: authData.subarray(idStart, idStart + idLength),
  });
}
