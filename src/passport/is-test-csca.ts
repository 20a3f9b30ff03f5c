import type { ParsedCertificate } from './parsed-certificate.js';

/**
 * Test CSCAs are recognised by their subject: the test-passport factory issues its CSCA with
 * `O=TEST eMRTD factory (not for production)`. The marker is matched case-insensitively on the
 * subject text, so a test CSCA cannot slip into production trust by changing case or RDN order.
 * Real CSCAs never carry this organisation name.
 */
export function isTestCsca(cert: Pick<ParsedCertificate, 'subject'>): boolean {
  return cert.subject.toLowerCase().includes('test emrtd factory (not for production)');
}
