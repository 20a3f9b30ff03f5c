import type * as asn1js from 'asn1js';
import { der } from '../../passport/factory/der.js';

/**
 * An RFC 5280 Extension: `critical` is written only when true, because DER leaves out a
 * BOOLEAN equal to its DEFAULT (FALSE) and strict parsers reject an explicit FALSE.
 *
 * @example
 *   x509Extension('2.5.29.15', true, der.bits(Uint8Array.of(0x80), 7));
 */
export function x509Extension(oid: string, critical: boolean, value: asn1js.AsnType): asn1js.AsnType {
  return critical
    ? der.seq(der.oid(oid), der.bool(true), der.octets(der.encode(value)))
    : der.seq(der.oid(oid), der.octets(der.encode(value)));
}
