import { constants, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { verifyRsaPssRaw } from '../../src/passport/verify-rsa-pss-raw.js';
import { verifySignature } from '../../src/passport/verify-signature.js';
import { signRsaPssRaw } from './support/sign-rsa-pss-raw.js';

// Every signature algorithm an EF.SOD, a CSCA or a DSC uses, verified with node:crypto.

const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  md5: '1.2.840.113549.2.5',
  pss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  md5WithRsa: '1.2.840.113549.1.1.4',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaPlainSha384: '0.4.0.127.0.7.1.1.4.1.4',
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSpki = new Uint8Array(rsa.publicKey.export({ type: 'spki', format: 'der' }));
const data = new Uint8Array(randomBytes(100));
const algId = (oid: string, params?: asn1js.AsnType) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), ...(params ? [params] : [])] });
const ctx = (n: number, v: asn1js.AsnType) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [v] });
const pssParams = (hash: string, mgfHash: string, salt: number) =>
  new Uint8Array(
    new asn1js.Sequence({
      value: [
        ctx(0, algId(hash, new asn1js.Null())),
        ctx(1, algId(OID.mgf1, algId(mgfHash, new asn1js.Null()))),
        ctx(2, new asn1js.Integer({ value: salt })),
      ],
    }).toBER(),
  );

describe('RSASSA-PSS', () => {
  test('hash, MGF1 hash and salt length come from the parameters', () => {
    const signature = new Uint8Array(
      sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    );
    expect(
      verifySignature({
        algorithm: { oid: OID.pss, params: pssParams(OID.sha256, OID.sha256, 32) },
        spki: rsaSpki,
        data,
        signature,
      }),
    ).toMatchObject({ ok: true, value: { hash: 'sha256' } });
    expect(
      verifySignature({
        algorithm: { oid: OID.pss, params: pssParams(OID.sha256, OID.sha256, 20) },
        spki: rsaSpki,
        data,
        signature,
      }).ok,
    ).toBe(false);
  });

  test('absent parameters mean SHA-1, MGF1-SHA-1, salt 20 (RFC 4055 defaults)', () => {
    const signature = new Uint8Array(
      sign('sha1', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }),
    );
    expect(
      verifySignature({
        algorithm: { oid: OID.pss, params: new Uint8Array(new asn1js.Sequence().toBER()) },
        spki: rsaSpki,
        data,
        signature,
      }).ok,
    ).toBe(true);
  });

  test('an MGF1 hash different from the message hash is verified, not refused', () => {
    const signature = signRsaPssRaw(rsa.privateKey, 'sha256', 'sha1', 32, data);
    const algorithm = { oid: OID.pss, params: pssParams(OID.sha256, OID.sha1, 32) };
    expect(verifySignature({ algorithm, spki: rsaSpki, data, signature }).ok).toBe(true);
    const other = Uint8Array.from(data);
    other[0] = (other[0] ?? 0) ^ 1;
    expect(verifySignature({ algorithm, spki: rsaSpki, data: other, signature }).ok).toBe(false);
    // the same signature is not valid when MGF1 is claimed to use SHA-256
    expect(
      verifySignature({
        algorithm: { oid: OID.pss, params: pssParams(OID.sha256, OID.sha256, 32) },
        spki: rsaSpki,
        data,
        signature,
      }).ok,
    ).toBe(false);
  });

  test('the raw PSS verifier agrees with node:crypto on ordinary signatures', () => {
    for (const saltLength of [0, 20, 32, 64]) {
      const signature = new Uint8Array(
        sign('sha384', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      );
      expect(verifyRsaPssRaw(rsa.publicKey, 'sha384', 'sha384', saltLength, data, signature)).toBe(true);
      expect(verifyRsaPssRaw(rsa.publicKey, 'sha384', 'sha384', saltLength + 1, data, signature)).toBe(false);
    }
  });
});

describe('RSA PKCS#1 v1.5', () => {
  const signature = new Uint8Array(sign('sha256', data, rsa.privateKey));
  test('sha256WithRSAEncryption, and the bare rsaEncryption OID with the digest from the SignerInfo', () => {
    expect(
      verifySignature({ algorithm: { oid: OID.sha256WithRsa }, spki: rsaSpki, data, signature }).ok,
    ).toBe(true);
    expect(
      verifySignature({
        algorithm: { oid: OID.rsaEncryption },
        spki: rsaSpki,
        data,
        signature,
        digestOid: OID.sha256,
      }).ok,
    ).toBe(true);
    expect(
      verifySignature({ algorithm: { oid: OID.rsaEncryption }, spki: rsaSpki, data, signature }),
    ).toMatchObject({ ok: false, code: 'signature.unsupported-algorithm' });
  });
  test('MD5 is not supported; SHA-1 can be refused by policy', () => {
    expect(
      verifySignature({ algorithm: { oid: OID.md5WithRsa }, spki: rsaSpki, data, signature }),
    ).toMatchObject({ ok: false, code: 'signature.unsupported-algorithm' });
    const sha1 = new Uint8Array(sign('sha1', data, rsa.privateKey));
    expect(
      verifySignature({
        algorithm: { oid: '1.2.840.113549.1.1.5' },
        spki: rsaSpki,
        data,
        signature: sha1,
        allowSha1: false,
      }),
    ).toMatchObject({ ok: false, code: 'signature.weak-hash' });
  });
});

describe('ECDSA', () => {
  test.each([
    'prime256v1',
    'secp384r1',
    'secp521r1',
    'brainpoolP224r1',
    'brainpoolP320r1',
    'brainpoolP512r1',
  ])('%s, DER and plain encodings', (namedCurve) => {
    const k = generateKeyPairSync('ec', { namedCurve });
    const spki = new Uint8Array(k.publicKey.export({ type: 'spki', format: 'der' }));
    const der = new Uint8Array(sign('sha256', data, { key: k.privateKey, dsaEncoding: 'der' }));
    const plain = new Uint8Array(sign('sha384', data, { key: k.privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(verifySignature({ algorithm: { oid: OID.ecdsaSha256 }, spki, data, signature: der }).ok).toBe(
      true,
    );
    expect(
      verifySignature({
        algorithm: { oid: OID.ecPublicKey },
        spki,
        data,
        signature: der,
        digestOid: OID.sha256,
      }).ok,
    ).toBe(true);
    expect(
      verifySignature({ algorithm: { oid: OID.ecdsaPlainSha384 }, spki, data, signature: plain }).ok,
    ).toBe(true);
    expect(
      verifySignature({ algorithm: { oid: OID.ecdsaSha256 }, spki, data: data.subarray(1), signature: der }),
    ).toMatchObject({ ok: false, code: 'signature.invalid' });
  });

  test('a key of the wrong type is refused', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = new Uint8Array(sign('sha256', data, k.privateKey));
    expect(
      verifySignature({
        algorithm: { oid: OID.sha256WithRsa },
        spki: new Uint8Array(k.publicKey.export({ type: 'spki', format: 'der' })),
        data,
        signature: der,
      }),
    ).toMatchObject({ ok: false, code: 'signature.bad-key' });
    expect(
      verifySignature({
        algorithm: { oid: OID.ecdsaSha256 },
        spki: new Uint8Array([0x30, 0x00]),
        data,
        signature: der,
      }),
    ).toMatchObject({ ok: false, code: 'signature.bad-key' });
  });
});
