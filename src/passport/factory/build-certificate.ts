import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der } from './der.js';
import { OID } from './oid.js';
import type { SignatureProfile } from './signature-profile.js';
import { encodeName, type TestName } from './encode-name.js';

export interface CertificateSpec {
  readonly serial: bigint;
  readonly issuer: TestName;
  readonly subject: TestName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKey: KeyObject;
  readonly subjectKeyIdentifier: Uint8Array;
  /** Omitted for a self-signed root. */
  readonly authorityKeyIdentifier?: Uint8Array;
  /** `ca`: basicConstraints CA (pathLen 0) + keyCertSign/cRLSign; `signer`: digitalSignature only. */
  readonly role: 'ca' | 'signer';
  readonly signerKey: KeyObject;
  readonly profile: SignatureProfile;
  /** DS only: document codes for the Document Type List extension; default P and I. */
  readonly documentTypes?: readonly string[];
}

/**
 * Builds and signs an X.509 v3 certificate (RFC 5280) with the extensions ICAO 9303-12 §7.1
 * requires of CSCA and document signer certificates. The TBS is encoded once and signed with
 * node:crypto, so the signature covers exactly the bytes that end up in the certificate.
 *
 * @example
 *   const der = buildCertificate({ serial: 1n, issuer, subject: issuer, role: 'ca', ... });
 */
export function buildCertificate(spec: CertificateSpec): Uint8Array {
  const extensions: asn1js.AsnType[] = [];
  if (spec.role === 'ca') {
    extensions.push(extension(OID.basicConstraints, true, der.seq(der.bool(true), der.int(0))));
    // keyCertSign (bit 5) + cRLSign (bit 6): 0b0000_0110, one unused bit.
    extensions.push(extension(OID.keyUsage, true, der.bits(Uint8Array.of(0x06), 1)));
  } else {
    // digitalSignature (bit 0), seven unused bits.
    extensions.push(extension(OID.keyUsage, true, der.bits(Uint8Array.of(0x80), 7)));
  }
  extensions.push(extension(OID.subjectKeyIdentifier, false, der.octets(spec.subjectKeyIdentifier)));
  // 9303-12 §7.1.1 profiles the private key usage period for CSCA and DS keys; the factory uses
  // the certificate's own validity, so verifiers that compare it with signingTime see no surprise.
  const generalized = (tagNumber: number, d: Date): asn1js.AsnType =>
    new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber },
      valueHex: Buffer.from(
        d
          .toISOString()
          .replace(/[-:T]/g, '')
          .replace(/\.\d{3}/, ''),
        'ascii',
      ),
    });
  extensions.push(
    extension(
      OID.privateKeyUsagePeriod,
      false,
      der.seq(generalized(0, spec.notBefore), generalized(1, spec.notAfter)),
    ),
  );
  if (spec.role === 'signer') {
    // Document Type List (9303-12 §7.1.1.3): which document codes this signer may sign.
    const types = (spec.documentTypes ?? ['P', 'I']).map((t) => der.printable(t));
    extensions.push(extension(OID.documentTypeList, false, der.seq(der.int(0), der.setOf(...types))));
  }
  if (spec.authorityKeyIdentifier) {
    const keyId = new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: 0 },
      valueHex: spec.authorityKeyIdentifier,
    });
    extensions.push(extension(OID.authorityKeyIdentifier, false, der.seq(keyId)));
  }

  const signatureAlgorithm = spec.profile.algorithmIdentifier;
  const tbs = der.seq(
    der.explicit(0, der.int(2)),
    der.int(spec.serial),
    signatureAlgorithm(),
    encodeName(spec.issuer),
    der.seq(der.time(spec.notBefore), der.time(spec.notAfter)),
    encodeName(spec.subject),
    der.embed(new Uint8Array(spec.subjectPublicKey.export({ type: 'spki', format: 'der' }))),
    der.explicit(3, der.seq(...extensions)),
  );
  const tbsBytes = der.encode(tbs);
  const signature = spec.profile.sign(tbsBytes, spec.signerKey);
  return der.encode(der.seq(der.embed(tbsBytes), signatureAlgorithm(), der.bits(signature)));
}

function extension(oid: string, critical: boolean, value: asn1js.AsnType): asn1js.AsnType {
  return critical
    ? der.seq(der.oid(oid), der.bool(true), der.octets(der.encode(value)))
    : der.seq(der.oid(oid), der.octets(der.encode(value)));
}
