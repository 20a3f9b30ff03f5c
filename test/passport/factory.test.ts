import crypto from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMakeTestPassport } from '../../src/passport/cli/make-test-passport-command.js';
import { buildMrz, type TestPerson } from '../../src/passport/factory/build-mrz.js';
import { makeTestChip } from '../../src/passport/factory/make-test-chip.js';
import { makeTestPki, type TestPki } from '../../src/passport/factory/make-test-pki.js';

// The factory on its own: ICAO specimen MRZs, the chip's files and Active Authentication
// answers checked with node:crypto directly. Verification by the passport engine is in
// factory-verification.test.ts.

const NOW = new Date('2026-06-01T12:00:00Z');

const anna: TestPerson = {
  surname: 'Eriksson',
  givenNames: 'Anna Maria',
  documentNumber: 'L898902C3',
  nationality: 'UTO',
  birthDate: '1974-08-12',
  sex: 'F',
  expiryDate: '2012-04-15',
  issuingState: 'UTO',
  optionalData: 'ZE184226B',
};

describe('MRZ (ICAO 9303 specimens)', () => {
  test('TD3 passport MRZ equals the 9303-4 specimen', () => {
    expect(buildMrz(anna)).toBe(
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' + 'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
    );
  });

  test('TD1 identity card MRZ equals the 9303-5 specimen', () => {
    const mrz = buildMrz(
      { ...anna, documentNumber: 'D23145890', documentCode: 'I', optionalData: '' },
      { format: 'TD1' },
    );
    expect(mrz).toBe(
      'I<UTOD231458907<<<<<<<<<<<<<<<' + '7408122F1204159UTO<<<<<<<<<<<6' + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    );
  });

  test('a corrupted check digit changes only that digit (composite recomputed)', () => {
    const good = buildMrz(anna);
    const bad = buildMrz(anna, { corruptCheckDigit: 'birth-date' });
    expect(bad[44 + 19]).not.toBe(good[44 + 19]);
    expect(bad.slice(0, 44 + 19)).toBe(good.slice(0, 44 + 19));
    expect(bad.slice(44 + 20, 87)).toBe(good.slice(44 + 20, 87));
  });
});

describe('chip files', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki({ country: 'UT', variant: 'brainpool', now: NOW });
  });

  test('data groups carry their LDS tags, DG2 is padded to the requested size with a JPEG inside', () => {
    const chip = makeTestChip({
      pki,
      person: { ...anna, expiryDate: '2031-04-15' },
      aa: 'ec',
      dg2Bytes: 20_000,
    });
    expect(chip.sod[0]).toBe(0x77);
    expect(chip.com[0]).toBe(0x60);
    expect(chip.dataGroups[1]?.[0]).toBe(0x61);
    expect(chip.dataGroups[2]?.[0]).toBe(0x75);
    expect(chip.dataGroups[14]?.[0]).toBe(0x6e);
    expect(chip.dataGroups[15]?.[0]).toBe(0x6f);
    const dg2 = Buffer.from(chip.dataGroups[2] ?? []);
    expect(dg2.length).toBe(20_000);
    const soi = dg2.indexOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(soi).toBeGreaterThan(0);
    expect(dg2.subarray(soi - 12 - 20 - 14, soi - 12 - 20 - 10).toString('latin1')).toBe('FAC\0');
    expect(dg2.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    // DG15 is the AA public key as an SPKI, after the 0x6F tag and a one-byte length.
    const spki = (chip.dataGroups[15] ?? new Uint8Array()).subarray(2);
    expect(
      crypto.createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyType,
    ).toBe('ec');
  });

  test('EC Active Authentication answers with a plain r‖s ECDSA-SHA256 signature', () => {
    const chip = makeTestChip({ pki, person: anna, aa: 'ec', withoutDg2: true });
    const challenge = crypto.randomBytes(8);
    const signature = chip.answerActiveAuthentication(challenge);
    expect(signature.length).toBe(64);
    const publicKey = chip.aaKeyPair?.publicKey;
    if (!publicKey) throw new Error('no AA key');
    expect(crypto.verify('sha256', challenge, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
      true,
    );
  });

  test('RSA Active Authentication answers with ISO 9796-2 scheme 1 (0x6A … SHA-1(M1‖challenge) 0xBC)', () => {
    const chip = makeTestChip({ pki, person: anna, aa: 'rsa', withoutDg2: true });
    const challenge = crypto.randomBytes(8);
    const signature = chip.answerActiveAuthentication(challenge);
    const publicKey = chip.aaKeyPair?.publicKey;
    if (!publicKey) throw new Error('no AA key');
    const f = crypto.publicDecrypt({ key: publicKey, padding: crypto.constants.RSA_NO_PADDING }, signature);
    expect(f.length).toBe(128);
    expect(f[0]).toBe(0x6a);
    expect(f[127]).toBe(0xbc);
    const m1 = f.subarray(1, 127 - 20);
    const h = f.subarray(127 - 20, 127);
    expect(crypto.createHash('sha1').update(m1).update(challenge).digest()).toEqual(h);
  });

  test('without AA the chip has no DG15 and refuses to answer', () => {
    const chip = makeTestChip({ pki, person: anna, aa: 'none', withoutDg2: true });
    expect(chip.dataGroups[15]).toBeUndefined();
    expect(() => chip.answerActiveAuthentication(new Uint8Array(8))).toThrow(/no Active Authentication key/);
  });

  test('the CSCA is marked as a test certificate and is self-signed', () => {
    const csca = new crypto.X509Certificate(Buffer.from(pki.csca.certDer));
    expect(csca.subject).toContain('O=TEST eMRTD factory (not for production)');
    expect(csca.subject).toContain('C=UT');
    expect(csca.verify(csca.publicKey)).toBe(true);
    const dsc = new crypto.X509Certificate(Buffer.from(pki.dsc.certDer));
    expect(dsc.verify(csca.publicKey)).toBe(true);
    expect(dsc.checkIssued(csca)).toBe(true);
  });
});

describe('make-test-passport command', () => {
  const silent = { log: () => undefined, error: () => undefined };

  test('writes a chip, its PKI and the AA key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'make-test-passport-'));
    try {
      const code = await runMakeTestPassport(['--out', dir, '--variant', 'brainpool', '--aa', 'ec'], silent);
      expect(code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(
        [
          'aa-key.pem',
          'com.bin',
          'crl.der',
          'csca.der',
          'dg1.bin',
          'dg14.bin',
          'dg15.bin',
          'dg2.bin',
          'dsc.der',
          'sod.bin',
        ].sort(),
      );
      const key = crypto.createPrivateKey(await readFile(path.join(dir, 'aa-key.pem')));
      expect(key.asymmetricKeyType).toBe('ec');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--help prints the usage and exits 0', async () => {
    const lines: string[] = [];
    expect(await runMakeTestPassport(['--help'], { log: (l) => lines.push(l), error: () => undefined })).toBe(
      0,
    );
    expect(lines.join('\n')).toMatch(/^Usage: make-test-passport --out DIR/);
  });

  test.each([
    [['--variant', 'rsa']],
    [['--out', '/tmp/x', '--variant', 'dsa']],
    [['--out', '/tmp/x', '--aa', 'maybe']],
    [['--out', '/tmp/x', '--birth-date', '1990-02-30']],
    [['--out', '/tmp/x', '--country', 'NOR']],
    [['--out', '/tmp/x', '--no-such-option']],
  ])('usage error %j exits 2', async (argv) => {
    const errors: string[] = [];
    expect(await runMakeTestPassport(argv, { log: () => undefined, error: (l) => errors.push(l) })).toBe(2);
    expect(errors[0]).toMatch(/^make-test-passport: /);
  });
});
