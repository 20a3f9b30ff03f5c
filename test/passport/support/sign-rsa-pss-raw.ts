import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';

type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/**
 * EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with a free choice of MGF1 hash, signed with the raw RSA
 * operation: node:crypto cannot sign PSS with an MGF1 hash other than the message hash.
 */
export function signRsaPssRaw(
  key: KeyObject,
  hash: HashName,
  mgfHash: HashName,
  saltLength: number,
  data: Uint8Array,
): Uint8Array {
  const modBits = key.asymmetricKeyDetails!.modulusLength!;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const mHash = createHash(hash).update(data).digest();
  const salt = randomBytes(saltLength);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - saltLength - h.length - 2), Buffer.from([1]), salt]);
  const mask: Buffer[] = [];
  for (let c = 0; Buffer.concat(mask).length < db.length; c++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(c);
    mask.push(createHash(mgfHash).update(h).update(counter).digest());
  }
  const m = Buffer.concat(mask);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ m[i]!;
  db[0] = db[0]! & (0xff >> (8 * emLen - emBits));
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  const block = Buffer.concat([Buffer.alloc(k - emLen), em]);
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block));
}
