import crypto, { type KeyObject } from 'node:crypto';

/**
 * RSA Active Authentication answer as chips compute it (ICAO 9303-11 §6.1, ISO/IEC 9796-2
 * digital signature scheme 1 with partial message recovery): the chip picks a random M1 that
 * fills the representative, hashes M1 ‖ challenge, and signs
 * F = 0x6A ‖ M1 ‖ H ‖ trailer, where the trailer is 0xBC (implicit SHA-1) or 0x34CC (SHA-256).
 * The raw RSA operation is `privateEncrypt` without padding; F < n because it starts with 0b01.
 *
 * @example
 *   const signature = signIso9796Scheme1(aaKey, challenge); // 128 bytes for RSA-1024
 */
export function signIso9796Scheme1(
  privateKey: KeyObject,
  challenge: Uint8Array,
  hash: 'sha1' | 'sha256' = 'sha1',
): Uint8Array {
  const bits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (!bits || bits % 8 !== 0)
    throw new Error('signIso9796Scheme1: RSA key with a whole-byte modulus required');
  const k = bits / 8;
  const trailer = hash === 'sha1' ? Uint8Array.of(0xbc) : Uint8Array.of(0x34, 0xcc);
  const hashLength = hash === 'sha1' ? 20 : 32;
  const m1 = crypto.randomBytes(k - 1 - hashLength - trailer.length);
  const h = crypto.createHash(hash).update(m1).update(challenge).digest();
  const f = Buffer.concat([Uint8Array.of(0x6a), m1, h, trailer]);
  return new Uint8Array(
    crypto.privateEncrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING }, f),
  );
}
