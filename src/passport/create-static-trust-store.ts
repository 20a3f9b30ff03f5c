import { certificatePublicKey } from './certificate-public-key.js';
import { isTestCsca } from './is-test-csca.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import type { ParsedCrl } from './parsed-crl.js';
import type { TrustStore, TrustStoreSummary } from './trust-store.js';

/**
 * A trust store over certificates already in memory; the file adapter builds one per load and
 * swaps it, and tests use it directly with certificates they generate.
 *
 * @example
 *   const store = createStaticTrustStore([cscaParsed], []);
 */
export function createStaticTrustStore(
  certificates: readonly ParsedCertificate[],
  crls: readonly ParsedCrl[] = [],
  sources: TrustStoreSummary['sources'] = [],
): TrustStore {
  const bySubject = new Map<string, ParsedCertificate[]>();
  const bySki = new Map<string, ParsedCertificate[]>();
  const seen = new Set<string>();
  const unique: ParsedCertificate[] = [];
  for (const c of certificates) {
    const id = Buffer.from(c.der).toString('base64');
    if (seen.has(id)) continue; // master lists repeat certificates that also come as files
    seen.add(id);
    unique.push(c);
    certificatePublicKey(c); // imported once per load, not per verification
    push(bySubject, c.subjectKey, c);
    if (c.subjectKeyIdentifier) push(bySki, c.subjectKeyIdentifier, c);
  }
  const crlByIssuer = new Map<string, ParsedCrl[]>();
  for (const crl of crls) push(crlByIssuer, crl.issuerKey, crl);

  return {
    findIssuerCandidates(cert) {
      const out = new Set<ParsedCertificate>(bySubject.get(cert.issuerKey) ?? []);
      if (cert.authorityKeyIdentifier)
        for (const c of bySki.get(cert.authorityKeyIdentifier) ?? []) out.add(c);
      return [...out];
    },
    crlsFor(csca) {
      return crlByIssuer.get(csca.subjectKey) ?? [];
    },
    certificates() {
      return unique;
    },
    summary(at) {
      const countries: Record<string, number> = {};
      for (const c of unique) countries[c.country ?? '??'] = (countries[c.country ?? '??'] ?? 0) + 1;
      const live = unique.filter((c) => c.notAfter.getTime() > at.getTime());
      const nearestExpiries = [...live]
        .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())
        .slice(0, 10)
        .map((c) => ({
          subject: c.subject,
          ...(c.country ? { country: c.country } : {}),
          notAfter: c.notAfter.toISOString(),
        }));
      return {
        certificateCount: unique.length,
        crlCount: crls.length,
        countries,
        nearestExpiries,
        expiredCount: unique.length - live.length,
        testCscaCount: unique.filter(isTestCsca).length,
        sources,
      };
    },
  };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
