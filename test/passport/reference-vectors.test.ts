import { createStaticTrustStore } from '../../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../../src/passport/default-verification-policy.js';
import type { PassportReport } from '../../src/passport/passport-report.js';
import { verifyPassport } from '../../src/passport/verify-passport.js';
import { flipBit } from './support/flip-bit.js';
import { loadVector } from './support/reference-vectors.js';

// The public reference vectors of /work/shared/testdata/emrtd/README.md: every outcome in its
// table. All four documents are expired and we hold none of their CSCAs.

const at = new Date('2026-06-01T12:00:00Z');
const verify = (name: string): PassportReport => {
  const { files: _files, ...input } = loadVector(name);
  return verifyPassport(input, {
    trustStore: createStaticTrustStore([]),
    policy: defaultVerificationPolicy,
    at,
  });
};
const check = (r: PassportReport, id: string) => r.checks.find((c) => c.id === id);

describe('bsi2008 (ECDSA-SHA1 on brainpoolP224r1, explicit curve parameters)', () => {
  const r = verify('bsi2008');

  test('SOD signature verifies with the embedded DSC', () => {
    expect(r.sod.signature).toBe('valid');
    expect(r.sod.signatureAlgorithm).toBe('ecdsa-with-SHA1');
    expect(r.sod.hashAlgorithm).toBe('SHA-1');
    expect(r.sod.documentSigner?.country).toBe('DE');
  });

  test('DG1, DG2, DG14 hashes match; DG15 is an injected data group', () => {
    expect(r.dataGroups).toEqual({ 1: 'match', 2: 'match', 14: 'match', 15: 'not-listed' });
    expect(r.listedDataGroups).toEqual([1, 2, 3, 14]);
    expect(check(r, 'dg.15.hash')).toMatchObject({ status: 'fail', code: 'dg.not-listed' });
  });

  test('chain unknown without the CSCA, document expired, verdict rejected', () => {
    expect(r.chain).toMatchObject({ status: 'unknown', code: 'chain.unknown-csca' });
    expect(check(r, 'document.expiry')).toMatchObject({ status: 'fail', code: 'document.expired' });
    expect(r.verdict).toBe('rejected');
  });

  test('MRZ: Germany is D, ERIKA MUSTERMANN, check digits valid', () => {
    expect(r.document).toMatchObject({
      format: 'TD3',
      documentCode: 'P',
      issuingState: 'D',
      primaryIdentifier: 'MUSTERMANN',
      secondaryIdentifier: 'ERIKA',
      documentNumber: 'C11T002JM',
      dateOfExpiryIso: '2013-10-31',
    });
    expect(check(r, 'mrz.check-digits')?.status).toBe('pass');
  });

  test('DG2 holds a JPEG 2000 face image', () => {
    expect(r.faces).toEqual([expect.objectContaining({ format: 'jpeg2000', width: 337, height: 449 })]);
  });
});

describe('loes2006 (sha256WithRSAEncryption)', () => {
  const r = verify('loes2006');

  test('signature valid; DG1, DG2, DG15 match', () => {
    expect(r.sod.signature).toBe('valid');
    expect(r.sod.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(r.dataGroups).toEqual({ 1: 'match', 2: 'match', 15: 'match' });
  });

  test('DG15 holds a 1024-bit RSA Active Authentication key', () => {
    expect(r.aaPublicKey).toEqual({ type: 'rsa', bits: 1024 });
  });

  test('chain unknown, expired, rejected', () => {
    expect(r.chain.code).toBe('chain.unknown-csca');
    expect(check(r, 'document.expiry')?.code).toBe('document.expired');
    expect(r.document?.issuingState).toBe('NLD');
    expect(r.verdict).toBe('rejected');
  });
});

describe('bsi-tr03105 (RSASSA-PSS, SHA-256, salt 32)', () => {
  const r = verify('bsi-tr03105');

  test('signature valid; DG1, DG14 match; DG15 not listed', () => {
    expect(r.sod.signature).toBe('valid');
    expect(r.sod.signatureAlgorithm).toBe('RSASSA-PSS');
    expect(r.dataGroups).toEqual({ 1: 'match', 14: 'match', 15: 'not-listed' });
    expect(check(r, 'dg.15.hash')?.code).toBe('dg.not-listed');
  });

  test('expired (2023-10-31) and chain unknown', () => {
    expect(check(r, 'document.expiry')?.code).toBe('document.expired');
    expect(r.chain.code).toBe('chain.unknown-csca');
    expect(r.verdict).toBe('rejected');
  });
});

describe('etsi-eacaa (RSASSA-PSS, SHA-256)', () => {
  const r = verify('etsi-eacaa');

  test('signature valid; DG1, DG14, DG15 match', () => {
    expect(r.sod.signature).toBe('valid');
    expect(r.dataGroups).toEqual({ 1: 'match', 14: 'match', 15: 'match' });
  });

  test('expired and chain unknown', () => {
    expect(check(r, 'document.expiry')?.code).toBe('document.expired');
    expect(r.chain.code).toBe('chain.unknown-csca');
  });
});

describe('passive authentication works on the exact bytes received', () => {
  test('one flipped bit in DG1 is a hash mismatch, not a parse failure', () => {
    const { files: _f, ...input } = loadVector('loes2006');
    const dg1 = flipBit(input.dataGroups[1]!, 40);
    const r = verifyPassport(
      { ...input, dataGroups: { ...input.dataGroups, 1: dg1 } },
      { trustStore: createStaticTrustStore([]), policy: defaultVerificationPolicy, at },
    );
    expect(r.dataGroups[1]).toBe('mismatch');
    expect(check(r, 'dg.1.hash')?.code).toBe('dg.hash-mismatch');
  });

  test('a flipped bit in the signature makes the SOD signature invalid', () => {
    const { files: _f, ...input } = loadVector('loes2006');
    const sod = flipBit(input.sod, input.sod.length - 10); // inside the RSA signature, the SignerInfo's last field
    const r = verifyPassport(
      { ...input, sod },
      { trustStore: createStaticTrustStore([]), policy: defaultVerificationPolicy, at },
    );
    expect(r.sod.signature).toBe('invalid');
    expect(check(r, 'sod.signature')?.code).toBe('sod.signature-invalid');
  });

  test('a SOD alone is verifiable: signature and chain', () => {
    const { sod } = loadVector('bsi2008');
    const r = verifyPassport(
      { sod, dataGroups: {} },
      {
        trustStore: createStaticTrustStore([]),
        policy: { ...defaultVerificationPolicy, requireActiveAuthentication: false },
        at,
      },
    );
    expect(r.sod.signature).toBe('valid');
    expect(r.chain.code).toBe('chain.unknown-csca');
    expect(check(r, 'document.mrz')?.status).toBe('not-checked');
    expect(r.verdict).toBe('rejected');
  });

  test('SHA-1 refused by policy makes bsi2008 fail on its hash algorithm and signature', () => {
    const { files: _f, ...input } = loadVector('bsi2008');
    const r = verifyPassport(input, {
      trustStore: createStaticTrustStore([]),
      policy: { ...defaultVerificationPolicy, allowSha1: false },
      at,
    });
    expect(check(r, 'sod.hash-algorithm')?.code).toBe('sod.weak-hash');
    expect(check(r, 'sod.signature')?.code).toBe('sod.weak-hash');
  });
});
