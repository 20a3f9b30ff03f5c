import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';

export interface Iso9796Options {
  readonly hash?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  /** 'implicit' = 0xBC (SHA-1 only), 'explicit' = hash identifier ‖ 0xCC. */
  readonly trailer?: 'implicit' | 'explicit';
  /** Shorten M1 and fill with 0xBB…0xBA padding (header nibble 0xB). */
  readonly paddingBytes?: number;
  /** Deliberate defects. */
  readonly overrideFirstByte?: number;
  readonly overrideLastByte?: number;
  readonly overridePaddingByte?: number;
}

const ID: Record<string, number> = { sha1: 0x33, sha224: 0x38, sha256: 0x34, sha384: 0x36, sha512: 0x35 };
const LEN: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/**
 * An ISO/IEC 9796-2 scheme 1 signature with partial message recovery, written independently of
 * the verifier (and of the factory) so the verifier is checked against the standard, not itself:
 * F = header ‖ [padding] ‖ M1 ‖ H(M1 ‖ challenge) ‖ trailer, signed with the raw RSA operation.
 */
export function signIso9796(key: KeyObject, challenge: Uint8Array, o: Iso9796Options = {}): Uint8Array {
  const hash = o.hash ?? 'sha1';
  const trailer =
    (o.trailer ?? (hash === 'sha1' ? 'implicit' : 'explicit')) === 'implicit' ? [0xbc] : [ID[hash]!, 0xcc];
  const k = key.asymmetricKeyDetails!.modulusLength! / 8;
  const pad = o.paddingBytes ?? 0;
  const m1 = randomBytes(k - 1 - pad - LEN[hash]! - trailer.length);
  const h = createHash(hash).update(m1).update(challenge).digest();
  const padding = pad > 0 ? [...Array(pad - 1).fill(0xbb), 0xba] : [];
  if (o.overridePaddingByte !== undefined && padding.length > 0) padding[0] = o.overridePaddingByte;
  const f = Buffer.from([pad > 0 ? 0x6b : 0x6a, ...padding, ...m1, ...h, ...trailer]);
  if (o.overrideFirstByte !== undefined) f[0] = o.overrideFirstByte;
  if (o.overrideLastByte !== undefined) f[f.length - 1] = o.overrideLastByte;
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, f));
}
