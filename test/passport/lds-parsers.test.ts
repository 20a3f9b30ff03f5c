import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { createStaticTrustStore } from '../../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../../src/passport/default-verification-policy.js';
import { makeTestChip } from '../../src/passport/factory/make-test-chip.js';
import { makeTestPki } from '../../src/passport/factory/make-test-pki.js';
import { parseCertificate } from '../../src/passport/parse-certificate.js';
import { parseCom } from '../../src/passport/parse-com.js';
import { parseDg11 } from '../../src/passport/parse-dg11.js';
import { parseDg12 } from '../../src/passport/parse-dg12.js';
import { parseDg14 } from '../../src/passport/parse-dg14.js';
import { parseDg15 } from '../../src/passport/parse-dg15.js';
import { parseDg2 } from '../../src/passport/parse-dg2.js';
import { parseSod } from '../../src/passport/parse-sod.js';
import { readTlv } from '../../src/passport/read-tlv.js';
import { readTlvChildren } from '../../src/passport/read-tlv-children.js';
import { verifyActiveAuthentication } from '../../src/passport/verify-active-authentication.js';
import { verifyPassport } from '../../src/passport/verify-passport.js';
import { buildTestSod } from './support/build-test-sod.js';
import { loadVector } from './support/reference-vectors.js';
import { tlv } from './support/tlv.js';

// The LDS files one by one: the TLV reader, EF.COM, DG2 images, DG11/DG12 details, DG14
// SecurityInfos, DG15 keys (including explicit EC parameters) and BER forms of EF.SOD.

describe('TLV reader', () => {
  test('multi-byte tags and every length form', () => {
    const value = new Uint8Array(300).fill(7);
    for (const t of [
      tlv(0x5f1f, value),
      tlv(0x7f61, value.subarray(0, 5)),
      tlv(0x61, value.subarray(0, 200)),
    ]) {
      const r = readTlv(t);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.raw).toEqual(t);
    }
    const longForm = Uint8Array.from([0x04, 0x82, 0x00, 0x03, 1, 2, 3]); // non-minimal length, BER allows it
    expect(readTlv(longForm)).toMatchObject({
      ok: true,
      value: { tag: 0x04, value: Uint8Array.of(1, 2, 3) },
    });
  });

  test('indefinite length on constructed templates, with nested elements', () => {
    const bytes = Uint8Array.from([
      0x61, 0x80, 0x5f, 0x1f, 0x02, 0x41, 0x42, 0x30, 0x80, 0x04, 0x01, 0x09, 0x00, 0x00, 0x00, 0x00,
    ]);
    const r = readTlv(bytes);
    expect(r).toMatchObject({ ok: true, value: { tag: 0x61, indefinite: true } });
    if (!r.ok) return;
    expect(r.value.raw).toHaveLength(bytes.length);
    const children = readTlvChildren(r.value.value);
    expect(children.ok && children.value.map((c) => c.tag)).toEqual([0x5f1f, 0x30]);
  });

  test('truncation, overlong lengths and indefinite primitives are refused', () => {
    for (const bad of [
      [],
      [0x61],
      [0x5f],
      [0x61, 0x05, 1, 2],
      [0x61, 0x85, 1, 1, 1, 1, 1],
      [0x04, 0x80, 0, 0],
      [0x61, 0x80, 0x04, 0x01, 0x00],
    ]) {
      expect(readTlv(Uint8Array.from(bad))).toMatchObject({ ok: false, code: 'tlv.malformed' });
    }
  });

  test('trailing padding after the last element is tolerated, data after padding is not', () => {
    expect(readTlvChildren(Uint8Array.from([0x04, 0x01, 0x05, 0x00, 0x00, 0xff])).ok).toBe(true);
    expect(readTlvChildren(Uint8Array.from([0x04, 0x01, 0x05, 0x00, 0x04, 0x00])).ok).toBe(false);
  });
});

test('EF.COM of the reference documents', () => {
  expect(parseCom(loadVector('bsi2008').com!)).toEqual({
    ok: true,
    value: { ldsVersion: '0107', unicodeVersion: '040000', dataGroups: [1, 2, 3, 14] },
  });
  expect(parseCom(loadVector('loes2006').com!)).toMatchObject({
    ok: true,
    value: { dataGroups: [1, 2, 15] },
  });
});

test('DG2: JPEG 2000 in the reference documents, JPEG in generated ones', () => {
  const jp2 = parseDg2(loadVector('loes2006').dataGroups[2]!);
  expect(jp2.ok && jp2.value.map((f) => [f.format, f.width, f.height])).toEqual([['jpeg2000', 449, 598]]);
  const pki = makeTestPki({ country: 'UT', variant: 'brainpool' });
  const chip = makeTestChip({
    pki,
    aa: 'none',
    dg2Bytes: 20_000,
    person: {
      surname: 'A',
      givenNames: 'B',
      documentNumber: 'X1',
      nationality: 'UTO',
      birthDate: '1990-01-01',
      sex: 'M',
      expiryDate: '2031-01-01',
      issuingState: 'UTO',
    },
  });
  const jpeg = parseDg2(chip.dataGroups[2]!);
  expect(jpeg.ok && jpeg.value[0]?.format).toBe('jpeg');
  expect(jpeg.ok && jpeg.value[0]!.byteLength).toBeGreaterThan(0);
  expect(parseDg2(tlv(0x75, tlv(0x7f61, tlv(0x02, Uint8Array.of(1)))))).toMatchObject({
    ok: false,
    code: 'dg2.malformed',
  });
});

test('DG11 and DG12', () => {
  const dg11 = tlv(
    0x6b,
    tlv(0x5c, Uint8Array.of(0x5f, 0x0e, 0x5f, 0x2b, 0x5f, 0x11)),
    tlv(0x5f0e, Buffer.from('ERIKSSON<<ANNA<MARIA')),
    tlv(0x5f2b, Buffer.from('19740812')),
    tlv(0x5f11, Buffer.from('ZENITH')),
    tlv(0xa0, tlv(0x02, Uint8Array.of(1)), tlv(0x5f0f, Buffer.from('SMITH<<ANNA'))),
  );
  expect(parseDg11(dg11)).toEqual({
    ok: true,
    value: {
      fullName: 'ERIKSSON<<ANNA<MARIA',
      fullDateOfBirth: '19740812',
      placeOfBirth: 'ZENITH',
      otherNames: ['SMITH<<ANNA'],
    },
  });
  const dg12 = tlv(
    0x6c,
    tlv(0x5c, Uint8Array.of(0x5f, 0x19, 0x5f, 0x26)),
    tlv(0x5f19, Buffer.from('UTOPIA PASSPORT OFFICE')),
    tlv(0x5f26, Buffer.from('20200101')),
    tlv(0x5f1d, new Uint8Array(100)),
  );
  expect(parseDg12(dg12)).toEqual({
    ok: true,
    value: { issuingAuthority: 'UTOPIA PASSPORT OFFICE', dateOfIssue: '20200101', imageOfFrontBytes: 100 },
  });
  expect(parseDg11(tlv(0x6c))).toMatchObject({ ok: false, code: 'dg11.malformed' });
});

test('DG14: SecurityInfos and ActiveAuthenticationInfo with its signature algorithm', () => {
  const aaInfo = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: '2.23.136.1.1.5' }),
      new asn1js.Integer({ value: 1 }),
      new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.1.1.4.1.3' }),
    ],
  });
  const caInfo = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: '0.4.0.127.0.7.2.2.3.2.1' }),
      new asn1js.Integer({ value: 1 }),
    ],
  });
  const dg14 = tlv(0x6e, new Uint8Array(new asn1js.Set({ value: [caInfo, aaInfo] }).toBER()));
  const r = parseDg14(dg14);
  expect(r).toEqual({
    ok: true,
    value: {
      securityInfos: [
        { protocol: '0.4.0.127.0.7.2.2.3.2.1', name: 'ChipAuthenticationInfo' },
        { protocol: '2.23.136.1.1.5', name: 'ActiveAuthenticationInfo' },
      ],
      activeAuthentication: { version: 1, signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' },
    },
  });
});

describe('DG15 with explicit EC parameters', () => {
  // ECParameters of prime256v1 spelled out (as `openssl ec -param_enc explicit` writes them).
  const P256_EXPLICIT =
    '3081f7020101302c06072a8648ce3d0101022100ffffffff00000001000000000000000000000000ffffffffffffffffffffffff305b0420ffffffff00000001000000000000000000000000fffffffffffffffffffffffc04205ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b031500c49d360886e704936a6678e1139d26b7819f7e900441046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5022100ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551020101';

  test('are matched to the named curve and verify AA', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const point = new Uint8Array(k.publicKey.export({ type: 'spki', format: 'der' })).subarray(-65);
    const spki = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: '1.2.840.10045.2.1' }),
            asn1js.fromBER(Buffer.from(P256_EXPLICIT, 'hex')).result,
          ],
        }),
        new asn1js.BitString({ valueHex: point }),
      ],
    });
    const der = new Uint8Array(spki.toBER());
    expect(createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).asymmetricKeyType).toBe(
      'ec',
    );
    const dg15 = parseDg15(tlv(0x6f, der));
    expect(dg15).toMatchObject({ ok: true, value: { type: 'ec', bits: 256, curve: 'prime256v1' } });
    if (!dg15.ok) return;
    const challenge = new Uint8Array(randomBytes(8));
    const signature = new Uint8Array(
      sign('sha256', challenge, { key: k.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    expect(
      verifyActiveAuthentication({
        key: dg15.value,
        challenge,
        signature,
        signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3',
        minRsaBits: 1024,
        minEcBits: 224,
      }).ok,
    ).toBe(true);
  });
});

describe('EF.SOD encodings', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const pki = makeTestPki({ country: 'UT', variant: 'rsa', now });
  const chip = makeTestChip({
    pki,
    aa: 'none',
    person: {
      surname: 'A',
      givenNames: 'B',
      documentNumber: 'X1',
      nationality: 'UTO',
      birthDate: '1990-01-01',
      sex: 'M',
      expiryDate: '2031-01-01',
      issuingState: 'UTO',
    },
  });
  const csca = parseCertificate(pki.csca.certDer);
  if (!csca.ok) throw new Error(csca.detail);
  const options = {
    trustStore: createStaticTrustStore([csca.value]),
    policy: { ...defaultVerificationPolicy, refuseTestCscas: false, requireActiveAuthentication: false },
    at: now,
  };

  test('BER indefinite lengths around the CMS structure are accepted', () => {
    const outer = readTlv(chip.sod);
    if (!outer.ok) throw new Error(outer.detail);
    const contentInfo = readTlv(outer.value.value);
    if (!contentInfo.ok) throw new Error(contentInfo.detail);
    const indefinite = Uint8Array.from([0x77, 0x80, 0x30, 0x80, ...contentInfo.value.value, 0, 0, 0, 0]);
    expect(parseSod(indefinite).ok).toBe(true);
    const r = verifyPassport({ sod: indefinite, dataGroups: chip.dataGroups }, options);
    expect(r.sod.signature).toBe('valid');
    expect(r.verdict).toBe('accepted');
  });

  test('the signer is found when the SignerInfo writes the issuer RDNs in another order', () => {
    const hashes = new Map(
      Object.entries(chip.dataGroups).map(([n, b]) => [
        Number(n),
        new Uint8Array(createHash('sha256').update(b).digest()),
      ]),
    );
    const sod = buildTestSod({
      dscDer: pki.dsc.certDer,
      dscKey: pki.dsc.privateKey,
      hashes,
      reverseIssuerRdns: true,
    });
    const r = verifyPassport({ sod, dataGroups: chip.dataGroups }, options);
    expect(r.checks.find((c) => c.id === 'sod.signature')?.code).toBe('sod.signature-valid');
    expect(r.verdict).toBe('accepted');
  });
});
