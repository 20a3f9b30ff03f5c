import { createHash, timingSafeEqual } from 'node:crypto';
import { certificatePublicKey } from './certificate-public-key.js';
import { dataGroupTag } from './data-group-tag.js';
import { findCmsSignerCertificate } from './find-cms-signer-certificate.js';
import { hashAlgorithms } from './hash-algorithms.js';
import { icaoStateToAlpha2 } from './icao-state-to-alpha2.js';
import { inputLimits } from './input-limits.js';
import { oidNames } from './oid-names.js';
import type {
  ChainReport,
  Check,
  CheckStatus,
  DataGroupStatus,
  FaceImageInfo,
  MrzData,
  PassportInput,
  PassportReport,
  SodReport,
  VerifyOptions,
} from './passport-report.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { parseCom } from './parse-com.js';
import { parseDg1 } from './parse-dg1.js';
import { parseDg11, type ParsedDg11 } from './parse-dg11.js';
import { parseDg12, type ParsedDg12 } from './parse-dg12.js';
import { parseDg14, type ParsedDg14 } from './parse-dg14.js';
import { parseDg15, type ParsedDg15 } from './parse-dg15.js';
import { parseDg2 } from './parse-dg2.js';
import { ID_DATA, LDS_SECURITY_OBJECT_TYPES, parseSod, type ParsedSod } from './parse-sod.js';
import { readTlv } from './read-tlv.js';
import { summarizeCertificate } from './summarize-certificate.js';
import { validateChain } from './validate-chain.js';
import { verifyActiveAuthentication } from './verify-active-authentication.js';
import { verifySignature } from './verify-signature.js';

const NOT_CHECKED_CHAIN: ChainReport = {
  status: 'unknown',
  code: 'chain.not-checked',
  detail: 'no document signer certificate to check',
};

/**
 * Verifies an eMRTD read (ICAO 9303-11/12): passive authentication (SOD signature, data group
 * hashes over the exact bytes received, DSC → CSCA chain, CRLs, issuing state), the MRZ
 * (check digits, expiry, document code) and Active Authentication. Synchronous and total:
 * every expected failure is a `Check` with a stable code; nothing throws for bad input.
 *
 * The verdict is `accepted` only when no check failed and the essentials passed: SOD
 * signature, chain, DG1; AA when the policy requires it.
 */
export function verifyPassport(input: PassportInput, options: VerifyOptions): PassportReport {
  try {
    return run(input, options);
  } catch (e) {
    // A throw here is a bug, but the caller still gets a rejection and never a 500 with chip data.
    return {
      verdict: 'rejected',
      checks: [
        {
          id: 'internal',
          status: 'fail',
          code: 'internal.unexpected',
          detail: `verifier failed unexpectedly: ${(e as Error)?.name ?? 'error'}`,
        },
      ],
      sod: { signature: 'not-checked' },
      chain: NOT_CHECKED_CHAIN,
      dataGroups: {},
      listedDataGroups: [],
      activeAuthentication: 'not-checked',
    };
  }
}

function run(input: PassportInput, options: VerifyOptions): PassportReport {
  const { policy, at } = options;
  const checks: Check[] = [];
  const add = (id: string, status: CheckStatus, code: string, detail: string) => {
    checks.push({ id, status, code, detail });
  };

  // 1. Input shape and size, before any parsing.
  const problems: string[] = [];
  const dgNumbers: number[] = [];
  const unknown: string[] = [];
  const isBytes = (b: unknown): b is Uint8Array => b instanceof Uint8Array;
  if (!isBytes(input?.sod)) problems.push('EF.SOD missing');
  else if (input.sod.length > inputLimits.sodBytes)
    problems.push(`EF.SOD is ${input.sod.length} bytes (max ${inputLimits.sodBytes})`);
  for (const [k, v] of Object.entries(input?.dataGroups ?? {})) {
    const n = Number(k);
    if (!Number.isInteger(n) || n < 1 || n > 16 || !isBytes(v)) unknown.push(k);
    else if (v.length > inputLimits.dataGroupBytes)
      problems.push(`DG${n} is ${v.length} bytes (max ${inputLimits.dataGroupBytes})`);
    else dgNumbers.push(n);
  }
  if (input?.com !== undefined && (!isBytes(input.com) || input.com.length > inputLimits.comBytes))
    problems.push('EF.COM too large or not bytes');
  const aa = input?.activeAuthentication;
  if (aa !== undefined) {
    if (!isBytes(aa.challenge) || aa.challenge.length !== inputLimits.aaChallengeBytes)
      problems.push('AA challenge must be 8 bytes');
    if (
      !isBytes(aa.signature) ||
      aa.signature.length === 0 ||
      aa.signature.length > inputLimits.aaSignatureBytes
    )
      problems.push('AA signature size out of range');
  }
  if (unknown.length > 0) {
    add(
      'input.data-groups',
      'fail',
      'input.unknown-data-group',
      `not a data group 1–16 with bytes: ${unknown.slice(0, 5).join(', ')}`,
    );
  }
  if (problems.length > 0) add('input.size', 'fail', 'input.too-large', problems.join('; '));
  if (checks.length > 0) {
    return {
      verdict: 'rejected',
      checks,
      sod: { signature: 'not-checked' },
      chain: NOT_CHECKED_CHAIN,
      dataGroups: {},
      listedDataGroups: [],
      activeAuthentication: 'not-checked',
    };
  }
  add('input.size', 'pass', 'input.ok', 'all inputs within size limits');
  dgNumbers.sort((a, b) => a - b);
  const dgs = input.dataGroups;

  // 2. EF.SOD structure and content type.
  let sod: ParsedSod | undefined;
  const parsed = parseSod(input.sod);
  if (!parsed.ok) add('sod.parse', 'fail', parsed.code, parsed.detail);
  else {
    sod = parsed.value;
    add(
      'sod.parse',
      'pass',
      'sod.parsed',
      `LDSSecurityObject v${sod.version} listing DG ${[...sod.hashes.keys()].join(', ')}`,
    );
    if (LDS_SECURITY_OBJECT_TYPES.includes(sod.contentType)) {
      add('sod.content-type', 'pass', 'sod.content-type-ok', `eContentType ${sod.contentType}`);
    } else if (sod.contentType === ID_DATA && policy.lenientIdDataContentType) {
      add(
        'sod.content-type',
        'pass',
        'sod.content-type-id-data-lenient',
        'eContentType id-data accepted by the lenient policy',
      );
    } else {
      add(
        'sod.content-type',
        'fail',
        'sod.content-type-not-allowed',
        `eContentType ${sod.contentType} is not allowed by the policy`,
      );
    }
  }
  const lhash = sod ? hashAlgorithms[sod.hashOid] : undefined;
  if (sod) {
    if (!lhash)
      add(
        'sod.hash-algorithm',
        'fail',
        'sod.unsupported-hash',
        `data group hash algorithm ${sod.hashOid} not supported`,
      );
    else if (lhash === 'sha1' && !policy.allowSha1)
      add('sod.hash-algorithm', 'fail', 'sod.weak-hash', 'SHA-1 data group hashes are refused by policy');
    else
      add(
        'sod.hash-algorithm',
        'pass',
        'sod.hash-algorithm-ok',
        `data group hashes use ${oidNames[sod.hashOid]}`,
      );
  }

  // 3. SOD signature: signed attributes, then the signature over them with the embedded DSC.
  let dsc: ParsedCertificate | undefined;
  let attrsOk = false;
  let sigOk = false;
  if (sod) {
    dsc = findCmsSignerCertificate(sod.signer, sod.certificates);
    const s = sod.signer;
    if (!s.signedAttributes || !s.messageDigest || !s.contentTypeAttribute) {
      add(
        'sod.signed-attributes',
        'fail',
        'sod.signed-attributes-missing',
        'SignerInfo lacks messageDigest/contentType signed attributes',
      );
    } else if (s.contentTypeAttribute !== sod.contentType) {
      add(
        'sod.signed-attributes',
        'fail',
        'sod.content-type-attribute-mismatch',
        'contentType attribute differs from eContentType',
      );
    } else {
      const dh = hashAlgorithms[s.digestOid];
      if (!dh)
        add(
          'sod.signed-attributes',
          'fail',
          'sod.unsupported-hash',
          `SignerInfo digest algorithm ${s.digestOid} not supported`,
        );
      else if (!equal(createHash(dh).update(sod.eContent).digest(), s.messageDigest)) {
        add(
          'sod.signed-attributes',
          'fail',
          'sod.message-digest-mismatch',
          'messageDigest does not match the LDS security object',
        );
      } else {
        attrsOk = true;
        add(
          'sod.signed-attributes',
          'pass',
          'sod.signed-attributes-ok',
          'messageDigest and contentType attributes match',
        );
      }
    }
    if (!dsc) {
      add(
        'sod.signature',
        'fail',
        'sod.signer-not-found',
        'the document signer certificate named by the SignerInfo is not in EF.SOD',
      );
    } else if (!s.signedAttributes) {
      add('sod.signature', 'not-checked', 'sod.signature-not-checked', 'no signed attributes to verify');
    } else {
      const key = certificatePublicKey(dsc);
      const v = verifySignature({
        algorithm: s.signatureAlgorithm,
        spki: key.ok ? key.value : dsc.spki,
        data: s.signedAttributes,
        signature: s.signature,
        digestOid: s.digestOid,
        allowSha1: policy.allowSha1,
      });
      if (v.ok) {
        sigOk = true;
        add(
          'sod.signature',
          'pass',
          'sod.signature-valid',
          `${oidNames[s.signatureAlgorithm.oid] ?? s.signatureAlgorithm.oid} signature verifies with the DSC`,
        );
      } else {
        const code = {
          'signature.invalid': 'sod.signature-invalid',
          'signature.weak-hash': 'sod.weak-hash',
          'signature.bad-key': 'sod.signature-invalid',
          'signature.unsupported-algorithm': 'sod.unsupported-algorithm',
        }[v.code];
        add('sod.signature', 'fail', code, v.detail);
      }
    }
  } else {
    add('sod.signature', 'not-checked', 'sod.signature-not-checked', 'EF.SOD could not be parsed');
  }
  const sodValid = sigOk && attrsOk;

  // 4. Chain of trust.
  let chain: ChainReport = NOT_CHECKED_CHAIN;
  let csca: ParsedCertificate | undefined;
  if (dsc) {
    const c = validateChain(dsc, options.trustStore, at, policy.refuseTestCscas);
    chain = c.report;
    csca = c.csca;
    add('chain', chain.status === 'valid' ? 'pass' : 'fail', chain.code, chain.detail);
    add('chain.revocation', c.revocation.status, c.revocation.code, c.revocation.detail);
  } else {
    add('chain', 'not-checked', chain.code, chain.detail);
  }

  // 5. Data group hashes over the exact bytes received; an unlisted data group is an injection.
  const dataGroups: Record<number, DataGroupStatus> = {};
  for (const n of dgNumbers) {
    const bytes = dgs[n]!;
    if (!sod || !lhash) {
      add(`dg.${n}.hash`, 'not-checked', 'dg.hash-not-checked', 'no usable LDS security object');
      continue;
    }
    const listed = sod.hashes.get(n);
    if (!listed) {
      dataGroups[n] = 'not-listed';
      add(`dg.${n}.hash`, 'fail', 'dg.not-listed', `DG${n} is present but not listed in EF.SOD`);
    } else if (equal(createHash(lhash).update(bytes).digest(), listed)) {
      dataGroups[n] = 'match';
      add(`dg.${n}.hash`, 'pass', 'dg.hash-match', `DG${n} hash matches`);
    } else {
      dataGroups[n] = 'mismatch';
      add(`dg.${n}.hash`, 'fail', 'dg.hash-mismatch', `DG${n} hash does not match EF.SOD`);
    }
  }

  // 6. Data group contents.
  let document: MrzData | undefined;
  let faces: FaceImageInfo[] | undefined;
  let dg14: ParsedDg14 | undefined;
  let personalDetails: ParsedDg11 | undefined;
  let documentDetails: ParsedDg12 | undefined;
  let dg15: ParsedDg15 | undefined;
  let dg15Error: { code: string; detail: string } | undefined;
  for (const n of dgNumbers) {
    const bytes = dgs[n]!;
    const id = `dg.${n}.parse`;
    if (n === 1) {
      const r = parseDg1(bytes);
      if (r.ok) document = r.value;
      add(id, r.ok ? 'pass' : 'fail', r.ok ? 'dg.parsed' : r.code, r.ok ? `${r.value.format} MRZ` : r.detail);
    } else if (n === 2) {
      const r = parseDg2(bytes);
      if (r.ok)
        faces = r.value.map(({ format, byteLength, width, height }) => ({
          format,
          byteLength,
          ...(width ? { width } : {}),
          ...(height ? { height } : {}),
        }));
      add(
        id,
        r.ok ? 'pass' : 'fail',
        r.ok ? 'dg.parsed' : r.code,
        r.ok ? `${r.value.length} face image(s): ${r.value.map((f) => f.format).join(', ')}` : r.detail,
      );
    } else if (n === 11) {
      const r = parseDg11(bytes);
      if (r.ok) personalDetails = r.value;
      add(id, r.ok ? 'pass' : 'fail', r.ok ? 'dg.parsed' : r.code, r.ok ? 'DG11 parsed' : r.detail);
    } else if (n === 12) {
      const r = parseDg12(bytes);
      if (r.ok) documentDetails = r.value;
      add(id, r.ok ? 'pass' : 'fail', r.ok ? 'dg.parsed' : r.code, r.ok ? 'DG12 parsed' : r.detail);
    } else if (n === 14) {
      const r = parseDg14(bytes);
      if (r.ok) dg14 = r.value;
      add(
        id,
        r.ok ? 'pass' : 'fail',
        r.ok ? 'dg.parsed' : r.code,
        r.ok ? r.value.securityInfos.map((i) => i.name).join(', ') || 'no SecurityInfos' : r.detail,
      );
    } else if (n === 15) {
      const r = parseDg15(bytes);
      if (r.ok) dg15 = r.value;
      else dg15Error = { code: r.code, detail: r.detail };
      add(
        id,
        r.ok ? 'pass' : 'fail',
        r.ok ? 'dg.parsed' : r.code,
        r.ok ? `${r.value.type.toUpperCase()} ${r.value.bits}-bit AA key` : r.detail,
      );
    } else {
      // Other data groups are only hashed; their template tag must still fit their number.
      const t = readTlv(bytes);
      const ok = t.ok && t.value.tag === dataGroupTag(n);
      add(
        id,
        ok ? 'pass' : 'fail',
        ok ? 'dg.tag-ok' : 'dg.tag-mismatch',
        ok ? `DG${n} template tag ok` : `DG${n} does not start with its template tag`,
      );
    }
  }
  if (input.com) {
    const r = parseCom(input.com);
    if (!r.ok) add('com.parse', 'fail', r.code, r.detail);
    else {
      const missing = dgNumbers.filter((n) => !r.value.dataGroups.includes(n));
      // EF.COM is unsigned, so a difference is reported but decides nothing.
      add(
        'com.parse',
        'pass',
        'com.parsed',
        missing.length
          ? `EF.COM does not list DG ${missing.join(', ')}`
          : 'EF.COM lists every data group read',
      );
    }
  }

  // 7. Document rules from the MRZ. Details name fields, never their values (no personal data
  // in anything that may be logged); the values are in `report.document`.
  if (!dgs[1]) {
    add('document.mrz', 'not-checked', 'document.no-dg1', 'DG1 not supplied: the document cannot be checked');
  } else if (document) {
    const cd = document.checkDigits;
    const bad = Object.entries(cd)
      .filter(([, d]) => d && !d.valid)
      .map(([k]) => k);
    add(
      'mrz.check-digits',
      bad.length ? 'fail' : 'pass',
      bad.length ? 'mrz.check-digit' : 'mrz.check-digits-valid',
      bad.length ? `wrong check digit: ${bad.join(', ')}` : 'all check digits valid',
    );

    const expiry = document.dateOfExpiryIso
      ? new Date(`${document.dateOfExpiryIso}T23:59:59.999Z`)
      : undefined;
    if (!expiry || Number.isNaN(expiry.getTime()))
      add('document.expiry', 'fail', 'document.expiry-invalid', 'date of expiry is not a date');
    else if (expiry < at) {
      if (policy.rejectExpiredDocuments)
        add('document.expiry', 'fail', 'document.expired', 'the document has expired');
      else
        add(
          'document.expiry',
          'pass',
          'document.expired-allowed',
          'the document has expired (allowed by policy)',
        );
    } else add('document.expiry', 'pass', 'document.not-expired', 'the document has not expired');

    const allowed = policy.allowedDocumentCodes;
    const codeOk = allowed === 'any' || allowed.some((p) => document!.documentCode.startsWith(p));
    add(
      'document.code',
      codeOk ? 'pass' : 'fail',
      codeOk ? 'document.code-allowed' : 'document.code-not-allowed',
      `document code ${document.documentCode}`,
    );

    if (!csca) {
      add(
        'document.state',
        'not-checked',
        'document.state-not-checked',
        'no trusted CSCA to compare the issuing state with',
      );
    } else {
      const alpha2 = icaoStateToAlpha2(document.issuingState);
      const cscaCountry = csca.country ? (icaoStateToAlpha2(csca.country) ?? csca.country) : undefined;
      if (!alpha2)
        add(
          'document.state',
          'fail',
          'document.state-unknown',
          `issuing state ${document.issuingState} is not a known ICAO code`,
        );
      else if (alpha2 !== cscaCountry) {
        add(
          'document.state',
          'fail',
          'document.state-mismatch',
          `issuing state ${document.issuingState} (${alpha2}) differs from CSCA country ${csca.country ?? 'none'}`,
        );
      } else
        add(
          'document.state',
          'pass',
          'document.state-match',
          `issuing state ${document.issuingState} matches CSCA country ${csca.country}`,
        );
    }
  }

  // 8. Active Authentication.
  let activeAuthentication: PassportReport['activeAuthentication'] = 'not-checked';
  const outcome = options.aaChallengeOutcome;
  if (outcome) {
    if (outcome.ok)
      add('aa.challenge', 'pass', 'aa.challenge-valid', 'challenge issued for this order, unused and fresh');
    else add('aa.challenge', 'fail', outcome.code, outcome.detail);
  } else if (aa) {
    add(
      'aa.challenge',
      'not-checked',
      'aa.challenge-not-checked',
      'challenge provenance not supplied (offline verification)',
    );
  }
  if (!aa) {
    if (policy.requireActiveAuthentication)
      add('aa.signature', 'fail', 'aa.missing', 'Active Authentication is required but was not performed');
    else add('aa.signature', 'not-checked', 'aa.not-performed', 'no Active Authentication response supplied');
  } else if (!dgs[15]) {
    activeAuthentication = 'invalid';
    add('aa.signature', 'fail', 'aa.key-missing', 'DG15 (AA public key) not supplied');
  } else if (!dg15) {
    activeAuthentication = 'invalid';
    add(
      'aa.signature',
      'fail',
      dg15Error?.code === 'dg15.unsupported-key' ? 'aa.unsupported-key' : 'aa.key-missing',
      dg15Error?.detail ?? 'DG15 unusable',
    );
  } else {
    const v = verifyActiveAuthentication({
      key: dg15,
      challenge: aa.challenge,
      signature: aa.signature,
      ...(dg14?.activeAuthentication
        ? { signatureAlgorithm: dg14.activeAuthentication.signatureAlgorithm }
        : {}),
      minRsaBits: policy.minAaRsaBits,
      minEcBits: policy.minAaEcBits,
      allowSha1: policy.allowSha1,
    });
    // The key only proves anything when passive authentication vouches for DG15.
    const covered = sodValid && dataGroups[15] === 'match' && chain.status === 'valid';
    if (!v.ok) {
      activeAuthentication = 'invalid';
      add('aa.signature', 'fail', v.code, v.detail);
    } else if (!covered) {
      activeAuthentication = 'invalid';
      add(
        'aa.signature',
        'fail',
        'aa.key-not-covered',
        'AA signature verifies, but DG15 is not covered by a passing passive authentication',
      );
    } else {
      activeAuthentication = outcome && !outcome.ok ? 'invalid' : 'valid';
      add('aa.signature', 'pass', 'aa.signature-valid', `${v.value.scheme} with ${v.value.hash}`);
    }
  }

  // 9. Verdict.
  const passed = (id: string) => checks.some((c) => c.id === id && c.status === 'pass');
  const anyFail = checks.some((c) => c.status === 'fail');
  const verdict =
    !anyFail &&
    sodValid &&
    passed('chain') &&
    passed('dg.1.parse') &&
    dataGroups[1] === 'match' &&
    (!policy.requireActiveAuthentication || activeAuthentication === 'valid')
      ? 'accepted'
      : 'rejected';

  const sodReport: SodReport = sod
    ? {
        signature: sodValid ? 'valid' : 'invalid',
        contentType: sod.contentType,
        version: sod.version,
        ...(sod.ldsVersion ? { ldsVersion: sod.ldsVersion } : {}),
        ...(sod.unicodeVersion ? { unicodeVersion: sod.unicodeVersion } : {}),
        hashAlgorithm: oidNames[sod.hashOid] ?? sod.hashOid,
        signatureAlgorithm: oidNames[sod.signer.signatureAlgorithm.oid] ?? sod.signer.signatureAlgorithm.oid,
        ...(dsc ? { documentSigner: summarizeCertificate(dsc) } : {}),
      }
    : { signature: 'invalid' };

  return {
    verdict,
    checks,
    ...(document ? { document } : {}),
    sod: sodReport,
    chain,
    dataGroups,
    listedDataGroups: sod ? [...sod.hashes.keys()].sort((a, b) => a - b) : [],
    activeAuthentication,
    ...(faces ? { faces } : {}),
    ...(personalDetails ? { personalDetails } : {}),
    ...(documentDetails ? { documentDetails } : {}),
    ...(dg14 ? { securityInfos: dg14.securityInfos.map((i) => i.name) } : {}),
    ...(dg15
      ? { aaPublicKey: { type: dg15.type, bits: dg15.bits, ...(dg15.curve ? { curve: dg15.curve } : {}) } }
      : {}),
  };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
