import { err, ok, type Result } from '../shared/result.js';
import { readTlv } from './read-tlv.js';
import type { KeyObject } from 'node:crypto';
import { importSpki } from './import-spki.js';

export interface ParsedDg15 {
  /** SubjectPublicKeyInfo DER as stored. */
  readonly spki: Uint8Array;
  /** The same key imported, so Active Authentication does not import it again. */
  readonly key: KeyObject;
  readonly type: 'rsa' | 'ec';
  /** RSA modulus bits, or the EC group order bits. */
  readonly bits: number;
  readonly curve?: string;
}

const CURVE_BITS: Readonly<Record<string, number>> = {
  prime192v1: 192,
  secp224r1: 224,
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP192r1: 192,
  brainpoolP224r1: 224,
  brainpoolP256r1: 256,
  brainpoolP320r1: 320,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

/** DG15 (0x6F): the Active Authentication public key as SubjectPublicKeyInfo. */
export function parseDg15(bytes: Uint8Array): Result<ParsedDg15, 'dg15.malformed' | 'dg15.unsupported-key'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x6f) return err('dg15.malformed', 'DG15 must be a 0x6F template');
  const spki = outer.value.value;
  const key = importSpki(spki);
  if (!key.ok) return err('dg15.malformed', key.detail);
  const d = key.value.asymmetricKeyDetails ?? {};
  if (key.value.asymmetricKeyType === 'rsa') {
    return ok({ spki, key: key.value, type: 'rsa', bits: d.modulusLength ?? 0 });
  }
  if (key.value.asymmetricKeyType === 'ec' && d.namedCurve && CURVE_BITS[d.namedCurve]) {
    return ok({ spki, key: key.value, type: 'ec', bits: CURVE_BITS[d.namedCurve]!, curve: d.namedCurve });
  }
  return err(
    'dg15.unsupported-key',
    `AA key type ${key.value.asymmetricKeyType} ${d.namedCurve ?? ''} not supported`,
  );
}
