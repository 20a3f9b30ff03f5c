import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { der } from './der.js';
import { encodeTlv } from './encode-tlv.js';
import { OID } from './oid.js';

export interface Dg14Options {
  /**
   * With an EC Active Authentication key, the chip names the plain-ECDSA hash in an
   * ActiveAuthenticationInfo (ICAO 9303-11 §6.1); RSA AA needs no SecurityInfo.
   */
  readonly activeAuthenticationSignatureAlgorithm?: string;
  /** A chip authentication key makes DG14 look like a real EAC chip's (ChipAuthenticationInfo + key). */
  readonly chipAuthenticationPublicKey?: KeyObject;
}

/**
 * DG14 (tag 0x6E): SecurityInfos, a DER SET OF SecurityInfo (BSI TR-03110-3 A.1.1 / ICAO 9303-11
 * §9.2). The factory writes ChipAuthenticationInfo and ChipAuthenticationPublicKeyInfo when a
 * chip authentication key is given, and ActiveAuthenticationInfo for EC AA keys.
 *
 * @example
 *   buildDg14({ activeAuthenticationSignatureAlgorithm: OID.ecdsaPlainSha256 });
 */
export function buildDg14(options: Dg14Options): Uint8Array {
  const infos: asn1js.AsnType[] = [];
  if (options.chipAuthenticationPublicKey) {
    infos.push(der.seq(der.oid(OID.chipAuthenticationEcdhAes128), der.int(1)));
    const spki = new Uint8Array(options.chipAuthenticationPublicKey.export({ type: 'spki', format: 'der' }));
    infos.push(der.seq(der.oid(OID.chipAuthenticationPublicKeyEcdh), der.embed(spki)));
  }
  if (options.activeAuthenticationSignatureAlgorithm) {
    infos.push(
      der.seq(
        der.oid(OID.activeAuthentication),
        der.int(1),
        der.oid(options.activeAuthenticationSignatureAlgorithm),
      ),
    );
  }
  return encodeTlv(0x6e, der.encode(der.setOf(...infos)));
}
