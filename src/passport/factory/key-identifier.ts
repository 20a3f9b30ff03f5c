import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';

/**
 * RFC 5280 §4.2.1.2 method (1): SHA-1 over the subjectPublicKey BIT STRING contents (without the
 * unused-bits byte). Verifiers match a DSC's authority key identifier against this value when
 * several CSCAs share a subject name (key rollover), so both sides must use the same rule.
 *
 * @example
 *   const ski = keyIdentifier(publicKey); // 20 bytes
 */
export function keyIdentifier(publicKey: KeyObject): Uint8Array {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const parsed = asn1js.fromBER(spki);
  const bits = (parsed.result as asn1js.Sequence).valueBlock.value[1];
  if (!(bits instanceof asn1js.BitString)) throw new Error('keyIdentifier: SPKI without a BIT STRING');
  return new Uint8Array(crypto.createHash('sha1').update(bits.valueBlock.valueHexView).digest());
}
