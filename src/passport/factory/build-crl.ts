import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der } from './der.js';
import { encodeName, type TestName } from './encode-name.js';
import { OID } from './oid.js';
import type { SignatureProfile } from './signature-profile.js';

export interface CrlSpec {
  readonly issuer: TestName;
  readonly issuerKeyIdentifier: Uint8Array;
  readonly signerKey: KeyObject;
  readonly profile: SignatureProfile;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly crlNumber: bigint;
  readonly revoked: readonly { readonly serial: bigint; readonly date: Date }[];
}

/**
 * A v2 CRL (RFC 5280 §5) as CSCAs publish them (ICAO 9303-12 §7.1.4): authority key identifier
 * and CRL number, no entry extensions. An empty revocation list leaves out
 * `revokedCertificates` entirely, as RFC 5280 requires.
 *
 * @example
 *   const crl = buildCrl({ issuer, revoked: [{ serial: dsc.serial, date: now }], ... });
 */
export function buildCrl(spec: CrlSpec): Uint8Array {
  const keyId = new asn1js.Primitive({
    idBlock: { tagClass: 3, tagNumber: 0 },
    valueHex: spec.issuerKeyIdentifier,
  });
  const extensions = der.seq(
    der.seq(der.oid(OID.authorityKeyIdentifier), der.octets(der.encode(der.seq(keyId)))),
    der.seq(der.oid(OID.crlNumber), der.octets(der.encode(der.int(spec.crlNumber)))),
  );
  const fields: asn1js.AsnType[] = [
    der.int(1),
    spec.profile.algorithmIdentifier(),
    encodeName(spec.issuer),
    der.time(spec.thisUpdate),
    der.time(spec.nextUpdate),
  ];
  if (spec.revoked.length > 0) {
    fields.push(der.seq(...spec.revoked.map((r) => der.seq(der.int(r.serial), der.time(r.date)))));
  }
  fields.push(der.explicit(0, extensions));
  const tbsBytes = der.encode(der.seq(...fields));
  const signature = spec.profile.sign(tbsBytes, spec.signerKey);
  return der.encode(der.seq(der.embed(tbsBytes), spec.profile.algorithmIdentifier(), der.bits(signature)));
}
