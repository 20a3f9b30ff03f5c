import { createPublicKey, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/**
 * Imports a SubjectPublicKeyInfo as a node:crypto key. OpenSSL maps explicit EC parameters of
 * known curves to the named curve. Uncached: callers that see the same key again (trust store
 * certificates) keep the KeyObject with the certificate — see `certificatePublicKey`.
 *
 * OpenSSL's generic SPKI decoder costs ≈ 0.1 ms per key, twice per chip read (DSC and DG15), while
 * the RSAPublicKey inside an rsaEncryption SPKI imports in ≈ 3 µs as PKCS#1: the same key. That
 * shortcut is taken only for the plain shape (rsaEncryption, NULL or absent parameters, no unused
 * bits, nothing after the SPKI); anything else goes to OpenSSL's SPKI decoder as before.
 */
export function importSpki(spki: Uint8Array): Result<KeyObject, 'signature.bad-key'> {
  try {
    const pkcs1 = rsaPublicKeyOf(spki);
    return ok(
      pkcs1
        ? createPublicKey({ key: Buffer.from(pkcs1), format: 'der', type: 'pkcs1' })
        : createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
    );
  } catch (e) {
    return err('signature.bad-key', `public key not usable: ${(e as Error).message}`);
  }
}

function rsaPublicKeyOf(spki: Uint8Array): Uint8Array | undefined {
  const der = ber.decode(spki);
  const items = der.ok ? ber.seq(der.value) : undefined;
  if (!items || items.length !== 2 || items[1]?.tag !== 0x03) return undefined;
  const alg = ber.seq(items[0]);
  if (!alg || ber.oid(alg[0]) !== RSA_ENCRYPTION) return undefined;
  if (alg.length > 2 || (alg[1] && !(alg[1].tag === 0x05 && alg[1].valueEnd === alg[1].valueStart)))
    return undefined;
  const key = items[1];
  if (key.valueEnd - key.valueStart < 2 || key.bytes[key.valueStart] !== 0) return undefined;
  return ber.bits(key);
}
