import crypto, { type KeyObject } from 'node:crypto';
import { der } from './der.js';
import { encodeName, type TestName } from './encode-name.js';
import { encodeTlv } from './encode-tlv.js';
import { OID } from './oid.js';
import type { SignatureProfile } from './signature-profile.js';

export interface SodSpec {
  /** Data group number → the hash value to list (normally SHA-256 over the DG file as read). */
  readonly dataGroupHashes: ReadonlyMap<number, Uint8Array>;
  readonly signer: {
    readonly certDer: Uint8Array;
    readonly issuer: TestName;
    readonly serial: bigint;
    readonly privateKey: KeyObject;
  };
  readonly profile: SignatureProfile;
  /** Omitted = no signingTime attribute (it is optional in ICAO 9303-10 §4.6.2.2). */
  readonly signingTime?: Date;
  /** LDSSecurityObject V1 with LDSVersionInfo (LDS 1.8), e.g. `{ lds: '0108', unicode: '040000' }`; default V0. */
  readonly ldsVersionInfo?: { readonly lds: string; readonly unicode: string };
}

/**
 * EF.SOD (ICAO 9303-10 §4.6.2): tag 0x77 around a CMS ContentInfo / SignedData (RFC 5652) whose
 * encapsulated content is the LDSSecurityObject (v0, or v1 with LDSVersionInfo) with SHA-256 data group hashes. The signer is
 * identified by issuer and serial number, the DSC travels in `certificates`, and the signature
 * covers the DER SET OF signed attributes (contentType, messageDigest, signingTime).
 *
 * @example
 *   const sod = buildSod({ dataGroupHashes: new Map([[1, sha256(dg1)]]), signer: pki.dsc, profile: pki.profile });
 */
export function buildSod(spec: SodSpec): Uint8Array {
  const sha256Id = (): ReturnType<typeof der.oid> => der.seq(der.oid(OID.sha256));
  const hashes = [...spec.dataGroupHashes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, h]) => der.seq(der.int(n), der.octets(h)));
  const info = spec.ldsVersionInfo;
  const ldsSecurityObject = der.encode(
    info
      ? der.seq(
          der.int(1),
          sha256Id(),
          der.seq(...hashes),
          der.seq(der.printable(info.lds), der.printable(info.unicode)),
        )
      : der.seq(der.int(0), sha256Id(), der.seq(...hashes)),
  );

  const attributes = [
    der.seq(der.oid(OID.contentType), der.setOf(der.oid(OID.ldsSecurityObject))),
    der.seq(der.oid(OID.messageDigest), der.setOf(der.octets(sha256(ldsSecurityObject)))),
  ];
  if (spec.signingTime)
    attributes.push(der.seq(der.oid(OID.signingTime), der.setOf(der.utcTime(spec.signingTime))));
  // The signature is over the attributes encoded as a universal SET OF (RFC 5652 §5.4), while
  // SignerInfo carries the same content under [0] IMPLICIT.
  const signedAttributesDer = der.encode(der.setOf(...attributes));
  const signature = spec.profile.sign(signedAttributesDer, spec.signer.privateKey);
  const signedAttributesImplicit = new Uint8Array(signedAttributesDer);
  signedAttributesImplicit[0] = 0xa0;

  const signerInfo = der.seq(
    der.int(1),
    der.seq(encodeName(spec.signer.issuer), der.int(spec.signer.serial)),
    sha256Id(),
    der.embed(signedAttributesImplicit),
    spec.profile.algorithmIdentifier(),
    der.octets(signature),
  );
  const signedData = der.seq(
    der.int(3),
    der.setOf(sha256Id()),
    der.seq(der.oid(OID.ldsSecurityObject), der.explicit(0, der.octets(ldsSecurityObject))),
    der.implicitSetOf(0, der.embed(spec.signer.certDer)),
    der.setOf(signerInfo),
  );
  const contentInfo = der.seq(der.oid(OID.signedData), der.explicit(0, signedData));
  return encodeTlv(0x77, der.encode(contentInfo));
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(crypto.createHash('sha256').update(data).digest());
}
