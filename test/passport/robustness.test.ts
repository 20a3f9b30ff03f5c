import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createStaticTrustStore } from '../../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../../src/passport/default-verification-policy.js';
import { makeTestChip } from '../../src/passport/factory/make-test-chip.js';
import { makeTestPki } from '../../src/passport/factory/make-test-pki.js';
import { inputLimits } from '../../src/passport/input-limits.js';
import type { PassportReport } from '../../src/passport/passport-report.js';
import { parseCertificate } from '../../src/passport/parse-certificate.js';
import { parseCom } from '../../src/passport/parse-com.js';
import { parseCrl } from '../../src/passport/parse-crl.js';
import { parseDg1 } from '../../src/passport/parse-dg1.js';
import { parseDg11 } from '../../src/passport/parse-dg11.js';
import { parseDg12 } from '../../src/passport/parse-dg12.js';
import { parseDg14 } from '../../src/passport/parse-dg14.js';
import { parseDg15 } from '../../src/passport/parse-dg15.js';
import { parseDg2 } from '../../src/passport/parse-dg2.js';
import { parseMasterList } from '../../src/passport/parse-master-list.js';
import { parseMrz } from '../../src/passport/parse-mrz.js';
import { parseSod } from '../../src/passport/parse-sod.js';
import { readTlv } from '../../src/passport/read-tlv.js';
import { readTlvChildren } from '../../src/passport/read-tlv-children.js';
import { verifyPassport } from '../../src/passport/verify-passport.js';
import { deepNesting, mutationOf } from './support/mutations.js';
import { loadVector, NL_MASTER_LIST } from './support/reference-vectors.js';
import { tlv } from './support/tlv.js';

// Hostile input: truncated, bit-flipped, length-inflated, padded and deeply nested encodings go
// into every parser and into verifyPassport. Nothing may throw or hang; every outcome is a value.

const RUNS = { numRuns: 150 };
const NOW = new Date('2026-06-01T12:00:00Z');
const pki = makeTestPki({ country: 'UT', variant: 'brainpool', now: NOW });
const chip = makeTestChip({
  pki,
  aa: 'ec',
  person: {
    surname: 'Eriksson',
    givenNames: 'Anna',
    documentNumber: 'L898902C3',
    nationality: 'UTO',
    birthDate: '1974-08-12',
    sex: 'F',
    expiryDate: '2030-04-15',
    issuingState: 'UTO',
  },
});
const csca = parseCertificate(pki.csca.certDer);
if (!csca.ok) throw new Error(csca.detail);
const options = {
  trustStore: createStaticTrustStore([csca.value]),
  policy: { ...defaultVerificationPolicy, refuseTestCscas: false, requireActiveAuthentication: false },
  at: NOW,
};
const loes = loadVector('loes2006');
const dg11 = tlv(
  0x6b,
  tlv(0x5c, Uint8Array.of(0x5f, 0x0e, 0x5f, 0x2b)),
  tlv(0x5f0e, Buffer.from('ERIKSSON<<ANNA')),
  tlv(0x5f2b, Buffer.from('19740812')),
  tlv(0xa0, tlv(0x02, Uint8Array.of(1)), tlv(0x5f0f, Buffer.from('ANNA<<SMITH'))),
);
const dg12 = tlv(
  0x6c,
  tlv(0x5c, Uint8Array.of(0x5f, 0x19)),
  tlv(0x5f19, Buffer.from('UTOPIA POLICE')),
  tlv(0x5f26, Buffer.from('20200101')),
);

const isResult = (r: { ok: boolean; code?: string }) =>
  r.ok === true || (r.ok === false && typeof r.code === 'string');
const structured = (r: PassportReport) =>
  (r.verdict === 'accepted' || r.verdict === 'rejected') &&
  r.checks.length > 0 &&
  !r.checks.some((c) => c.code === 'internal.unexpected');

test('the valid chip used as seed is accepted (so mutations start from a passing input)', () => {
  expect(verifyPassport({ sod: chip.sod, dataGroups: chip.dataGroups }, options).verdict).toBe('accepted');
});

const parsers: [string, (b: Uint8Array) => { ok: boolean; code?: string }, Uint8Array][] = [
  ['readTlv', (b) => readTlv(b), chip.dataGroups[1]!],
  ['readTlvChildren', (b) => readTlvChildren(b), chip.dataGroups[2]!],
  ['parseSod', parseSod, chip.sod],
  ['parseSod (RSA vector)', parseSod, loes.sod],
  ['parseCom', parseCom, chip.com],
  ['parseDg1', parseDg1, chip.dataGroups[1]!],
  ['parseDg2', parseDg2, loes.dataGroups[2]!],
  ['parseDg11', parseDg11, dg11],
  ['parseDg12', parseDg12, dg12],
  ['parseDg14', parseDg14, chip.dataGroups[14]!],
  ['parseDg15', parseDg15, chip.dataGroups[15]!],
  ['parseCertificate', parseCertificate, pki.dsc.certDer],
  ['parseCrl', parseCrl, pki.makeCrl({ revokedSerials: [pki.dsc.serial] })],
];

describe.each(parsers)('%s', (_name, parse, seed) => {
  test('mutations give a result, never a throw', () => {
    fc.assert(
      fc.property(mutationOf(seed), (bytes) => isResult(parse(bytes))),
      RUNS,
    );
  });
  test('deep nesting is refused, not recursed into', () => {
    fc.assert(
      fc.property(deepNesting(seed[0] ?? 0x30), (bytes) => isResult(parse(bytes))),
      { numRuns: 20 },
    );
  });
  test('random bytes give a result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => isResult(parse(bytes))),
      { numRuns: 100 },
    );
  });
});

test('parseMrz: any string gives a result', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 100 }), (s) => isResult(parseMrz(s))),
    RUNS,
  );
});

test('parseMasterList: truncated and nested lists give a result', () => {
  const ml = loadMasterListPrefix();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: ml.length - 1 }), (n) =>
      isResult(parseMasterList(ml.subarray(0, n))),
    ),
    { numRuns: 30 },
  );
  fc.assert(
    fc.property(deepNesting(0x30), (bytes) => isResult(parseMasterList(bytes))),
    { numRuns: 10 },
  );
});

describe('verifyPassport', () => {
  test('a damaged data group is always rejected with a structured report', () => {
    const dgNumbers = Object.keys(chip.dataGroups).map(Number);
    const arb = fc
      .constantFrom(...dgNumbers)
      .chain((n) => mutationOf(chip.dataGroups[n]!).map((bytes) => [n, bytes] as const));
    fc.assert(
      fc.property(arb, ([n, bytes]) => {
        const r = verifyPassport({ sod: chip.sod, dataGroups: { ...chip.dataGroups, [n]: bytes } }, options);
        return structured(r) && r.verdict === 'rejected';
      }),
      RUNS,
    );
  });

  test('a damaged EF.SOD never throws and never breaks the report shape', () => {
    fc.assert(
      fc.property(mutationOf(chip.sod), (sod) => {
        const r = verifyPassport({ sod, dataGroups: chip.dataGroups }, options);
        // A flip in an unsigned field (e.g. SignedData.digestAlgorithms) may still verify; any
        // damage to what is signed or hashed must not.
        return structured(r) && (r.verdict === 'rejected' || r.sod.signature === 'valid');
      }),
      RUNS,
    );
  });

  test('deeply nested SOD and DG1 are structured failures', () => {
    fc.assert(
      fc.property(deepNesting(0x77), deepNesting(0x61), (sod, dg1) => {
        const r = verifyPassport({ sod, dataGroups: { 1: dg1 } }, options);
        return structured(r) && r.verdict === 'rejected';
      }),
      { numRuns: 20 },
    );
  });

  test('garbage in every slot, including AA, is a structured failure', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        (sod, dg, challenge, signature) => {
          const r = verifyPassport(
            {
              sod,
              dataGroups: { 1: dg, 15: dg },
              com: dg.subarray(0, 100),
              activeAuthentication: { challenge, signature },
            },
            options,
          );
          return structured(r) && r.verdict === 'rejected';
        },
      ),
      { numRuns: 100 },
    );
  });

  test('a damaged AA answer is invalid, never accepted', () => {
    const challenge = new Uint8Array(8).fill(7);
    const signature = chip.answerActiveAuthentication(challenge);
    fc.assert(
      fc.property(mutationOf(signature), (sig) => {
        if (sig.length === 0) return true;
        const r = verifyPassport(
          { sod: chip.sod, dataGroups: chip.dataGroups, activeAuthentication: { challenge, signature: sig } },
          options,
        );
        return structured(r) && r.activeAuthentication === 'invalid';
      }),
      { numRuns: 100 },
    );
  });

  test('oversize inputs are refused before parsing, fast', () => {
    const huge = new Uint8Array(8 * 1024 * 1024).fill(0x30);
    const started = Date.now();
    const r = verifyPassport({ sod: huge, dataGroups: { 2: huge } }, options);
    expect(Date.now() - started).toBeLessThan(200);
    expect(r.checks.map((c) => c.code)).toEqual(['input.too-large']);
    const dg = verifyPassport(
      { sod: chip.sod, dataGroups: { 1: new Uint8Array(inputLimits.dataGroupBytes + 1) } },
      options,
    );
    expect(dg.checks.some((c) => c.id.startsWith('sod.'))).toBe(false);
  });

  test('inputs of the wrong type are refused, not thrown', () => {
    const r = verifyPassport(
      { sod: 'nope' as unknown as Uint8Array, dataGroups: { 1: 5 as unknown as Uint8Array } },
      options,
    );
    expect(structured(r) && r.verdict === 'rejected').toBe(true);
  });
});

function loadMasterListPrefix(): Uint8Array {
  // The first 64 KB of the Dutch list: a realistic header whose declared lengths overrun the data.
  return new Uint8Array(readFileSync(NL_MASTER_LIST).subarray(0, 65536));
}
