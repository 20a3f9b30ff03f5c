/** Digest OID → node:crypto hash name, for the hashes ICAO 9303 allows. MD5 is deliberately absent. */
export const hashAlgorithms: Readonly<Record<string, 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'>> =
  Object.freeze({
    '1.3.14.3.2.26': 'sha1',
    '2.16.840.1.101.3.4.2.4': 'sha224',
    '2.16.840.1.101.3.4.2.1': 'sha256',
    '2.16.840.1.101.3.4.2.2': 'sha384',
    '2.16.840.1.101.3.4.2.3': 'sha512',
  });
