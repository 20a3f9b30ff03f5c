import { verify, type KeyObject } from 'node:crypto';

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Verifies a compact JWS signed with ES256 by `key` and returns its payload bytes, or undefined.
 * node:crypto's synchronous verify (JWS ES256 signatures are IEEE P1363 r || s): on the login hot
 * path it costs a fraction of a WebCrypto round trip. The caller has checked `alg` in the header.
 *
 * @example const payload = verifyEs256Compact(jws, createPublicKey({ key: jwk, format: 'jwk' }))
 */
export function verifyEs256Compact(compact: string, key: KeyObject): Uint8Array | undefined {
  const parts = compact.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  const signature = Buffer.from(parts[2]!, 'base64url');
  if (signature.length !== 64) return undefined;
  const ok = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
    { key, dsaEncoding: 'ieee-p1363' },
    signature,
  );
  return ok ? new Uint8Array(Buffer.from(parts[1]!, 'base64url')) : undefined;
}
