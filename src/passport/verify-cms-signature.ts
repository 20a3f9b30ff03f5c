import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import { certificatePublicKey } from './certificate-public-key.js';
import { hashAlgorithms } from './hash-algorithms.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import type { CmsSigner } from './parse-signed-data.js';
import { verifySignature } from './verify-signature.js';

export type CmsSignatureCode =
  | 'cms.signed-attributes-missing'
  | 'cms.message-digest-mismatch'
  | 'cms.content-type-mismatch'
  | 'cms.unsupported-digest'
  | 'cms.weak-hash'
  | 'cms.unsupported-algorithm'
  | 'cms.signature-invalid';

/**
 * RFC 5652 §5.4/§5.6 for one SignerInfo whose certificate is already known: messageDigest equals
 * the digest of eContent, the contentType attribute equals eContentType, and the signature over
 * the DER SET OF signed attributes verifies. eMRTD profiles require signed attributes.
 */
export function verifyCmsSignature(
  signer: CmsSigner,
  cert: ParsedCertificate,
  eContentType: string,
  eContent: Uint8Array,
  allowSha1 = true,
): Result<{ hash: string }, CmsSignatureCode> {
  if (!signer.signedAttributes || !signer.messageDigest || !signer.contentTypeAttribute) {
    return err(
      'cms.signed-attributes-missing',
      'SignerInfo lacks signed attributes with messageDigest and contentType',
    );
  }
  const hash = hashAlgorithms[signer.digestOid];
  if (!hash) return err('cms.unsupported-digest', `digest algorithm ${signer.digestOid} not supported`);
  if (hash === 'sha1' && !allowSha1) return err('cms.weak-hash', 'SHA-1 is refused by policy');
  if (signer.contentTypeAttribute !== eContentType) {
    return err(
      'cms.content-type-mismatch',
      `contentType attribute ${signer.contentTypeAttribute} differs from eContentType ${eContentType}`,
    );
  }
  const digest = createHash(hash).update(eContent).digest();
  if (!digest.equals(Buffer.from(signer.messageDigest))) {
    return err('cms.message-digest-mismatch', 'messageDigest attribute does not match the signed content');
  }
  const key = certificatePublicKey(cert);
  const sig = verifySignature({
    algorithm: signer.signatureAlgorithm,
    spki: key.ok ? key.value : cert.spki,
    data: signer.signedAttributes,
    signature: signer.signature,
    digestOid: signer.digestOid,
    allowSha1,
  });
  if (!sig.ok) {
    const code =
      sig.code === 'signature.invalid'
        ? 'cms.signature-invalid'
        : sig.code === 'signature.weak-hash'
          ? 'cms.weak-hash'
          : 'cms.unsupported-algorithm';
    return err(code, sig.detail);
  }
  return ok({ hash: sig.value.hash });
}
