import { constants, createHash, publicDecrypt, timingSafeEqual, verify } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import type { ParsedDg15 } from './parse-dg15.js';

export type AaCode =
  | 'aa.signature-invalid'
  | 'aa.unsupported-hash'
  | 'aa.key-too-small'
  | 'aa.algorithm-unknown'
  | 'aa.challenge-malformed';

type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface AaInput {
  readonly key: ParsedDg15;
  /** The 8-byte server nonce (M2). */
  readonly challenge: Uint8Array;
  readonly signature: Uint8Array;
  /** ActiveAuthenticationInfo.signatureAlgorithm from DG14; required for ECDSA keys. */
  readonly signatureAlgorithm?: string;
  readonly minRsaBits: number;
  readonly minEcBits: number;
  readonly allowSha1?: boolean;
}

// ISO/IEC 9796-2 trailer '..CC' carries the ISO/IEC 10118-3 hash-function identifier.
const HASH_IDENTIFIERS: Readonly<Record<number, HashName>> = {
  0x33: 'sha1',
  0x38: 'sha224',
  0x34: 'sha256',
  0x36: 'sha384',
  0x35: 'sha512',
};
// Identifiers ISO/IEC 10118-3 assigns to hash functions 9303 does not allow (RIPEMD-160,
// RIPEMD-128, Whirlpool): a well-formed frame naming one of them is a refusal, not noise.
const REFUSED_HASH_IDENTIFIERS: ReadonlySet<number> = new Set([0x31, 0x32, 0x37]);
const HASH_LENGTH: Readonly<Record<HashName, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

const ECDSA_AA: Readonly<Record<string, HashName>> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};

/**
 * Active Authentication (ICAO 9303-11 §6.1): the chip signs the server's challenge with the
 * DG15 key. RSA keys use ISO/IEC 9796-2 digital signature scheme 1; EC keys plain ECDSA with
 * the hash named in DG14. Whether DG15 is covered by passive authentication is the caller's check.
 */
export function verifyActiveAuthentication(
  input: AaInput,
): Result<{ hash: HashName; scheme: '9796-2' | 'ecdsa' }, AaCode> {
  if (input.challenge.length !== 8) return err('aa.challenge-malformed', 'the AA challenge must be 8 bytes');
  return input.key.type === 'rsa' ? verifyIso9796(input) : verifyEcdsa(input);
}

function verifyIso9796(input: AaInput): Result<{ hash: HashName; scheme: '9796-2' }, AaCode> {
  if (input.key.bits < input.minRsaBits)
    return err('aa.key-too-small', `RSA AA key of ${input.key.bits} bits is below ${input.minRsaBits}`);
  const key = input.key.key;
  const k = Math.ceil(input.key.bits / 8);
  if (input.signature.length !== k)
    return err('aa.signature-invalid', `signature is ${input.signature.length} bytes, key needs ${k}`);
  let f: Buffer;
  try {
    f = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(input.signature));
  } catch {
    return err('aa.signature-invalid', 'signature is not a valid RSA value for this key');
  }
  // Under a wrong key (or a corrupted answer) RSA recovery yields noise, so which framing check
  // trips first is chance: every framing failure is the one code `aa.signature-invalid`, and
  // the sub-reason stays in `detail`. A refused hash is reported as such only when the whole
  // frame is well formed and the trailer names a real ISO/IEC 10118-3 hash function (noise does
  // that about once in a million wrong-key answers).
  const invalid = (why: string) => err('aa.signature-invalid', `ISO 9796-2 recovery failed: ${why}`);
  const b0 = f[0]!;
  // Header: leading bits '01'; the third bit is 'more data' (1 = partial recovery, as chips use).
  if ((b0 & 0xc0) !== 0x40) return invalid('header bits are not 01');
  if ((b0 & 0x10) !== 0) return invalid('header reserved bit set');
  let mStart: number;
  if ((b0 & 0x0f) === 0x0a) {
    mStart = 1;
  } else if ((b0 & 0x0f) === 0x0b) {
    // Padding: nibbles 0xB… ending in a 0xA nibble, i.e. bytes 0xBB… then 0xBA.
    let i = 1;
    while (i < f.length && f[i] === 0xbb) i++;
    if (i >= f.length || f[i] !== 0xba) return invalid('padding is malformed');
    mStart = i + 1;
  } else {
    return invalid('padding/border nibble is malformed');
  }
  const last = f[f.length - 1]!;
  let hash: HashName;
  let trailerLength: number;
  if (last === 0xbc) {
    hash = 'sha1'; // implicit trailer: SHA-1 by convention of 9303
    trailerLength = 1;
  } else if (last === 0xcc) {
    const id = f[f.length - 2]!;
    const h = HASH_IDENTIFIERS[id];
    if (!h && REFUSED_HASH_IDENTIFIERS.has(id))
      return err(
        'aa.unsupported-hash',
        `trailer hash identifier 0x${id.toString(16)} is not allowed by 9303`,
      );
    if (!h) return invalid(`trailer hash identifier 0x${id.toString(16)} is not a hash function`);
    hash = h;
    trailerLength = 2;
  } else {
    return invalid('trailer is neither 0xBC nor 0x..CC');
  }
  const hLen = HASH_LENGTH[hash];
  const digestStart = f.length - trailerLength - hLen;
  if (digestStart < mStart) return invalid('recovered message has negative length');
  // M1 is recovered from the signature, M2 is the challenge; the digest covers M1 ‖ M2.
  const m1 = f.subarray(mStart, digestStart);
  const d = f.subarray(digestStart, f.length - trailerLength);
  const expected = createHash(hash).update(m1).update(input.challenge).digest();
  if (!timingSafeEqual(d, expected))
    return err('aa.signature-invalid', 'the recovered digest does not match M1 ‖ challenge');
  // Checked after the digest, so that noise is never reported as a policy refusal.
  if (hash === 'sha1' && input.allowSha1 === false)
    return err('aa.unsupported-hash', 'SHA-1 refused by policy');
  return ok({ hash, scheme: '9796-2' });
}

function verifyEcdsa(input: AaInput): Result<{ hash: HashName; scheme: 'ecdsa' }, AaCode> {
  if (input.key.bits < input.minEcBits)
    return err('aa.key-too-small', `EC AA key of ${input.key.bits} bits is below ${input.minEcBits}`);
  const hash = input.signatureAlgorithm ? ECDSA_AA[input.signatureAlgorithm] : undefined;
  if (!hash)
    return err(
      'aa.algorithm-unknown',
      'ECDSA AA needs ActiveAuthenticationInfo in DG14 naming a known signature algorithm',
    );
  if (hash === 'sha1' && input.allowSha1 === false)
    return err('aa.unsupported-hash', 'SHA-1 refused by policy');
  const key = input.key.key;
  const n = Math.ceil(input.key.bits / 8);
  const data = Buffer.from(input.challenge);
  const sig = Buffer.from(input.signature);
  try {
    // 9303 specifies plain r‖s; some chips send DER, accepted as a fallback.
    if (sig.length === 2 * n && verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig))
      return ok({ hash, scheme: 'ecdsa' });
  } catch {
    // fall through to DER
  }
  try {
    if (sig[0] === 0x30 && verify(hash, data, { key, dsaEncoding: 'der' }, sig))
      return ok({ hash, scheme: 'ecdsa' });
  } catch {
    // not DER either
  }
  return err('aa.signature-invalid', 'ECDSA AA signature does not verify');
}
