import {
  constants,
  createHash,
  generateKeyPairSync,
  privateEncrypt,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { parseDg15, type ParsedDg15 } from '../../src/passport/parse-dg15.js';
import { verifyActiveAuthentication, type AaInput } from '../../src/passport/verify-active-authentication.js';
import { loadVector } from './support/reference-vectors.js';
import { signIso9796 } from './support/sign-iso9796-2.js';
import { tlv } from './support/tlv.js';

// Active Authentication with keys generated here: RSA answers built by our own ISO/IEC 9796-2
// signer (test support), ECDSA answers by node:crypto in plain r‖s form.

const dg15Of = (publicKey: KeyObject): ParsedDg15 => {
  const r = parseDg15(tlv(0x6f, new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))));
  if (!r.ok) throw new Error(r.detail);
  return r.value;
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const challenge = new Uint8Array(randomBytes(8));
const base = { minRsaBits: 1024, minEcBits: 224 } as const;
const aa = (over: Partial<AaInput> & Pick<AaInput, 'key' | 'signature'>) =>
  verifyActiveAuthentication({ ...base, challenge, ...over });

describe('RSA, ISO/IEC 9796-2 scheme 1', () => {
  test('SHA-1 with the implicit trailer 0xBC (what chips send)', () => {
    const r = aa({ key: dg15Of(rsa.publicKey), signature: signIso9796(rsa.privateKey, challenge) });
    expect(r).toEqual({ ok: true, value: { hash: 'sha1', scheme: '9796-2' } });
  });

  test.each(['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const)(
    'explicit trailer for %s (hash identifier ‖ 0xCC)',
    (hash) => {
      const key = hash === 'sha512' ? rsa2048 : rsa; // SHA-512 plus M1 needs more than 1024 bits to be meaningful
      const r = aa({
        key: dg15Of(key.publicKey),
        signature: signIso9796(key.privateKey, challenge, { hash, trailer: 'explicit' }),
      });
      expect(r).toEqual({ ok: true, value: { hash, scheme: '9796-2' } });
    },
  );

  test('header 0x6B with 0xBB…0xBA padding before M1', () => {
    const r = aa({
      key: dg15Of(rsa.publicKey),
      signature: signIso9796(rsa.privateKey, challenge, { paddingBytes: 6 }),
    });
    expect(r.ok).toBe(true);
  });

  test('a signature over another challenge is invalid', () => {
    const other = new Uint8Array(randomBytes(8));
    const r = aa({ key: dg15Of(rsa.publicKey), signature: signIso9796(rsa.privateKey, other) });
    expect(r).toMatchObject({ ok: false, code: 'aa.signature-invalid' });
  });

  test('a signature by another key is refused with one stable code (the recovered block is noise)', () => {
    // Which framing check the noise trips is chance; the code must not depend on it.
    for (let i = 0; i < 64; i++) {
      const c = new Uint8Array(randomBytes(8));
      const r = aa({
        key: dg15Of(rsa.publicKey),
        challenge: c,
        signature: signIso9796(otherRsa.privateKey, c),
      });
      expect(r).toMatchObject({ ok: false, code: 'aa.signature-invalid' });
    }
  });

  test('a bad trailer is refused', () => {
    const r = aa({
      key: dg15Of(rsa.publicKey),
      signature: signIso9796(rsa.privateKey, challenge, { overrideLastByte: 0xbd }),
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
      detail: expect.stringContaining('trailer'),
    });
  });

  test('an unknown hash identifier in the trailer is refused', () => {
    const sig = signIso9796(rsa.privateKey, challenge, { hash: 'sha256', trailer: 'explicit' });
    const r = aa({ key: dg15Of(rsa.publicKey), signature: sig });
    expect(r.ok).toBe(true);
    // RIPEMD-160 (0x31) is a valid 9796-2 identifier but not one 9303 allows.
    const m1 = randomBytes(128 - 1 - 20 - 2);
    const f = Buffer.concat([
      Buffer.from([0x6a]),
      m1,
      createHash('sha1').update(m1).update(challenge).digest(),
      Buffer.from([0x31, 0xcc]),
    ]);
    const bad = privateEncrypt({ key: rsa.privateKey, padding: constants.RSA_NO_PADDING }, f);
    expect(aa({ key: dg15Of(rsa.publicKey), signature: new Uint8Array(bad) })).toMatchObject({
      ok: false,
      code: 'aa.unsupported-hash',
    });
  });

  test('a trailer byte that names no hash function is noise, and SHA-1 is refused only after it verifies', () => {
    const m1 = randomBytes(128 - 1 - 20 - 2);
    const f = Buffer.concat([
      Buffer.from([0x6a]),
      m1,
      createHash('sha1').update(m1).update(challenge).digest(),
      Buffer.from([0x99, 0xcc]),
    ]);
    const noise = privateEncrypt({ key: rsa.privateKey, padding: constants.RSA_NO_PADDING }, f);
    expect(aa({ key: dg15Of(rsa.publicKey), signature: new Uint8Array(noise) })).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
    });
    const sha1 = signIso9796(rsa.privateKey, challenge);
    expect(aa({ key: dg15Of(rsa.publicKey), signature: sha1, allowSha1: false })).toMatchObject({
      ok: false,
      code: 'aa.unsupported-hash',
    });
    const other = signIso9796(rsa.privateKey, new Uint8Array(randomBytes(8)));
    expect(aa({ key: dg15Of(rsa.publicKey), signature: other, allowSha1: false })).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
    });
  });

  test('a bad header (not 01…) is refused', () => {
    const r = aa({
      key: dg15Of(rsa.publicKey),
      signature: signIso9796(rsa.privateKey, challenge, { overrideFirstByte: 0x2a }),
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
      detail: expect.stringContaining('header'),
    });
  });

  test('bad padding is refused', () => {
    const wrongNibble = signIso9796(rsa.privateKey, challenge, { overrideFirstByte: 0x6c });
    expect(aa({ key: dg15Of(rsa.publicKey), signature: wrongNibble })).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
      detail: expect.stringContaining('border nibble'),
    });
    const wrongFill = signIso9796(rsa.privateKey, challenge, { paddingBytes: 4, overridePaddingByte: 0xab });
    expect(aa({ key: dg15Of(rsa.publicKey), signature: wrongFill })).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
      detail: expect.stringContaining('padding'),
    });
  });

  test('keys below the policy minimum are refused', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 768 });
    const r = aa({ key: dg15Of(small.publicKey), signature: signIso9796(small.privateKey, challenge) });
    expect(r).toMatchObject({ ok: false, code: 'aa.key-too-small' });
  });

  test('a truncated signature or challenge is refused, not thrown', () => {
    const sig = signIso9796(rsa.privateKey, challenge);
    expect(aa({ key: dg15Of(rsa.publicKey), signature: sig.subarray(1) }).ok).toBe(false);
    expect(
      verifyActiveAuthentication({
        ...base,
        key: dg15Of(rsa.publicKey),
        challenge: challenge.subarray(1),
        signature: sig,
      }),
    ).toMatchObject({ ok: false, code: 'aa.challenge-malformed' });
    expect(aa({ key: dg15Of(rsa.publicKey), signature: new Uint8Array(128).fill(0xff) }).ok).toBe(false);
  });
});

describe('ECDSA with plain r‖s signatures', () => {
  const plainSha256 = '0.4.0.127.0.7.1.1.4.1.3';
  test.each(['prime256v1', 'brainpoolP256r1', 'brainpoolP384r1'])(
    '%s, hash from ActiveAuthenticationInfo',
    (namedCurve) => {
      const k = generateKeyPairSync('ec', { namedCurve });
      const signature = new Uint8Array(
        sign('sha256', challenge, { key: k.privateKey, dsaEncoding: 'ieee-p1363' }),
      );
      expect(aa({ key: dg15Of(k.publicKey), signature, signatureAlgorithm: plainSha256 })).toEqual({
        ok: true,
        value: { hash: 'sha256', scheme: 'ecdsa' },
      });
    },
  );

  test('DER-encoded signatures are accepted as a fallback', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signature = new Uint8Array(sign('sha384', challenge, { key: k.privateKey, dsaEncoding: 'der' }));
    expect(aa({ key: dg15Of(k.publicKey), signature, signatureAlgorithm: '1.2.840.10045.4.3.3' }).ok).toBe(
      true,
    );
  });

  test('wrong challenge, wrong hash, wrong key fail', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sig = (c: Uint8Array, key = k.privateKey, h = 'sha256') =>
      new Uint8Array(sign(h, c, { key, dsaEncoding: 'ieee-p1363' }));
    const key = dg15Of(k.publicKey);
    expect(aa({ key, signature: sig(new Uint8Array(8)), signatureAlgorithm: plainSha256 })).toMatchObject({
      ok: false,
      code: 'aa.signature-invalid',
    });
    expect(
      aa({ key, signature: sig(challenge, k.privateKey, 'sha384'), signatureAlgorithm: plainSha256 }).ok,
    ).toBe(false);
    expect(aa({ key, signature: sig(challenge, other.privateKey), signatureAlgorithm: plainSha256 }).ok).toBe(
      false,
    );
  });

  test('without ActiveAuthenticationInfo the hash is unknown and the answer is refused', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signature = new Uint8Array(
      sign('sha256', challenge, { key: k.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    expect(aa({ key: dg15Of(k.publicKey), signature })).toMatchObject({
      ok: false,
      code: 'aa.algorithm-unknown',
    });
  });

  test('curves below 224 bits are refused', () => {
    const k = generateKeyPairSync('ec', { namedCurve: 'prime192v1' });
    const signature = new Uint8Array(
      sign('sha256', challenge, { key: k.privateKey, dsaEncoding: 'ieee-p1363' }),
    );
    expect(aa({ key: dg15Of(k.publicKey), signature, signatureAlgorithm: plainSha256 })).toMatchObject({
      ok: false,
      code: 'aa.key-too-small',
    });
  });
});

test('the reference DG15 of loes2006 is an RSA-1024 key usable for AA', () => {
  const r = parseDg15(loadVector('loes2006').dataGroups[15]!);
  expect(r).toMatchObject({ ok: true, value: { type: 'rsa', bits: 1024 } });
});
