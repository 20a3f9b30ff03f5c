import type { Result } from '../shared/result.js';
import { certificatePublicKey } from './certificate-public-key.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { verifySignature, type SignatureCode } from './verify-signature.js';

/** Whether `issuer`'s key signed `cert` (over the TBSCertificate bytes as received). */
export function verifyCertificateSignature(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
): Result<{ hash: string }, SignatureCode> {
  const key = certificatePublicKey(issuer);
  if (!key.ok) return key;
  return verifySignature({
    algorithm: cert.signatureAlgorithm,
    spki: key.value,
    data: cert.tbs,
    signature: cert.signature,
  });
}
