import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import { findCmsSignerCertificate } from './find-cms-signer-certificate.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import type { ParsedMasterList } from './parse-master-list.js';
import { verifyCertificateSignature } from './verify-certificate-signature.js';
import { verifyCmsSignature } from './verify-cms-signature.js';

/**
 * How the master list signer is trusted:
 * - `anchors`: a configured master-list signer certificate, or a root (CSCA) that issued it.
 * - `embedded-root`: the signer must chain to a self-signed CSCA *inside the list* of the
 *   signer's own country (how the Dutch list is published). That proves integrity and origin
 *   only as far as that root is trusted, so pin its SHA-256 fingerprint where you can.
 */
export type MasterListTrust =
  | { readonly mode: 'anchors'; readonly anchors: readonly ParsedCertificate[] }
  | { readonly mode: 'embedded-root'; readonly rootSha256?: string };

export type MasterListCode =
  'master-list.signer-not-found' | 'master-list.signature-invalid' | 'master-list.signer-untrusted';

export interface MasterListVerification {
  readonly signer: ParsedCertificate;
  readonly anchor: ParsedCertificate;
}

/** Checks the CMS signature of a master list and that its signer is trusted per `trust`. */
export function verifyMasterList(
  ml: ParsedMasterList,
  trust: MasterListTrust,
): Result<MasterListVerification, MasterListCode> {
  const signerInfo = ml.signedData.signers[0];
  if (!signerInfo || ml.signedData.signers.length !== 1)
    return err('master-list.signer-not-found', 'master list must have exactly one SignerInfo');
  const signer = findCmsSignerCertificate(signerInfo, [...ml.signerCertificates, ...ml.certificates]);
  if (!signer)
    return err('master-list.signer-not-found', 'the master list signer certificate is not in the list');
  const sig = verifyCmsSignature(signerInfo, signer, ml.signedData.contentType, ml.signedData.eContent);
  if (!sig.ok) return err('master-list.signature-invalid', sig.detail);

  if (trust.mode === 'anchors') {
    for (const a of trust.anchors) {
      if (Buffer.from(a.der).equals(Buffer.from(signer.der))) return ok({ signer, anchor: a });
    }
    for (const a of trust.anchors) {
      if (a.subjectKey === signer.issuerKey && verifyCertificateSignature(signer, a).ok)
        return ok({ signer, anchor: a });
    }
    return err(
      'master-list.signer-untrusted',
      'the master list signer is neither a configured signer nor issued by a configured root',
    );
  }
  const roots = ml.certificates.filter(
    (c) =>
      c.selfIssued &&
      c.subjectKey === signer.issuerKey &&
      c.country !== undefined &&
      c.country === signer.country,
  );
  for (const root of roots) {
    if (!verifyCertificateSignature(signer, root).ok) continue;
    if (!verifyCertificateSignature(root, root).ok) continue;
    if (trust.rootSha256) {
      const fp = createHash('sha256').update(root.der).digest('hex');
      if (fp !== trust.rootSha256.toLowerCase().replace(/[^0-9a-f]/g, '')) continue;
    }
    return ok({ signer, anchor: root });
  }
  return err(
    'master-list.signer-untrusted',
    'the master list signer does not chain to a root CSCA of its country inside the list',
  );
}
