import type { ParsedCertificate } from './parsed-certificate.js';
import type { ParsedCrl } from './parsed-crl.js';

/**
 * Port: the CSCA certificates (roots and link certificates) and CRLs the verifier trusts.
 * Adapters decide where they come from (files, master lists, a PKD mirror); the verifier only
 * asks for issuer candidates and CRLs, synchronously, so an adapter keeps a loaded snapshot in
 * memory and swaps it atomically on reload.
 *
 * @example
 *   const store = createFileTrustStore({ masterLists: ['nl.ml'], masterListSignerMode: 'embedded-root' });
 *   const candidates = store.findIssuerCandidates(dsc);
 */
export interface TrustStore {
  /**
   * Trusted certificates that may have issued `cert`: same subject as its issuer (RDN order
   * and case ignored) or a subject key identifier equal to its authority key identifier.
   */
  findIssuerCandidates(cert: ParsedCertificate): readonly ParsedCertificate[];
  /** CRLs whose issuer is the given CSCA's subject (RDN order tolerant). */
  crlsFor(csca: ParsedCertificate): readonly ParsedCrl[];
  /** Every trusted certificate, for summaries and chain building. */
  certificates(): readonly ParsedCertificate[];
  summary(at: Date): TrustStoreSummary;
}

export interface TrustStoreSummary {
  readonly certificateCount: number;
  readonly crlCount: number;
  /** Country (subject C) → number of certificates. */
  readonly countries: Readonly<Record<string, number>>;
  /** The certificates that expire first after `at` (at most 10). */
  readonly nearestExpiries: readonly {
    readonly subject: string;
    readonly country?: string;
    readonly notAfter: string;
  }[];
  readonly expiredCount: number;
  readonly testCscaCount: number;
  /** Per source (file) what was loaded and any source that failed to load, with its code. */
  readonly sources: readonly {
    readonly source: string;
    readonly certificates: number;
    readonly crls: number;
    readonly error?: string;
  }[];
}
