import { oidNames } from './oid-names.js';
import type { CertificateSummary } from './passport-report.js';
import type { ParsedCertificate } from './parsed-certificate.js';

/** The report form of a certificate: names, validity, algorithm; never the key or the DER. */
export function summarizeCertificate(c: ParsedCertificate): CertificateSummary {
  return {
    subject: c.subject,
    issuer: c.issuer,
    ...(c.country ? { country: c.country } : {}),
    serialNumber: c.serialNumber,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    signatureAlgorithm: oidNames[c.signatureAlgorithm.oid] ?? c.signatureAlgorithm.oid,
  };
}
