import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { importSpki } from '../../src/passport/import-spki.js';

// The plain rsaEncryption SPKI is imported through its PKCS#1 RSAPublicKey (30× cheaper in
// OpenSSL); it must give exactly the key OpenSSL's SPKI decoder gives, and every other shape
// must still go through that decoder.

const spkiOf = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
  new Uint8Array(k.export({ type: 'spki', format: 'der' }));

test('an rsaEncryption SPKI gives the same key as OpenSSL SPKI decoding', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const r = importSpki(spkiOf(publicKey));
  if (!r.ok) throw new Error(r.detail);
  expect(r.value.asymmetricKeyType).toBe('rsa');
  expect(r.value.equals(publicKey)).toBe(true);
  expect(r.value.asymmetricKeyDetails?.modulusLength).toBe(1024);
});

test('RSASSA-PSS and EC keys still import through the SPKI decoder', () => {
  const pss = generateKeyPairSync('rsa-pss', { modulusLength: 1024, hashAlgorithm: 'sha256' }).publicKey;
  const pssKey = importSpki(spkiOf(pss));
  expect(pssKey.ok && pssKey.value.asymmetricKeyType).toBe('rsa-pss');
  const ec = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }).publicKey;
  const ecKey = importSpki(spkiOf(ec));
  expect(ecKey.ok && ecKey.value.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP256r1');
});

test('other shapes get exactly what the SPKI decoder says; damaged keys are refused, not thrown', () => {
  const spki = spkiOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey);
  const unusedBits = Uint8Array.from(spki);
  unusedBits[spki.indexOf(0x03, 15) + 3] = 0x01; // BIT STRING with unused bits: not the plain shape
  for (const shape of [Uint8Array.from([...spki, 0x00]), unusedBits]) {
    let decoder: boolean;
    try {
      createPublicKey({ key: Buffer.from(shape), format: 'der', type: 'spki' });
      decoder = true;
    } catch {
      decoder = false;
    }
    expect(importSpki(shape).ok).toBe(decoder);
  }
  for (const bad of [spki.subarray(0, 40), new Uint8Array(), Uint8Array.from([0x30, 0x00])]) {
    expect(importSpki(bad)).toMatchObject({ ok: false, code: 'signature.bad-key' });
  }
});
