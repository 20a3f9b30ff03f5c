/**
 * Object identifiers the device certificate profile writes, named as in the documents that
 * define them: RFC 5280 (X.509), RFC 3739 (qualified certificates), ETSI EN 319 412-1
 * (semantics identifiers) and ETSI EN 319 412-5 (QCStatements).
 */
export const DEVICE_CERTIFICATE_OID = Object.freeze({
  // X.520 attribute types
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
  serialNumber: '2.5.4.5',
  // RFC 5280 certificate and CRL extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  cpsQualifier: '1.3.6.1.5.5.7.2.1',
  // RFC 3739 §3.2.6 / ETSI EN 319 412-5
  qcStatements: '1.3.6.1.5.5.7.1.3',
  pkixQcSyntaxV2: '1.3.6.1.5.5.7.11.2',
  qcCompliance: '0.4.0.1862.1.1',
  qcSscd: '0.4.0.1862.1.4',
  qcPds: '0.4.0.1862.1.5',
  qcType: '0.4.0.1862.1.6',
  qcTypeEsign: '0.4.0.1862.1.6.1',
  // ETSI EN 319 412-1 §5.1
  semanticsIdNatural: '0.4.0.194121.1.1',
  // algorithms
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
});
