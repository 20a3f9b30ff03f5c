import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { readTlv } from './read-tlv.js';

export interface SecurityInfo {
  readonly protocol: string;
  readonly name: string;
}

export interface ParsedDg14 {
  readonly securityInfos: readonly SecurityInfo[];
  /** ActiveAuthenticationInfo (2.23.136.1.1.5): signature algorithm OID used for ECDSA AA. */
  readonly activeAuthentication?: { readonly version: number; readonly signatureAlgorithm: string };
}

const AA_INFO = '2.23.136.1.1.5';

function nameOf(oid: string): string {
  if (oid === AA_INFO) return 'ActiveAuthenticationInfo';
  if (oid.startsWith('0.4.0.127.0.7.2.2.1.')) return 'ChipAuthenticationPublicKeyInfo';
  if (oid.startsWith('0.4.0.127.0.7.2.2.3.')) return 'ChipAuthenticationInfo';
  if (oid.startsWith('0.4.0.127.0.7.2.2.4.')) return 'PACEInfo';
  if (oid.startsWith('0.4.0.127.0.7.2.2.2')) return 'TerminalAuthenticationInfo';
  if (oid.startsWith('0.4.0.127.0.7.2.2.6')) return 'CardInfoLocator';
  return 'SecurityInfo';
}

/** DG14 (0x6E): SET OF SecurityInfo (ICAO 9303-11 §9.2). Unknown protocols are listed, not rejected. */
export function parseDg14(bytes: Uint8Array): Result<ParsedDg14, 'dg14.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x6e) return err('dg14.malformed', 'DG14 must be a 0x6E template');
  const der = ber.decode(outer.value.value, { allowTrailing: true });
  if (!der.ok) return err('dg14.malformed', `DG14: ${der.detail}`);
  const set = ber.set(der.value);
  if (!set) return err('dg14.malformed', 'DG14 content is not a SET OF SecurityInfo');
  const securityInfos: SecurityInfo[] = [];
  let activeAuthentication: ParsedDg14['activeAuthentication'];
  for (const node of set) {
    const items = ber.seq(node);
    const protocol = ber.oid(items?.[0]);
    if (!items || !protocol) return err('dg14.malformed', 'SecurityInfo is malformed');
    securityInfos.push({ protocol, name: nameOf(protocol) });
    if (protocol === AA_INFO) {
      const version = ber.int(items[1]);
      const alg = ber.oid(items[2]);
      if (version === undefined || !alg)
        return err('dg14.malformed', 'ActiveAuthenticationInfo is malformed');
      activeAuthentication = { version, signatureAlgorithm: alg };
    }
  }
  return ok({ securityInfos, ...(activeAuthentication ? { activeAuthentication } : {}) });
}
