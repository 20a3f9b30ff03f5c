import crypto, { type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der } from './der.js';
import { OID } from './oid.js';

/** The three signature schemes issuing states use for CSCA, DSC and EF.SOD signatures. */
export type SignatureVariant = 'rsa' | 'pss' | 'brainpool';

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * One variant's key generation, AlgorithmIdentifier and signing, all on node:crypto:
 * - `rsa`: 2048-bit RSA, sha256WithRSAEncryption (PKCS#1 v1.5).
 * - `pss`: 2048-bit RSA key (rsaEncryption SPKI), RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32,
 *   parameters written out explicitly as most issuers do (RFC 4055 §3.1).
 * - `brainpool`: brainpoolP256r1, ecdsa-with-SHA256 with DER (r, s) signatures.
 *
 * @example
 *   const p = signatureProfile('pss');
 *   const { privateKey } = p.generateKeyPair();
 *   const sig = p.sign(tbs, privateKey);
 */
export interface SignatureProfile {
  readonly variant: SignatureVariant;
  generateKeyPair(): KeyPair;
  algorithmIdentifier(): asn1js.AsnType;
  sign(data: Uint8Array, privateKey: KeyObject): Uint8Array;
}

export function signatureProfile(variant: SignatureVariant): SignatureProfile {
  switch (variant) {
    case 'rsa':
      return {
        variant,
        generateKeyPair: () =>
          crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 }),
        algorithmIdentifier: () => der.seq(der.oid(OID.sha256WithRSAEncryption), der.null()),
        sign: (data, privateKey) =>
          new Uint8Array(
            crypto.sign('sha256', data, { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING }),
          ),
      };
    case 'pss':
      return {
        variant,
        generateKeyPair: () =>
          crypto.generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 }),
        algorithmIdentifier: () => {
          const sha256 = der.seq(der.oid(OID.sha256), der.null());
          return der.seq(
            der.oid(OID.rsassaPss),
            der.seq(
              der.explicit(0, sha256),
              der.explicit(1, der.seq(der.oid(OID.mgf1), der.seq(der.oid(OID.sha256), der.null()))),
              der.explicit(2, der.int(32)),
            ),
          );
        },
        sign: (data, privateKey) =>
          new Uint8Array(
            crypto.sign('sha256', data, {
              key: privateKey,
              padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
              saltLength: 32,
            }),
          ),
      };
    case 'brainpool':
      return {
        variant,
        generateKeyPair: () => crypto.generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }),
        algorithmIdentifier: () => der.seq(der.oid(OID.ecdsaWithSha256)),
        sign: (data, privateKey) =>
          new Uint8Array(crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'der' })),
      };
  }
}
