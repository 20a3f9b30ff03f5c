import { constants, KeyObject, verify } from 'node:crypto';
import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { hashAlgorithms } from './hash-algorithms.js';
import { importSpki } from './import-spki.js';
import { verifyRsaPssRaw } from './verify-rsa-pss-raw.js';

export type SignatureCode =
  'signature.invalid' | 'signature.unsupported-algorithm' | 'signature.bad-key' | 'signature.weak-hash';
type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface SignatureInput {
  /** signatureAlgorithm of the CMS SignerInfo or certificate. */
  readonly algorithm: { readonly oid: string; readonly params?: Uint8Array };
  /** SubjectPublicKeyInfo DER of the signer, or its key already imported (see `certificatePublicKey`). */
  readonly spki: Uint8Array | KeyObject;
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
  /** Digest OID of the CMS SignerInfo; needed when the algorithm is a bare key OID (rsaEncryption, ecPublicKey). */
  readonly digestOid?: string;
  readonly allowSha1?: boolean;
}

const RSA_PKCS1: Record<string, HashName> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA: Record<string, HashName> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
// BSI TR-03111 plain (r‖s) ECDSA, used by German documents.
const ECDSA_PLAIN: Record<string, HashName> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSASSA_PSS = '1.2.840.113549.1.1.10';

/**
 * Verifies one signature with node:crypto (the only verifier that handles brainpool curves and
 * every RSA-PSS parameter set we meet). Returns the hash used so callers can report it.
 */
export function verifySignature(
  input: SignatureInput,
): Result<{ hash: HashName; scheme: string }, SignatureCode> {
  const key = input.spki instanceof KeyObject ? ok(input.spki) : importSpki(input.spki);
  if (!key.ok) return key;
  const { oid } = input.algorithm;
  const digestHash = input.digestOid ? hashAlgorithms[input.digestOid] : undefined;

  let hash: HashName | undefined;
  let scheme: 'pkcs1' | 'pss' | 'ecdsa' | 'ecdsa-plain';
  let saltLength: number | undefined;
  let mgfHash: HashName | undefined;
  if (RSA_PKCS1[oid]) {
    hash = RSA_PKCS1[oid];
    scheme = 'pkcs1';
  } else if (oid === RSA_ENCRYPTION) {
    // Many SODs name only the key algorithm; the hash then comes from SignerInfo.digestAlgorithm.
    hash = digestHash;
    scheme = 'pkcs1';
  } else if (ECDSA[oid]) {
    hash = ECDSA[oid];
    scheme = 'ecdsa';
  } else if (ECDSA_PLAIN[oid]) {
    hash = ECDSA_PLAIN[oid];
    scheme = 'ecdsa-plain';
  } else if (oid === EC_PUBLIC_KEY) {
    hash = digestHash;
    scheme = 'ecdsa';
  } else if (oid === RSASSA_PSS) {
    const p = parsePssParams(input.algorithm.params);
    if (!p.ok) return p;
    hash = p.value.hash;
    mgfHash = p.value.mgfHash;
    saltLength = p.value.saltLength;
    scheme = 'pss';
  } else {
    return err('signature.unsupported-algorithm', `signature algorithm ${oid} is not supported`);
  }
  if (!hash) return err('signature.unsupported-algorithm', `no usable hash for signature algorithm ${oid}`);
  if (hash === 'sha1' && input.allowSha1 === false) {
    return err('signature.weak-hash', 'SHA-1 signatures are refused by policy');
  }

  const keyType = key.value.asymmetricKeyType;
  const isRsa = keyType === 'rsa' || keyType === 'rsa-pss';
  if ((scheme === 'pkcs1' || scheme === 'pss') !== isRsa) {
    return err('signature.bad-key', `key type ${keyType} does not fit signature algorithm ${oid}`);
  }
  const data = Buffer.from(input.data);
  const sig = Buffer.from(input.signature);
  try {
    let valid: boolean;
    if (scheme === 'pkcs1') {
      valid = verify(hash, data, { key: key.value, padding: constants.RSA_PKCS1_PADDING }, sig);
    } else if (scheme === 'pss' && mgfHash !== hash) {
      valid = verifyRsaPssRaw(key.value, hash, mgfHash!, saltLength!, data, sig);
    } else if (scheme === 'pss') {
      valid = verify(
        hash,
        data,
        { key: key.value, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: saltLength! },
        sig,
      );
    } else if (scheme === 'ecdsa-plain') {
      valid = verify(hash, data, { key: key.value, dsaEncoding: 'ieee-p1363' }, sig);
    } else {
      valid = verifyEcdsaDerOrPlain(hash, data, key.value, sig);
    }
    return valid ? ok({ hash, scheme }) : err('signature.invalid', `${scheme} signature does not verify`);
  } catch (e) {
    return err('signature.invalid', `signature could not be verified: ${(e as Error).message}`);
  }
}

// Some issuers put r‖s under the DER-signature OIDs; accept either encoding of the same signature.
function verifyEcdsaDerOrPlain(hash: HashName, data: Buffer, key: KeyObject, sig: Buffer): boolean {
  try {
    if (verify(hash, data, { key, dsaEncoding: 'der' }, sig)) return true;
  } catch {
    // not DER: fall through to the plain form
  }
  if (sig.length % 2 !== 0) return false;
  try {
    return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
}

type PssParams = { hash: HashName; mgfHash: HashName; saltLength: number };
// A DSC, its CSCA and their CRLs use one parameter set: parse each distinct encoding once.
const pssCache = new Map<string, Result<PssParams, SignatureCode>>();
const PSS_CACHE_MAX = 64;

/**
 * RSASSA-PSS-params (RFC 4055), with the RFC defaults (SHA-1, MGF1-SHA-1, salt 20) for absent
 * fields. node:crypto's `verify` always uses the message hash for MGF1, so the caller switches
 * to `verifyRsaPssRaw` when the two differ.
 */
function parsePssParams(params: Uint8Array | undefined): Result<PssParams, SignatureCode> {
  const id = params ? Buffer.from(params).toString('hex') : '';
  let r = pssCache.get(id);
  if (!r) {
    r = decodePssParams(params);
    if (pssCache.size >= PSS_CACHE_MAX) pssCache.clear();
    pssCache.set(id, r);
  }
  return r;
}

function decodePssParams(params: Uint8Array | undefined): Result<PssParams, SignatureCode> {
  let hash: HashName = 'sha1';
  let mgfHash: HashName = 'sha1';
  let saltLength = 20;
  if (params && params.length > 0 && !(params.length === 2 && params[0] === 0x05)) {
    const der = ber.decode(params);
    const items = der.ok ? ber.seq(der.value) : undefined;
    if (!items) return err('signature.unsupported-algorithm', 'RSASSA-PSS parameters are malformed');
    for (const item of items) {
      const tagNumber = ber.context(item);
      const inner = item.children[0];
      if (tagNumber === undefined || !item.constructed || !inner)
        return err('signature.unsupported-algorithm', 'RSASSA-PSS parameters are malformed');
      if (tagNumber === 0) {
        const h = ber.algorithm(inner)?.oid;
        if (!h || !hashAlgorithms[h])
          return err('signature.unsupported-algorithm', `PSS hash ${h} not supported`);
        hash = hashAlgorithms[h];
      } else if (tagNumber === 1) {
        const mgfOid = ber.oid(ber.seq(inner)?.[0]);
        if (mgfOid !== '1.2.840.113549.1.1.8')
          return err('signature.unsupported-algorithm', `PSS mask generation ${mgfOid} not supported`);
        const mgfParam = ber.seq(inner)?.[1];
        const h = mgfParam ? ber.oid(ber.seq(mgfParam)?.[0]) : undefined;
        if (!h || !hashAlgorithms[h])
          return err('signature.unsupported-algorithm', `MGF1 hash ${h} not supported`);
        mgfHash = hashAlgorithms[h];
      } else if (tagNumber === 2) {
        const salt = ber.int(inner);
        if (salt === undefined) return err('signature.unsupported-algorithm', 'PSS salt length malformed');
        saltLength = salt;
        if (!(saltLength >= 0 && saltLength <= 512))
          return err('signature.unsupported-algorithm', 'PSS salt length out of range');
      } else if (tagNumber === 3) {
        if (ber.int(inner) !== 1) {
          return err('signature.unsupported-algorithm', 'PSS trailer field other than 1');
        }
      }
    }
  }
  return ok({ hash, mgfHash, saltLength });
}
