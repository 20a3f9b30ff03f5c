import { constants, createHash, publicDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';

type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/**
 * RSASSA-PSS verification (RFC 8017 §8.1.2, EMSA-PSS-VERIFY §9.1.2) with an MGF1 hash that
 * differs from the message hash — a parameter set node:crypto's `verify` cannot express. The RSA
 * operation is still node:crypto's (`publicDecrypt` without padding); only the encoding check is here.
 */
export function verifyRsaPssRaw(
  key: KeyObject,
  hash: HashName,
  mgfHash: HashName,
  saltLength: number,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const modBits = key.asymmetricKeyDetails?.modulusLength;
  if (!modBits) return false;
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(signature));
  } catch {
    return false;
  }
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (k > emLen && block[0] !== 0) return false;
  const em = block.subarray(k - emLen);
  const mHash = createHash(hash).update(data).digest();
  const hLen = mHash.length;
  if (emLen < hLen + saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  const topMask = 0xff >> topBits;
  if ((maskedDb[0]! & ~topMask & 0xff) !== 0) return false;
  const db = Buffer.alloc(maskedDb.length);
  const mask = mgf1(mgfHash, h, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ mask[i]!;
  db[0] = db[0]! & topMask;
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - saltLength);
  const h2 = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(h, h2);
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Buffer {
  const chunks: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const d = createHash(hash).update(seed).update(c).digest();
    chunks.push(d);
    produced += d.length;
  }
  return Buffer.concat(chunks).subarray(0, length);
}
