import type * as asn1js from 'asn1js';
import { der } from './der.js';
import { OID } from './oid.js';

/** A distinguished name written in the order C, O, (serialNumber), CN, as CSCAs usually are. */
export interface TestName {
  readonly country: string;
  readonly organization: string;
  readonly commonName: string;
  readonly serialNumber?: string;
}

/**
 * Encodes a `TestName` as an X.501 Name. The country is a PrintableString (X.520 requires it),
 * the other attributes UTF8String as RFC 5280 recommends. The same function encodes the DSC's
 * issuer, the SignerInfo's issuer and the CRL issuer, so they are byte-identical.
 *
 * @example
 *   encodeName({ country: 'NO', organization: 'TEST eMRTD factory (not for production)', commonName: 'TEST CSCA NO' });
 */
export function encodeName(name: TestName): asn1js.AsnType {
  const rdn = (oid: string, value: asn1js.AsnType): asn1js.AsnType => der.setOf(der.seq(der.oid(oid), value));
  const rdns = [
    rdn(OID.countryName, der.printable(name.country)),
    rdn(OID.organizationName, der.utf8(name.organization)),
  ];
  if (name.serialNumber) rdns.push(rdn(OID.serialNumber, der.printable(name.serialNumber)));
  rdns.push(rdn(OID.commonName, der.utf8(name.commonName)));
  return der.seq(...rdns);
}
