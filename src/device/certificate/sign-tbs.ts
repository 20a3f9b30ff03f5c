import type * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';
import type { CaSignatureScheme } from './ca-signature-scheme.js';

/**
 * Signs a TBSCertificate or TBSCertList and wraps it as RFC 5280 §4.1 / §5.1 do:
 * SEQUENCE { tbs, signatureAlgorithm, signatureValue }. The TBS is encoded once and embedded
 * as those bytes, so the signature covers exactly what is published.
 *
 * @example
 *   const certDer = signTbs(tbs, ca.signature);
 */
export function signTbs(tbs: asn1js.AsnType, signature: CaSignatureScheme): Uint8Array {
  const tbsBytes = der.encode(tbs);
  const value = signature.sign(tbsBytes);
  return der.encode(der.seq(der.embed(tbsBytes), signature.algorithmIdentifier(), der.bits(value)));
}
