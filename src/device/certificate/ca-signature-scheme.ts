import crypto, { type KeyObject } from 'node:crypto';
import type * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';
import { err, ok, type Result } from '../../shared/result.js';
import { DEVICE_CERTIFICATE_OID as OID } from './device-certificate-oid.js';

/** How an issuing CA key signs: the AlgorithmIdentifier to write and the signing itself. */
export interface CaSignatureScheme {
  /** e.g. `ecdsa-with-SHA256`, for messages and docs. */
  readonly name: string;
  algorithmIdentifier(): asn1js.AsnType;
  sign(data: Uint8Array): Uint8Array;
}

/**
 * Picks the signature scheme from the CA's private key: ECDSA on P-256 (SHA-256) or P-384
 * (SHA-384), the hash matched to the curve as RFC 5480 §4 recommends; RSA of at least 2048 bits
 * with PKCS#1 v1.5 SHA-256, which every X.509 stack verifies. RSA-PSS keys and other curves are
 * refused rather than guessed at: a CA whose signatures some relying parties cannot check is
 * worse than a start-up error.
 *
 * @example
 *   const scheme = caSignatureScheme(privateKey);
 *   if (scheme.ok) scheme.value.sign(tbsBytes);
 */
export function caSignatureScheme(
  privateKey: KeyObject,
): Result<CaSignatureScheme, 'device-ca.unsupported-key'> {
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.type !== 'private') {
    return err('device-ca.unsupported-key', 'the issuing CA key must be a private key');
  }
  if (privateKey.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve;
    const hash = curve === 'prime256v1' ? 'sha256' : curve === 'secp384r1' ? 'sha384' : undefined;
    if (!hash) {
      return err('device-ca.unsupported-key', `EC issuing CA keys must be P-256 or P-384, not ${curve}`);
    }
    const oid = hash === 'sha256' ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384;
    return ok({
      name: `ecdsa-with-${hash.toUpperCase()}`,
      // RFC 5758 §3.2: the parameters field is absent for ECDSA.
      algorithmIdentifier: () => der.seq(der.oid(oid)),
      sign: (data) => new Uint8Array(crypto.sign(hash, data, { key: privateKey, dsaEncoding: 'der' })),
    });
  }
  if (privateKey.asymmetricKeyType === 'rsa') {
    const bits = details?.modulusLength ?? 0;
    if (bits < 2048) {
      return err(
        'device-ca.unsupported-key',
        `RSA issuing CA keys must have at least 2048 bits, not ${bits}`,
      );
    }
    return ok({
      name: 'sha256WithRSAEncryption',
      // RFC 4055 §5: NULL parameters for the PKCS#1 v1.5 algorithms.
      algorithmIdentifier: () => der.seq(der.oid(OID.sha256WithRsaEncryption), der.null()),
      sign: (data) =>
        new Uint8Array(
          crypto.sign('sha256', data, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }),
        ),
    });
  }
  return err(
    'device-ca.unsupported-key',
    `issuing CA keys must be EC (P-256, P-384) or RSA, not ${privateKey.asymmetricKeyType}`,
  );
}
