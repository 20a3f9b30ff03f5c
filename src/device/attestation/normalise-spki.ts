import { createPublicKey } from 'node:crypto';

/**
 * The registered device key as node:crypto re-encodes it (DER SubjectPublicKeyInfo), so keys are
 * compared and hashed in one spelling whatever encoding the app sent; undefined when the bytes
 * are no SPKI.
 *
 * @example const spki = normaliseSpki(input.publicKeySpki); if (!spki) return err('attestation.malformed', …);
 */
export function normaliseSpki(bytes: Uint8Array): Buffer | undefined {
  try {
    return createPublicKey({ key: Buffer.from(bytes), format: 'der', type: 'spki' }).export({
      type: 'spki',
      format: 'der',
    });
  } catch {
    return undefined;
  }
}
