import type * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';

/** One attribute of a distinguished name: type OID and its already typed value. */
export type NameAttribute = readonly [oid: string, value: asn1js.AsnType];

/**
 * An X.501 Name with one attribute per RDN, in the order given (the order is part of the
 * name: chain building compares names RDN by RDN).
 *
 * @example
 *   encodeDistinguishedName([['2.5.4.6', der.printable('NO')], ['2.5.4.3', der.utf8('Kari Nordmann')]]);
 */
export function encodeDistinguishedName(attributes: readonly NameAttribute[]): asn1js.AsnType {
  return der.seq(...attributes.map(([oid, value]) => der.setOf(der.seq(der.oid(oid), value))));
}
