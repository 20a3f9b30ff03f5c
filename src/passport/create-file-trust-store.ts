import { readFileSync } from 'node:fs';
import { createStaticTrustStore } from './create-static-trust-store.js';
import { decodePemOrDer } from './decode-pem-or-der.js';
import { isTestCsca } from './is-test-csca.js';
import { parseCertificate } from './parse-certificate.js';
import { parseCrl } from './parse-crl.js';
import { parseMasterList } from './parse-master-list.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import type { ParsedCrl } from './parsed-crl.js';
import type { TrustStore, TrustStoreSummary } from './trust-store.js';
import { verifyMasterList, type MasterListTrust } from './verify-master-list.js';

export interface FileTrustStoreOptions {
  /** CSCA (and link) certificates, DER or PEM (several per PEM file allowed). */
  readonly cscaFiles?: readonly string[];
  /** ICAO CSCA master lists (CMS, content type 2.23.136.1.1.2). */
  readonly masterListFiles?: readonly string[];
  /** Master-list signer certificates or the roots that issued them (DER/PEM). */
  readonly masterListSignerFiles?: readonly string[];
  /**
   * Explicit opt-in to trust a master list whose signer chains to a root CSCA inside the list
   * (the Dutch list). Without signer files and without this flag, master lists are refused.
   */
  readonly masterListEmbeddedRoot?: boolean;
  /** Optional pin (hex SHA-256 of the DER) of that embedded root. */
  readonly masterListRootSha256?: string;
  readonly crlFiles?: readonly string[];
  /** Production: do not load CSCAs marked as test certificates (see `isTestCsca`). */
  readonly refuseTestCscas?: boolean;
}

export interface FileTrustStore extends TrustStore {
  /** Reads every file again and swaps the snapshot atomically; a failing file is reported, not fatal. */
  reload(): TrustStoreSummary['sources'];
}

/**
 * File-based trust store adapter. Loading is synchronous and done once at construction and on
 * `reload()` (e.g. on SIGHUP or a timer), so verification never waits on I/O.
 *
 * @example
 *   const store = createFileTrustStore({ masterListFiles: ['NL.ml'], masterListEmbeddedRoot: true });
 *   store.summary(new Date()).certificateCount; // 411
 */
export function createFileTrustStore(options: FileTrustStoreOptions): FileTrustStore {
  let current = load(options);
  return {
    findIssuerCandidates: (c) => current.findIssuerCandidates(c),
    crlsFor: (c) => current.crlsFor(c),
    certificates: () => current.certificates(),
    summary: (at) => current.summary(at),
    reload() {
      current = load(options);
      return current.summary(new Date(0)).sources;
    },
  };
}

function load(options: FileTrustStoreOptions): TrustStore {
  const certs: ParsedCertificate[] = [];
  const crls: ParsedCrl[] = [];
  const sources: { source: string; certificates: number; crls: number; error?: string }[] = [];
  const admit = (c: ParsedCertificate) => !(options.refuseTestCscas && isTestCsca(c));

  for (const file of options.cscaFiles ?? []) {
    const objects = readObjects(file);
    if (!objects.ok) {
      sources.push({ source: file, certificates: 0, crls: 0, error: objects.error });
      continue;
    }
    let n = 0;
    let error: string | undefined;
    for (const der of objects.value) {
      const c = parseCertificate(der);
      if (!c.ok) error = c.code;
      else if (admit(c.value)) {
        certs.push(c.value);
        n++;
      } else error = 'trust-store.test-csca-refused';
    }
    sources.push({ source: file, certificates: n, crls: 0, ...(error ? { error } : {}) });
  }

  const signerAnchors: ParsedCertificate[] = [];
  for (const file of options.masterListSignerFiles ?? []) {
    const objects = readObjects(file);
    let n = 0;
    let error = objects.ok ? undefined : objects.error;
    for (const der of objects.ok ? objects.value : []) {
      const c = parseCertificate(der);
      if (c.ok) {
        signerAnchors.push(c.value);
        n++;
      } else error = c.code;
    }
    // A signer file that yields nothing must not silently leave the master lists untrusted.
    if (n === 0 && !error) error = 'certificate.malformed';
    sources.push({ source: file, certificates: 0, crls: 0, ...(error ? { error } : {}) });
  }
  const trust: MasterListTrust | undefined =
    signerAnchors.length > 0
      ? { mode: 'anchors', anchors: signerAnchors }
      : options.masterListEmbeddedRoot
        ? {
            mode: 'embedded-root',
            ...(options.masterListRootSha256 ? { rootSha256: options.masterListRootSha256 } : {}),
          }
        : undefined;
  for (const file of options.masterListFiles ?? []) {
    const objects = readObjects(file);
    if (!objects.ok) {
      sources.push({ source: file, certificates: 0, crls: 0, error: objects.error });
      continue;
    }
    if (!trust) {
      sources.push({ source: file, certificates: 0, crls: 0, error: 'master-list.no-signer-configured' });
      continue;
    }
    const ml = parseMasterList(objects.value[0] ?? new Uint8Array());
    if (!ml.ok) {
      sources.push({ source: file, certificates: 0, crls: 0, error: ml.code });
      continue;
    }
    const verified = verifyMasterList(ml.value, trust);
    if (!verified.ok) {
      sources.push({ source: file, certificates: 0, crls: 0, error: verified.code });
      continue;
    }
    const admitted = ml.value.certificates.filter(admit);
    certs.push(...admitted);
    sources.push({ source: file, certificates: admitted.length, crls: 0 });
  }

  for (const file of options.crlFiles ?? []) {
    const objects = readObjects(file);
    if (!objects.ok) {
      sources.push({ source: file, certificates: 0, crls: 0, error: objects.error });
      continue;
    }
    let n = 0;
    let error: string | undefined;
    for (const der of objects.value) {
      const c = parseCrl(der);
      if (c.ok) {
        crls.push(c.value);
        n++;
      } else error = c.code;
    }
    sources.push({ source: file, certificates: 0, crls: n, ...(error ? { error } : {}) });
  }
  return createStaticTrustStore(certs, crls, sources);
}

function readObjects(file: string): { ok: true; value: Uint8Array[] } | { ok: false; error: string } {
  try {
    return { ok: true, value: decodePemOrDer(new Uint8Array(readFileSync(file))) };
  } catch {
    return { ok: false, error: 'trust-store.unreadable-file' };
  }
}
