import { createHash, randomBytes } from 'node:crypto';
import { createStaticTrustStore } from '../../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../../src/passport/default-verification-policy.js';
import { makeTestChip } from '../../src/passport/factory/make-test-chip.js';
import { makeTestPki, type TestPki } from '../../src/passport/factory/make-test-pki.js';
import { inputLimits } from '../../src/passport/input-limits.js';
import { isTestCsca } from '../../src/passport/is-test-csca.js';
import type { PassportInput, PassportReport, VerifyOptions } from '../../src/passport/passport-report.js';
import { parseCertificate } from '../../src/passport/parse-certificate.js';
import { parseCrl } from '../../src/passport/parse-crl.js';
import type { ParsedCertificate } from '../../src/passport/parsed-certificate.js';
import type { VerificationPolicy } from '../../src/passport/verification-policy.js';
import { verifyPassport } from '../../src/passport/verify-passport.js';
import { buildTestSod, type TestSodOptions } from './support/build-test-sod.js';
import { tlv } from './support/tlv.js';

// Policy and rule coverage of verifyPassport beyond the reference vectors: generated chips from
// the test-passport factory for the whole flow, and SODs built field by field for the variants.

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const person = {
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  birthDate: '1974-08-12',
  sex: 'F' as const,
  expiryDate: '2030-04-15',
  issuingState: 'UTO',
};
const cert = (der: Uint8Array): ParsedCertificate => {
  const r = parseCertificate(der);
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};
const testPolicy: VerificationPolicy = { ...defaultVerificationPolicy, refuseTestCscas: false };
const check = (r: PassportReport, id: string) => r.checks.find((c) => c.id === id);
const failedCodes = (r: PassportReport) => r.checks.filter((c) => c.status === 'fail').map((c) => c.code);

let pki: TestPki;
let chip: ReturnType<typeof makeTestChip>;
let options: VerifyOptions;
beforeAll(() => {
  pki = makeTestPki({ country: 'UT', variant: 'rsa', now: NOW });
  chip = makeTestChip({ pki, person, aa: 'rsa' });
  options = { trustStore: createStaticTrustStore([cert(pki.csca.certDer)]), policy: testPolicy, at: NOW };
});
const withAa = (): PassportInput => {
  const challenge = new Uint8Array(randomBytes(8));
  return {
    sod: chip.sod,
    dataGroups: chip.dataGroups,
    com: chip.com,
    activeAuthentication: { challenge, signature: chip.answerActiveAuthentication(challenge) },
  };
};

describe('the whole flow', () => {
  test('a valid chip with AA over a consumed server nonce is accepted', () => {
    const r = verifyPassport(withAa(), { ...options, aaChallengeOutcome: { ok: true } });
    expect(failedCodes(r)).toEqual([]);
    expect(r.verdict).toBe('accepted');
    expect(r.activeAuthentication).toBe('valid');
    expect(check(r, 'document.state')?.code).toBe('document.state-match');
    expect(check(r, 'aa.challenge')?.code).toBe('aa.challenge-valid');
    expect(r.chain.status).toBe('valid');
  });

  test('a challenge outcome from the issuer (reused) fails aa.challenge and the verdict', () => {
    const r = verifyPassport(withAa(), {
      ...options,
      aaChallengeOutcome: { ok: false, code: 'aa.challenge-reused', detail: 'used' },
    });
    expect(check(r, 'aa.challenge')).toMatchObject({ status: 'fail', code: 'aa.challenge-reused' });
    expect(r.activeAuthentication).toBe('invalid');
    expect(r.verdict).toBe('rejected');
  });

  test('AA does not count when DG15 is not covered by a passing PA', () => {
    const noCsca = verifyPassport(withAa(), { ...options, trustStore: createStaticTrustStore([]) });
    expect(check(noCsca, 'aa.signature')?.code).toBe('aa.key-not-covered');
    expect(noCsca.activeAuthentication).toBe('invalid');

    const input = withAa();
    const { 15: _dg15, ...rest } = input.dataGroups;
    const missing = verifyPassport({ ...input, dataGroups: rest }, options);
    expect(check(missing, 'aa.signature')?.code).toBe('aa.key-missing');
  });

  test('AA required but not performed', () => {
    const r = verifyPassport({ sod: chip.sod, dataGroups: chip.dataGroups }, options);
    expect(check(r, 'aa.signature')).toMatchObject({ status: 'fail', code: 'aa.missing' });
    const optional = verifyPassport(
      { sod: chip.sod, dataGroups: chip.dataGroups },
      { ...options, policy: { ...testPolicy, requireActiveAuthentication: false } },
    );
    expect(optional.verdict).toBe('accepted');
  });

  test('document codes outside the policy are refused', () => {
    const r = verifyPassport(withAa(), {
      ...options,
      policy: { ...testPolicy, allowedDocumentCodes: ['I'] },
    });
    expect(check(r, 'document.code')?.code).toBe('document.code-not-allowed');
    expect(r.verdict).toBe('rejected');
  });

  test('an expired document fails, unless the policy only reports it', () => {
    const later = new Date('2030-05-01T00:00:00Z');
    const store = createStaticTrustStore([cert(pki.csca.certDer)]);
    const strict = verifyPassport(withAa(), { ...options, trustStore: store, at: later });
    expect(check(strict, 'document.expiry')?.code).toBe('document.expired');
    const lenient = verifyPassport(withAa(), {
      ...options,
      trustStore: store,
      at: later,
      policy: { ...testPolicy, rejectExpiredDocuments: false },
    });
    expect(check(lenient, 'document.expiry')).toMatchObject({
      status: 'pass',
      code: 'document.expired-allowed',
    });
  });

  test('the production policy refuses the factory CSCA as a test CSCA', () => {
    expect(isTestCsca(cert(pki.csca.certDer))).toBe(true);
    const r = verifyPassport(withAa(), { ...options, policy: defaultVerificationPolicy });
    expect(r.chain.code).toBe('chain.test-csca-refused');
  });

  test('an expired CSCA fails the chain', () => {
    const r = verifyPassport(withAa(), {
      ...options,
      at: new Date(NOW.getTime() + 3700 * DAY),
      policy: { ...testPolicy, rejectExpiredDocuments: false },
    });
    expect(r.chain.code).toBe('chain.csca-expired');
  });

  test('a CRL only counts when the CSCA signed it', () => {
    const other = makeTestPki({ country: 'UT', variant: 'rsa', now: NOW });
    const forged = parseCrl(other.makeCrl({ revokedSerials: [pki.dsc.serial] }));
    if (!forged.ok) throw new Error(forged.detail);
    const r = verifyPassport(withAa(), {
      ...options,
      trustStore: createStaticTrustStore([cert(pki.csca.certDer)], [forged.value]),
    });
    expect(r.chain.code).toBe('chain.valid');
    expect(check(r, 'chain.revocation')?.code).toBe('chain.no-crl');
    const real = parseCrl(pki.makeCrl({ revokedSerials: [] }));
    if (!real.ok) throw new Error(real.detail);
    const r2 = verifyPassport(withAa(), {
      ...options,
      trustStore: createStaticTrustStore([cert(pki.csca.certDer)], [real.value]),
    });
    expect(check(r2, 'chain.revocation')).toMatchObject({ status: 'pass', code: 'chain.not-revoked' });
  });
});

describe('inputs refused before parsing', () => {
  test('an oversize data group', () => {
    const big = new Uint8Array(inputLimits.dataGroupBytes + 1);
    const r = verifyPassport({ sod: chip.sod, dataGroups: { ...chip.dataGroups, 2: big } }, options);
    expect(r.checks).toEqual([
      expect.objectContaining({ id: 'input.size', status: 'fail', code: 'input.too-large' }),
    ]);
    expect(r.verdict).toBe('rejected');
  });

  test('an oversize SOD', () => {
    const r = verifyPassport({ sod: new Uint8Array(inputLimits.sodBytes + 1), dataGroups: {} }, options);
    expect(check(r, 'input.size')?.code).toBe('input.too-large');
  });

  test('a data group number outside 1–16', () => {
    const r = verifyPassport(
      { sod: chip.sod, dataGroups: { ...chip.dataGroups, 17: new Uint8Array(4) } },
      options,
    );
    expect(check(r, 'input.data-groups')?.code).toBe('input.unknown-data-group');
  });

  test('an AA challenge that is not 8 bytes', () => {
    const r = verifyPassport(
      {
        sod: chip.sod,
        dataGroups: chip.dataGroups,
        activeAuthentication: { challenge: new Uint8Array(16), signature: new Uint8Array(128) },
      },
      options,
    );
    expect(check(r, 'input.size')?.code).toBe('input.too-large');
  });
});

describe('EF.SOD variants', () => {
  const build = (o: Partial<TestSodOptions> = {}) => {
    const hashes = new Map<number, Uint8Array>();
    for (const [n, bytes] of Object.entries(chip.dataGroups))
      hashes.set(Number(n), createHash('sha256').update(bytes).digest());
    return buildTestSod({ dscDer: pki.dsc.certDer, dscKey: pki.dsc.privateKey, hashes, ...o });
  };
  const run = (
    sod: Uint8Array,
    policy: VerificationPolicy = { ...testPolicy, requireActiveAuthentication: false },
  ) => verifyPassport({ sod, dataGroups: chip.dataGroups }, { ...options, policy });

  test('the hand-built baseline is accepted', () => {
    const r = run(build());
    expect(failedCodes(r)).toEqual([]);
    expect(r.verdict).toBe('accepted');
  });

  test.each(['1.3.27.1.1.1', '1.2.528.1.1006.1.20.1'])(
    'legacy eContentType %s is accepted',
    (contentType) => {
      const r = run(build({ contentType }));
      expect(check(r, 'sod.content-type')?.status).toBe('pass');
      expect(r.verdict).toBe('accepted');
    },
  );

  test('id-data is refused, except in the lenient mode', () => {
    const sod = build({ contentType: '1.2.840.113549.1.7.1' });
    expect(check(run(sod), 'sod.content-type')?.code).toBe('sod.content-type-not-allowed');
    const lenient = run(sod, {
      ...testPolicy,
      requireActiveAuthentication: false,
      lenientIdDataContentType: true,
    });
    expect(check(lenient, 'sod.content-type')?.code).toBe('sod.content-type-id-data-lenient');
    expect(lenient.verdict).toBe('accepted');
  });

  test('an unrelated eContentType is not an LDS security object', () => {
    expect(check(run(build({ contentType: '2.23.136.1.1.2' })), 'sod.parse')?.code).toBe(
      'sod.unsupported-content-type',
    );
  });

  test('DG11 and DG12, when listed, are hashed and reported', () => {
    const dg11 = tlv(
      0x6b,
      tlv(0x5c, Uint8Array.of(0x5f, 0x0e)),
      tlv(0x5f0e, Buffer.from('ERIKSSON<<ANNA<MARIA')),
    );
    const dg12 = tlv(
      0x6c,
      tlv(0x5c, Uint8Array.of(0x5f, 0x19)),
      tlv(0x5f19, Buffer.from('UTOPIA PASSPORT OFFICE')),
    );
    const dataGroups = { ...chip.dataGroups, 11: dg11, 12: dg12 };
    const hashes = new Map<number, Uint8Array>();
    for (const [n, bytes] of Object.entries(dataGroups))
      hashes.set(Number(n), createHash('sha256').update(bytes).digest());
    const sod = buildTestSod({ dscDer: pki.dsc.certDer, dscKey: pki.dsc.privateKey, hashes });
    const r = verifyPassport(
      { sod, dataGroups },
      { ...options, policy: { ...testPolicy, requireActiveAuthentication: false } },
    );
    expect(r.dataGroups).toMatchObject({ 11: 'match', 12: 'match' });
    expect(r.personalDetails).toEqual({ fullName: 'ERIKSSON<<ANNA<MARIA' });
    expect(r.documentDetails).toEqual({ issuingAuthority: 'UTOPIA PASSPORT OFFICE' });
    expect(r.securityInfos).toEqual(expect.arrayContaining(['ChipAuthenticationPublicKeyInfo']));
    expect(r.verdict).toBe('accepted');
  });

  test('LDSSecurityObject v1 with LDSVersionInfo', () => {
    const r = run(build({ ldsVersion: 1 }));
    expect(r.sod).toMatchObject({ version: 1, ldsVersion: '0108', unicodeVersion: '040000' });
    expect(r.verdict).toBe('accepted');
  });

  test('signer by subject key identifier, and the bare rsaEncryption OID as signature algorithm', () => {
    expect(run(build({ sid: 'ski' })).verdict).toBe('accepted');
    const bare = run(build({ signatureAlgorithm: '1.2.840.113549.1.1.1' }));
    expect(check(bare, 'sod.signature')?.code).toBe('sod.signature-valid');
  });

  test('signed attributes: missing, wrong messageDigest, wrong contentType', () => {
    expect(check(run(build({ omitSignedAttributes: true })), 'sod.signed-attributes')?.code).toBe(
      'sod.signed-attributes-missing',
    );
    const md = run(build({ wrongMessageDigest: true }));
    expect(check(md, 'sod.signed-attributes')?.code).toBe('sod.message-digest-mismatch');
    expect(md.sod.signature).toBe('invalid');
    expect(
      check(run(build({ contentTypeAttribute: '1.2.840.113549.1.7.1' })), 'sod.signed-attributes')?.code,
    ).toBe('sod.content-type-attribute-mismatch');
  });

  test('the issuing state must belong to the CSCA country (D ↔ DE rule)', () => {
    const norwegian = makeTestChip({
      pki,
      person: { ...person, issuingState: 'NOR', nationality: 'NOR' },
      aa: 'none',
    });
    const r = verifyPassport(
      { sod: norwegian.sod, dataGroups: norwegian.dataGroups },
      { ...options, policy: { ...testPolicy, requireActiveAuthentication: false } },
    );
    expect(check(r, 'document.state')?.code).toBe('document.state-mismatch');
    const de = makeTestPki({ country: 'DE', variant: 'brainpool', now: NOW });
    const german = makeTestChip({
      pki: de,
      person: { ...person, issuingState: 'D', nationality: 'D' },
      aa: 'none',
    });
    const g = verifyPassport(
      { sod: german.sod, dataGroups: german.dataGroups },
      {
        trustStore: createStaticTrustStore([cert(de.csca.certDer)]),
        policy: { ...testPolicy, requireActiveAuthentication: false },
        at: NOW,
      },
    );
    expect(check(g, 'document.state')?.code).toBe('document.state-match');
    expect(g.verdict).toBe('accepted');
  });
});
