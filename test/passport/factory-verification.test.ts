import crypto from 'node:crypto';
import fc from 'fast-check';
import { fixedClock } from '../../src/shared/clock.js';
import { createAaChallengeIssuer, type AaChallengeIssuer } from '../../src/passport/aa-challenge-issuer.js';
import { createMemoryAaChallengeStore } from '../../src/passport/create-memory-aa-challenge-store.js';
import { createStaticTrustStore } from '../../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../../src/passport/default-verification-policy.js';
import { parseCertificate } from '../../src/passport/parse-certificate.js';
import { parseCrl } from '../../src/passport/parse-crl.js';
import type { PassportInput, PassportReport, VerifyOptions } from '../../src/passport/passport-report.js';
import type { ParsedCertificate } from '../../src/passport/parsed-certificate.js';
import type { ParsedCrl } from '../../src/passport/parsed-crl.js';
import type { TrustStore } from '../../src/passport/trust-store.js';
import { verifyPassport } from '../../src/passport/verify-passport.js';
import type { TestPerson } from '../../src/passport/factory/build-mrz.js';
import {
  makeTestChip,
  type MakeTestChipOptions,
  type TestChip,
} from '../../src/passport/factory/make-test-chip.js';
import { makeTestPki, type TestPki } from '../../src/passport/factory/make-test-pki.js';
import type { SignatureVariant } from '../../src/passport/factory/signature-profile.js';

// Generated passports against the verification engine: every variant passes, and every single
// defect is rejected with its own stable code on its own check. Keys are generated once per
// variant (RSA-2048 generation is the slow part) and reused by all chips.

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const ORDER = 'order-1';

const person: TestPerson = {
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  birthDate: '1974-08-12',
  sex: 'F',
  expiryDate: '2031-04-15',
  issuingState: 'UTO',
};

// Test CSCAs are refused by the production policy (asserted below); everything else stays default.
const policy = { ...defaultVerificationPolicy, refuseTestCscas: false };

const parsedCert = (der: Uint8Array): ParsedCertificate => {
  const r = parseCertificate(der);
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r.value;
};
const parsedCrl = (der: Uint8Array): ParsedCrl => {
  const r = parseCrl(der);
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r.value;
};
const storeOf = (certs: readonly Uint8Array[], crls: readonly Uint8Array[] = []): TrustStore =>
  createStaticTrustStore(certs.map(parsedCert), crls.map(parsedCrl));

/** The failing checks as `id:code`, which is what the assertions (and failure messages) show. */
const failures = (report: PassportReport): string[] =>
  report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`);

const flip = (bytes: Uint8Array, index: number): Uint8Array => {
  const copy = new Uint8Array(bytes);
  const i = index < 0 ? copy.length + index : index;
  copy[i] = (copy[i] ?? 0) ^ 0x01;
  return copy;
};

interface Reader {
  readonly clock: ReturnType<typeof fixedClock>;
  readonly issuer: AaChallengeIssuer;
}
const newReader = (): Reader => {
  const clock = fixedClock(NOW);
  return { clock, issuer: createAaChallengeIssuer({ store: createMemoryAaChallengeStore(clock), clock }) };
};

/**
 * What the registration flow does: the server issues a nonce for the order, the chip signs it,
 * the server consumes the nonce and verifies the whole read.
 */
async function readAndVerify(
  chip: TestChip,
  trustStore: TrustStore,
  change: {
    input?: (i: PassportInput) => PassportInput;
    options?: Partial<VerifyOptions>;
    reader?: Reader;
  } = {},
): Promise<PassportReport> {
  const { issuer } = change.reader ?? newReader();
  const { challenge } = await issuer.issue(ORDER);
  const signature = chip.answerActiveAuthentication(challenge);
  const aaChallengeOutcome = await issuer.consume(ORDER, challenge);
  let input: PassportInput = {
    sod: chip.sod,
    dataGroups: chip.dataGroups,
    com: chip.com,
    activeAuthentication: { challenge, signature },
  };
  if (change.input) input = change.input(input);
  return verifyPassport(input, { trustStore, policy, at: NOW, aaChallengeOutcome, ...change.options });
}

const pkis = new Map<SignatureVariant, TestPki>();
const pkiFor = (variant: SignatureVariant): TestPki => {
  let pki = pkis.get(variant);
  if (!pki) {
    pki = makeTestPki({ country: 'UT', variant, now: NOW });
    pkis.set(variant, pki);
  }
  return pki;
};
// One RSA-1024 AA key for the many RSA chips: generation costs more than the tests themselves.
let rsaAaKey: crypto.KeyPairKeyObjectResult;
beforeAll(() => {
  rsaAaKey = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
});
const chipFor = (variant: SignatureVariant, options: Partial<MakeTestChipOptions> = {}): TestChip =>
  makeTestChip({
    pki: pkiFor(variant),
    person,
    aa: 'rsa',
    aaKeyPair: (options.aa ?? 'rsa') === 'rsa' ? rsaAaKey : undefined,
    ...options,
  });
const trustFor = (variant: SignatureVariant): TrustStore => storeOf([pkiFor(variant).csca.certDer]);

describe('generated passports pass', () => {
  test.each([
    ['rsa', 'rsa'],
    ['rsa', 'ec'],
    ['pss', 'rsa'],
    ['pss', 'ec'],
    ['brainpool', 'rsa'],
    ['brainpool', 'ec'],
  ] as const)('%s-signed chip with %s Active Authentication is accepted', async (variant, aa) => {
    const chip = chipFor(variant, { aa, dg2Bytes: 20_000 });
    const report = await readAndVerify(chip, trustFor(variant));
    expect(failures(report)).toEqual([]);
    expect(report.verdict).toBe('accepted');
    expect(report.activeAuthentication).toBe('valid');
    expect(report.sod.signature).toBe('valid');
    expect(report.chain.status).toBe('valid');
    expect(report.dataGroups).toEqual({ 1: 'match', 2: 'match', 14: 'match', 15: 'match' });
    expect(report.faces?.[0]).toMatchObject({ format: 'jpeg', width: 60, height: 80 });
    expect(report.document).toMatchObject({
      format: 'TD3',
      primaryIdentifier: 'ERIKSSON',
      documentNumber: 'L898902C3',
    });
  });

  test('EC AA keys on brainpoolP256r1/P384r1 and RSA-2048 AA with SHA-256 (trailer 0x34CC) are accepted', async () => {
    const ec = await readAndVerify(
      chipFor('brainpool', { aa: 'ec', aaCurve: 'brainpoolP256r1' }),
      trustFor('brainpool'),
    );
    expect(failures(ec)).toEqual([]);
    expect(ec.aaPublicKey).toMatchObject({ type: 'ec', bits: 256 });
    // brainpoolP384r1 answers with SHA-384, which DG14 names as ecdsa-plain-SHA384.
    const p384 = await readAndVerify(
      chipFor('brainpool', { aa: 'ec', aaCurve: 'brainpoolP384r1' }),
      trustFor('brainpool'),
    );
    expect(failures(p384)).toEqual([]);
    expect(p384.aaPublicKey).toMatchObject({ type: 'ec', bits: 384 });
    const rsa2048 = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa = await readAndVerify(
      chipFor('rsa', { aaKeyPair: rsa2048, aaRsaHash: 'sha256' }),
      trustFor('rsa'),
    );
    expect(failures(rsa)).toEqual([]);
    expect(rsa.verdict).toBe('accepted');
  });

  test('an LDS 1.8 chip (LDSSecurityObject V1 with LDSVersionInfo) without signingTime is accepted', async () => {
    const report = await readAndVerify(
      chipFor('pss', { aa: 'ec', ldsV1: true, signingTime: null }),
      trustFor('pss'),
    );
    expect(failures(report)).toEqual([]);
    expect(report.sod).toMatchObject({ version: 1, ldsVersion: '0108', unicodeVersion: '040000' });
  });

  test('a TD1 identity card is accepted', async () => {
    const chip = chipFor('brainpool', { aa: 'ec', format: 'TD1', person: { ...person, documentCode: 'ID' } });
    const report = await readAndVerify(chip, trustFor('brainpool'));
    expect(failures(report)).toEqual([]);
    expect(report.document?.format).toBe('TD1');
  });

  test('a DSC issued under a rolled-over CSCA chains through the link certificate', async () => {
    const pki = makeTestPki({ country: 'UT', variant: 'brainpool', now: NOW, withLinkCertificate: true });
    const chip = makeTestChip({ pki, person, aa: 'ec' });
    if (!pki.previousCsca || !pki.linkCertificate) throw new Error('no rollover');
    const report = await readAndVerify(chip, storeOf([pki.previousCsca.certDer, pki.linkCertificate]));
    expect(failures(report)).toEqual([]);
    expect(report.verdict).toBe('accepted');
  });

  test('a CRL that revokes other serials leaves the DSC valid', async () => {
    const pki = pkiFor('brainpool');
    const crl = pki.makeCrl({ revokedSerials: [pki.dsc.serial + 1n] });
    const report = await readAndVerify(
      chipFor('brainpool', { aa: 'ec' }),
      storeOf([pki.csca.certDer], [crl]),
    );
    expect(failures(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'chain.revocation')?.code).toBe('chain.not-revoked');
  });

  test('the production policy refuses the factory CSCA', async () => {
    const report = await readAndVerify(chipFor('brainpool', { aa: 'ec' }), trustFor('brainpool'), {
      options: { policy: defaultVerificationPolicy },
    });
    expect(failures(report)).toEqual(['chain:chain.test-csca-refused', 'aa.signature:aa.key-not-covered']);
    expect(report.verdict).toBe('rejected');
  });
});

describe('each single defect is rejected with its own code', () => {
  const variant: SignatureVariant = 'rsa';
  let chip: TestChip;
  beforeAll(() => {
    chip = chipFor(variant, { aa: 'rsa', dg2Bytes: 20_000 });
  });

  test('the unmodified chip passes (baseline for the cases below)', async () => {
    expect(failures(await readAndVerify(chip, trustFor(variant)))).toEqual([]);
  });

  // ISO/IEC 9796-2 recovery under the wrong key yields random bytes; whichever framing check
  // trips first, the code is the one stable `aa.signature-invalid`.
  const aaFailure = (report: PassportReport): string | undefined =>
    report.checks.find((c) => c.id === 'aa.signature' && c.status === 'fail')?.code;

  // Offsets inside each file: a name letter of the MRZ ('E' → 'D', still a valid MRZ and not
  // covered by a check digit), the middle of the JPEG, of the SecurityInfos, of the AA key.
  test.each([
    [1, 10],
    [2, 10_000],
    [14, 80],
    [15, 60],
  ])('a flipped byte in DG%i fails its hash', async (n, offset) => {
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({
        ...i,
        dataGroups: { ...i.dataGroups, [n]: flip(i.dataGroups[n] ?? new Uint8Array(), offset) },
      }),
    });
    expect(report.verdict).toBe('rejected');
    if (n === 15) {
      // The AA key itself changed: the chip's answer cannot verify under it.
      expect(failures(report)[0]).toBe('dg.15.hash:dg.hash-mismatch');
      expect(aaFailure(report)).toBe('aa.signature-invalid');
      expect(report.activeAuthentication).toBe('invalid');
    } else {
      expect(failures(report)).toEqual([`dg.${n}.hash:dg.hash-mismatch`]);
    }
  });

  test('a flipped byte in the MRZ filler also fails parsing, on top of the hash', async () => {
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({
        ...i,
        dataGroups: { ...i.dataGroups, 1: flip(i.dataGroups[1] ?? new Uint8Array(), 46) },
      }),
    });
    expect(failures(report)).toEqual(['dg.1.hash:dg.hash-mismatch', 'dg.1.parse:mrz.malformed']);
  });

  test('a flipped byte in the signed attributes (signingTime) fails the SOD signature', async () => {
    const sod = Buffer.from(chip.sod);
    const signingTimeOid = Buffer.from('06092a864886f70d010905', 'hex');
    const at = sod.indexOf(signingTimeOid);
    expect(at).toBeGreaterThan(0);
    // OID, SET header, UTCTime header, then YYMMDDHHMMSSZ: flip the last seconds digit.
    const index = at + signingTimeOid.length + 2 + 2 + 11;
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({ ...i, sod: flip(chip.sod, index) }),
    });
    expect(failures(report)).toEqual([
      'sod.signature:sod.signature-invalid',
      'aa.signature:aa.key-not-covered',
    ]);
    expect(report.verdict).toBe('rejected');
  });

  test('a flipped byte in the SOD signature fails the SOD signature', async () => {
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({ ...i, sod: flip(chip.sod, -1) }),
    });
    expect(failures(report)).toEqual([
      'sod.signature:sod.signature-invalid',
      'aa.signature:aa.key-not-covered',
    ]);
  });

  test('a SOD signed with another key than the DSC fails the SOD signature', async () => {
    const other = pkiFor(variant).profile.generateKeyPair();
    const forged = chipFor(variant, { corrupt: { sodSigningKey: other.privateKey } });
    const report = await readAndVerify(forged, trustFor(variant));
    expect(failures(report)).toEqual([
      'sod.signature:sod.signature-invalid',
      'aa.signature:aa.key-not-covered',
    ]);
  });

  test('a SOD listing a wrong hash fails that data group', async () => {
    const report = await readAndVerify(
      chipFor(variant, { corrupt: { wrongHashFor: [2] } }),
      trustFor(variant),
    );
    expect(failures(report)).toEqual(['dg.2.hash:dg.hash-mismatch']);
  });

  test('a CSCA of the same name but another key is not the DSC issuer', async () => {
    const impostor = makeTestPki({ country: 'UT', variant: 'brainpool', now: NOW });
    const report = await readAndVerify(chip, storeOf([impostor.csca.certDer]));
    expect(failures(report)).toEqual(['chain:chain.signature-invalid', 'aa.signature:aa.key-not-covered']);
    expect(report.verdict).toBe('rejected');
  });

  test('a trust store without the issuing CSCA reports an unknown CSCA', async () => {
    const elsewhere = makeTestPki({ country: 'NO', variant: 'brainpool', now: NOW });
    const report = await readAndVerify(chip, storeOf([elsewhere.csca.certDer]));
    expect(failures(report)).toEqual(['chain:chain.unknown-csca', 'aa.signature:aa.key-not-covered']);
  });

  test('an expired DSC fails the chain', async () => {
    const pki = pkiFor(variant);
    const dsc = pki.issueDsc({
      validity: {
        notBefore: new Date(NOW.getTime() - 4 * 365 * DAY),
        notAfter: new Date(NOW.getTime() - DAY),
      },
      keyPair: pki.dsc,
    });
    const report = await readAndVerify(chipFor(variant, { dsc }), trustFor(variant));
    expect(failures(report)).toEqual(['chain:chain.dsc-expired', 'aa.signature:aa.key-not-covered']);
  });

  test('a DSC revoked by the CSCA CRL fails the chain', async () => {
    const pki = pkiFor(variant);
    const crl = pki.makeCrl({ revokedSerials: [pki.dsc.serial] });
    const report = await readAndVerify(chip, storeOf([pki.csca.certDer], [crl]));
    expect(failures(report)).toEqual([
      'chain:chain.dsc-revoked',
      'chain.revocation:chain.dsc-revoked',
      'aa.signature:aa.key-not-covered',
    ]);
  });

  test('a data group present on the chip but not listed in the SOD is an injection', async () => {
    const report = await readAndVerify(
      chipFor(variant, { corrupt: { unlistedDataGroups: [14] } }),
      trustFor(variant),
    );
    expect(failures(report)).toEqual(['dg.14.hash:dg.not-listed']);
    const extra = chipFor(variant, {
      corrupt: { extraDataGroups: { 11: Uint8Array.of(0x6b, 0x03, 0x5c, 0x01, 0x00) } },
    });
    expect(failures(await readAndVerify(extra, trustFor(variant)))).toContain('dg.11.hash:dg.not-listed');
  });

  test('a reused AA nonce is refused', async () => {
    const reader = newReader();
    const { challenge } = await reader.issuer.issue(ORDER);
    expect((await reader.issuer.consume(ORDER, challenge)).ok).toBe(true);
    const again = await reader.issuer.consume(ORDER, challenge);
    const report = verifyPassport(
      {
        sod: chip.sod,
        dataGroups: chip.dataGroups,
        activeAuthentication: { challenge, signature: chip.answerActiveAuthentication(challenge) },
      },
      { trustStore: trustFor(variant), policy, at: NOW, aaChallengeOutcome: again },
    );
    expect(failures(report)).toEqual(['aa.challenge:aa.challenge-reused']);
    expect(report.verdict).toBe('rejected');
  });

  test('an expired AA nonce is refused', async () => {
    const reader = newReader();
    const { challenge } = await reader.issuer.issue(ORDER);
    const signature = chip.answerActiveAuthentication(challenge);
    reader.clock.advance(3 * 60_000);
    const outcome = await reader.issuer.consume(ORDER, challenge);
    const report = verifyPassport(
      { sod: chip.sod, dataGroups: chip.dataGroups, activeAuthentication: { challenge, signature } },
      { trustStore: trustFor(variant), policy, at: NOW, aaChallengeOutcome: outcome },
    );
    expect(failures(report)).toEqual(['aa.challenge:aa.challenge-expired']);
  });

  test('an AA nonce issued for another order is refused', async () => {
    const reader = newReader();
    const { challenge } = await reader.issuer.issue('someone-elses-order');
    const signature = chip.answerActiveAuthentication(challenge);
    const outcome = await reader.issuer.consume(ORDER, challenge);
    const report = verifyPassport(
      { sod: chip.sod, dataGroups: chip.dataGroups, activeAuthentication: { challenge, signature } },
      { trustStore: trustFor(variant), policy, at: NOW, aaChallengeOutcome: outcome },
    );
    expect(failures(report)).toEqual(['aa.challenge:aa.challenge-foreign']);
  });

  test('an AA answer from another key (a clone without the chip secret) is refused', async () => {
    const clone = chipFor(variant, { aaKeyPair: crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }) });
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({
        ...i,
        activeAuthentication: {
          challenge: i.activeAuthentication?.challenge ?? new Uint8Array(8),
          signature: clone.answerActiveAuthentication(i.activeAuthentication?.challenge ?? new Uint8Array(8)),
        },
      }),
    });
    expect(failures(report)).toEqual(['aa.signature:aa.signature-invalid']);
    expect(report.activeAuthentication).toBe('invalid');
  });

  test.each(['rsa', 'ec'] as const)(
    'a recorded %s AA answer replayed against a fresh nonce is refused',
    async (aa) => {
      const genuine = aa === 'rsa' ? chip : chipFor('brainpool', { aa: 'ec' });
      const recorded = genuine.answerActiveAuthentication(crypto.randomBytes(8));
      const report = await readAndVerify(genuine, trustFor(aa === 'rsa' ? variant : 'brainpool'), {
        input: (i) => ({
          ...i,
          activeAuthentication: {
            challenge: i.activeAuthentication?.challenge ?? new Uint8Array(8),
            signature: recorded,
          },
        }),
      });
      expect(failures(report)).toEqual(['aa.signature:aa.signature-invalid']);
      expect(report.verdict).toBe('rejected');
    },
  );

  test('an EC AA answer from another key is refused', async () => {
    const ecChip = chipFor('brainpool', { aa: 'ec' });
    const other = chipFor('brainpool', { aa: 'ec' });
    const report = await readAndVerify(ecChip, trustFor('brainpool'), {
      input: (i) => ({
        ...i,
        activeAuthentication: {
          challenge: i.activeAuthentication?.challenge ?? new Uint8Array(8),
          signature: other.answerActiveAuthentication(i.activeAuthentication?.challenge ?? new Uint8Array(8)),
        },
      }),
    });
    expect(failures(report)).toEqual(['aa.signature:aa.signature-invalid']);
  });

  test('a missing AA answer is refused when the policy requires AA', async () => {
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({ sod: i.sod, dataGroups: i.dataGroups }),
      options: { aaChallengeOutcome: undefined },
    });
    expect(failures(report)).toEqual(['aa.signature:aa.missing']);
  });

  test.each(['document-number', 'birth-date', 'expiry-date', 'optional-data', 'composite'] as const)(
    'a wrong MRZ check digit (%s) is refused',
    async (field) => {
      const report = await readAndVerify(
        chipFor(variant, { corrupt: { mrzCheckDigit: field } }),
        trustFor(variant),
      );
      expect(failures(report)).toEqual(['mrz.check-digits:mrz.check-digit']);
    },
  );

  test('an expired document is refused', async () => {
    const report = await readAndVerify(
      chipFor(variant, { person: { ...person, expiryDate: '2026-05-31' } }),
      trustFor(variant),
    );
    expect(failures(report)).toEqual(['document.expiry:document.expired']);
  });

  test('an issuing state other than the CSCA country is refused', async () => {
    const report = await readAndVerify(
      chipFor(variant, { person: { ...person, issuingState: 'NOR' } }),
      trustFor(variant),
    );
    expect(failures(report)).toEqual(['document.state:document.state-mismatch']);
  });

  test('a document code outside the policy (a visa, V) is refused', async () => {
    const report = await readAndVerify(
      chipFor(variant, { person: { ...person, documentCode: 'V' } }),
      trustFor(variant),
    );
    expect(failures(report)).toEqual(['document.code:document.code-not-allowed']);
  });

  test('a DSC that is not valid yet fails the chain', async () => {
    const pki = pkiFor(variant);
    const dsc = pki.issueDsc({
      validity: { notBefore: new Date(NOW.getTime() + DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) },
      keyPair: pki.dsc,
    });
    const report = await readAndVerify(chipFor(variant, { dsc }), trustFor(variant));
    expect(failures(report)).toEqual(['chain:chain.dsc-not-yet-valid', 'aa.signature:aa.key-not-covered']);
  });

  test('an expired CSCA fails the chain', async () => {
    const pki = makeTestPki({
      country: 'UT',
      variant: 'brainpool',
      now: NOW,
      cscaValidity: {
        notBefore: new Date(NOW.getTime() - 3650 * DAY),
        notAfter: new Date(NOW.getTime() - DAY),
      },
    });
    const report = await readAndVerify(makeTestChip({ pki, person, aa: 'ec' }), storeOf([pki.csca.certDer]));
    expect(failures(report)).toEqual(['chain:chain.csca-expired', 'aa.signature:aa.key-not-covered']);
  });

  test('a chip without an AA key cannot satisfy a policy that requires AA', async () => {
    const noAa = chipFor(variant, { aa: 'none' });
    const report = verifyPassport(
      { sod: noAa.sod, dataGroups: noAa.dataGroups },
      { trustStore: trustFor(variant), policy, at: NOW },
    );
    expect(failures(report)).toEqual(['aa.signature:aa.missing']);
    const relaxed = verifyPassport(
      { sod: noAa.sod, dataGroups: noAa.dataGroups },
      { trustStore: trustFor(variant), policy: { ...policy, requireActiveAuthentication: false }, at: NOW },
    );
    expect(relaxed.verdict).toBe('accepted');
  });

  test('a truncated EF.SOD is malformed', async () => {
    const report = await readAndVerify(chip, trustFor(variant), {
      input: (i) => ({ ...i, sod: chip.sod.subarray(0, chip.sod.length - 40) }),
    });
    expect(failures(report)).toContain('sod.parse:sod.malformed');
    expect(report.verdict).toBe('rejected');
  });
});

describe('properties', () => {
  test('any change to any byte of any data group is caught by its hash', async () => {
    const chip = chipFor('brainpool', { aa: 'ec', dg2Bytes: 20_000 });
    const trustStore = trustFor('brainpool');
    const challenge = new Uint8Array(8);
    const signature = chip.answerActiveAuthentication(challenge);
    const input = {
      sod: chip.sod,
      dataGroups: chip.dataGroups,
      activeAuthentication: { challenge, signature },
    };
    await fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 14, 15),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (n, position, mask) => {
          const dg = chip.dataGroups[n] ?? new Uint8Array();
          const changed = new Uint8Array(dg);
          const at = position % dg.length;
          changed[at] = (changed[at] ?? 0) ^ mask;
          const report = verifyPassport(
            { ...input, dataGroups: { ...chip.dataGroups, [n]: changed } },
            { trustStore, policy, at: NOW },
          );
          expect(report.verdict).toBe('rejected');
          expect(failures(report)).toContain(`dg.${n}.hash:dg.hash-mismatch`);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('any change to the signed attributes or the signature value of EF.SOD is rejected', async () => {
    const chip = chipFor('pss', { aa: 'ec' });
    const trustStore = trustFor('pss');
    const challenge = new Uint8Array(8);
    const signature = chip.answerActiveAuthentication(challenge);
    const sod = Buffer.from(chip.sod);
    // The [0] IMPLICIT signed attributes begin just before the first attribute (contentType);
    // the RSA-2048 signature value is the last 256 bytes of the file.
    const attrsStart = sod.indexOf(0xa0, sod.indexOf(Buffer.from('06092a864886f70d010903', 'hex')) - 8);
    expect(attrsStart).toBeGreaterThan(0);
    const lengthByte = sod[attrsStart + 1] ?? 0;
    const attrsEnd = attrsStart + 2 + (lengthByte < 0x80 ? lengthByte : (sod[attrsStart + 2] ?? 0) + 1);
    const signedRanges = fc.oneof(
      fc.integer({ min: attrsStart, max: attrsEnd - 1 }),
      fc.integer({ min: sod.length - 256, max: sod.length - 1 }),
    );
    await fc.assert(
      fc.property(signedRanges, fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const changed = new Uint8Array(sod);
        changed[at] = (changed[at] ?? 0) ^ mask;
        const report = verifyPassport(
          { sod: changed, dataGroups: chip.dataGroups, activeAuthentication: { challenge, signature } },
          { trustStore, policy, at: NOW },
        );
        expect(report.verdict).toBe('rejected');
        expect(report.sod.signature).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
  });
});
