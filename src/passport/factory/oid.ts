/** Object identifiers the factory writes, named as in the RFCs / ICAO 9303 / BSI TR-03110 / TR-03111. */
export const OID = Object.freeze({
  // X.520 attribute types
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  // X.509 extensions
  subjectKeyIdentifier: '2.5.29.14',
  privateKeyUsagePeriod: '2.5.29.16',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  authorityKeyIdentifier: '2.5.29.35',
  // algorithms
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaPlainSha1: '0.4.0.127.0.7.1.1.4.1.1',
  ecdsaPlainSha256: '0.4.0.127.0.7.1.1.4.1.3',
  // CMS
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // ICAO 9303 / BSI TR-03110
  ldsSecurityObject: '2.23.136.1.1.1',
  activeAuthentication: '2.23.136.1.1.5',
  documentTypeList: '2.23.136.1.1.6.2',
  chipAuthenticationEcdhAes128: '0.4.0.127.0.7.2.2.3.2.2',
  chipAuthenticationPublicKeyEcdh: '0.4.0.127.0.7.2.2.1.2',
});
