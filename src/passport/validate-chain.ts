import { certificatePublicKey } from './certificate-public-key.js';
import { isTestCsca } from './is-test-csca.js';
import type { ChainReport } from './passport-report.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { summarizeCertificate } from './summarize-certificate.js';
import type { TrustStore } from './trust-store.js';
import { verifyCertificateSignature } from './verify-certificate-signature.js';
import { verifySignature } from './verify-signature.js';
import type { ParsedCrl } from './parsed-crl.js';

export interface ChainOutcome {
  readonly report: ChainReport;
  /** The trusted CSCA (root or link certificate) whose key signed the DSC. */
  readonly csca?: ParsedCertificate;
  readonly revocation: {
    readonly status: 'pass' | 'fail' | 'not-checked';
    readonly code: string;
    readonly detail: string;
  };
}

const MAX_PATH = 4;

// Trust store entries are long-lived objects: remember per entry what never changes for it.
const selfSignedCache = new WeakMap<ParsedCertificate, boolean>();
const crlCache = new WeakMap<ParsedCrl, WeakMap<ParsedCertificate, boolean>>();

function selfSigned(c: ParsedCertificate): boolean {
  let v = selfSignedCache.get(c);
  if (v === undefined) {
    v = c.selfIssued && verifyCertificateSignature(c, c).ok;
    selfSignedCache.set(c, v);
  }
  return v;
}

/**
 * DSC → CSCA. Any certificate in the trust store is an anchor (the store only admits CSCAs from
 * configured files or verified master lists), so a link certificate in the store is trusted as
 * such; when it is not self-issued we also try to extend the path to a root for the report.
 * Order of precedence for the single chain code: unknown CSCA, signature, test CSCA refused,
 * CSCA validity, DSC validity, country mismatch, revocation.
 */
export function validateChain(
  dsc: ParsedCertificate,
  store: TrustStore,
  at: Date,
  refuseTestCscas: boolean,
): ChainOutcome {
  const noRevocation = {
    status: 'not-checked',
    code: 'chain.revocation-not-checked',
    detail: 'no CSCA, so no CRL to check',
  } as const;
  const candidates = store.findIssuerCandidates(dsc);
  if (candidates.length === 0) {
    return {
      report: {
        status: 'unknown',
        code: 'chain.unknown-csca',
        detail: `no trusted CSCA for issuer "${dsc.issuer}"`,
      },
      revocation: noRevocation,
    };
  }
  const csca = candidates.find((c) => verifyCertificateSignature(dsc, c).ok);
  if (!csca) {
    return {
      report: {
        status: 'invalid',
        code: 'chain.signature-invalid',
        detail: 'no candidate CSCA key verifies the DSC signature',
      },
      revocation: noRevocation,
    };
  }
  const path = [dsc, csca];
  // Old and new CSCA often share one subject, so a link certificate is self-issued without being
  // self-signed: only a signature check tells a root from a link.
  for (let cur = csca; !selfSigned(cur) && path.length < MAX_PATH;) {
    const next = store
      .findIssuerCandidates(cur)
      .find((c) => c !== cur && !path.includes(c) && verifyCertificateSignature(cur, c).ok);
    if (!next) break;
    path.push(next);
    cur = next;
  }
  const summary = path.map(summarizeCertificate);
  const fail = (code: string, detail: string, status: ChainReport['status'] = 'invalid'): ChainOutcome => ({
    report: { status, code, detail, path: summary },
    csca,
    revocation: revocationOf(dsc, csca, store, at),
  });
  if (refuseTestCscas && path.some(isTestCsca))
    return fail('chain.test-csca-refused', 'the CSCA is a test certificate, refused by policy');
  for (const ca of path.slice(1)) {
    if (at < ca.notBefore)
      return fail(
        'chain.csca-not-yet-valid',
        `CSCA "${ca.subject}" is not valid before ${ca.notBefore.toISOString()}`,
      );
    if (at > ca.notAfter)
      return fail('chain.csca-expired', `CSCA "${ca.subject}" expired ${ca.notAfter.toISOString()}`);
  }
  if (at < dsc.notBefore)
    return fail('chain.dsc-not-yet-valid', `DSC is not valid before ${dsc.notBefore.toISOString()}`);
  if (at > dsc.notAfter) return fail('chain.dsc-expired', `DSC expired ${dsc.notAfter.toISOString()}`);
  // 9303-12 §7.1: the DSC is issued in the CSCA's country.
  if (dsc.country && csca.country && dsc.country !== csca.country) {
    return fail(
      'chain.country-mismatch',
      `DSC country ${dsc.country} differs from CSCA country ${csca.country}`,
    );
  }
  const revocation = revocationOf(dsc, csca, store, at);
  if (revocation.status === 'fail') {
    return {
      report: { status: 'invalid', code: revocation.code, detail: revocation.detail, path: summary },
      csca,
      revocation,
    };
  }
  return {
    report: {
      status: 'valid',
      code: 'chain.valid',
      detail: `DSC chains to "${csca.subject}"`,
      path: summary,
    },
    csca,
    revocation,
  };
}

function revocationOf(
  dsc: ParsedCertificate,
  csca: ParsedCertificate,
  store: TrustStore,
  at: Date,
): ChainOutcome['revocation'] {
  const crls = store.crlsFor(csca).filter((crl) => verifyCrlSignature(crl, csca));
  if (crls.length === 0) {
    return { status: 'not-checked', code: 'chain.no-crl', detail: 'no CRL signed by this CSCA is loaded' };
  }
  if (crls.some((crl) => crl.revokedSerials.has(dsc.serialNumber))) {
    return {
      status: 'fail',
      code: 'chain.dsc-revoked',
      detail: `DSC serial ${dsc.serialNumber} is on the CSCA's CRL`,
    };
  }
  const current = crls.some((crl) => !crl.nextUpdate || crl.nextUpdate >= at);
  return current
    ? { status: 'pass', code: 'chain.not-revoked', detail: 'DSC is not on the current CRL' }
    : {
        status: 'pass',
        code: 'chain.not-revoked-stale-crl',
        detail: 'DSC is not on the CRL, but the CRL is past its nextUpdate',
      };
}

// A CRL counts only when the CSCA signed it; a forged CRL must not revoke or clear anything.
function verifyCrlSignature(crl: ParsedCrl, csca: ParsedCertificate): boolean {
  let byCsca = crlCache.get(crl);
  if (!byCsca) crlCache.set(crl, (byCsca = new WeakMap()));
  const known = byCsca.get(csca);
  if (known !== undefined) return known;
  const key = certificatePublicKey(csca);
  const v =
    key.ok &&
    verifySignature({
      algorithm: crl.signatureAlgorithm,
      spki: key.value,
      data: crl.tbs,
      signature: crl.signature,
    }).ok;
  byCsca.set(csca, v);
  return v;
}
