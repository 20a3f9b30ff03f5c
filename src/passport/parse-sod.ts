import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { parseCertificate } from './parse-certificate.js';
import { parseSignedData, type CmsSigner } from './parse-signed-data.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { readTlv } from './read-tlv.js';

export type SodCode = 'sod.malformed' | 'sod.unsupported-content-type';

/** eContentTypes of an LDSSecurityObject: ICAO, the pre-2006 ICAO arc and the Dutch early-issue arc. */
export const LDS_SECURITY_OBJECT_TYPES: readonly string[] = [
  '2.23.136.1.1.1',
  '1.3.27.1.1.1',
  '1.2.528.1.1006.1.20.1',
];
export const ID_DATA = '1.2.840.113549.1.7.1';

export interface ParsedSod {
  readonly contentType: string;
  /** The exact eContent octets (what messageDigest covers). */
  readonly eContent: Uint8Array;
  readonly version: number;
  readonly hashOid: string;
  /** Data group number → hash value as listed. */
  readonly hashes: ReadonlyMap<number, Uint8Array>;
  readonly ldsVersion?: string;
  readonly unicodeVersion?: string;
  readonly certificates: readonly ParsedCertificate[];
  readonly signer: CmsSigner;
}

/**
 * EF.SOD: tag 0x77 around a CMS ContentInfo/SignedData whose eContent is an LDSSecurityObject.
 * Content type policy (id-data only in lenient mode) is the verifier's decision; here id-data is
 * parsed so the verifier can report what it found.
 */
export function parseSod(bytes: Uint8Array): Result<ParsedSod, SodCode> {
  const outer = readTlv(bytes);
  if (!outer.ok) return err('sod.malformed', `EF.SOD: ${outer.detail}`);
  if (outer.value.tag !== 0x77)
    return err('sod.malformed', `EF.SOD must start with tag 0x77, found 0x${outer.value.tag.toString(16)}`);
  const sd = parseSignedData(outer.value.value);
  if (!sd.ok) return err('sod.malformed', `EF.SOD CMS: ${sd.detail}`);
  const { contentType, eContent } = sd.value;
  if (!LDS_SECURITY_OBJECT_TYPES.includes(contentType) && contentType !== ID_DATA) {
    return err('sod.unsupported-content-type', `eContentType ${contentType} is not an LDS security object`);
  }
  const lds = parseLdsSecurityObject(eContent);
  if (!lds.ok) return lds;
  const certificates: ParsedCertificate[] = [];
  for (const der of sd.value.certificates) {
    const pc = parseCertificate(der);
    if (!pc.ok) return err('sod.malformed', `embedded certificate: ${pc.detail}`);
    certificates.push(pc.value);
  }
  const [signer, ...more] = sd.value.signers;
  if (!signer || more.length > 0) return err('sod.malformed', 'EF.SOD must have exactly one SignerInfo');
  return ok({ contentType, eContent, ...lds.value, certificates, signer });
}

function parseLdsSecurityObject(
  eContent: Uint8Array,
): Result<Omit<ParsedSod, 'contentType' | 'eContent' | 'certificates' | 'signer'>, SodCode> {
  const der = ber.decode(eContent);
  if (!der.ok) return err('sod.malformed', `LDSSecurityObject: ${der.detail}`);
  const items = ber.seq(der.value);
  const version = ber.int(items?.[0]);
  const hashAlg = ber.algorithm(items?.[1]);
  const list = ber.seq(items?.[2]);
  if (!items || version === undefined || !hashAlg || !list)
    return err('sod.malformed', 'LDSSecurityObject is malformed');
  if (version !== 0 && version !== 1)
    return err('sod.malformed', `LDSSecurityObject version ${version} unknown`);
  const hashes = new Map<number, Uint8Array>();
  for (const entry of list) {
    const e = ber.seq(entry);
    const n = ber.int(e?.[0]);
    const h = ber.octets(e?.[1]);
    if (n === undefined || !h || n < 1 || n > 16)
      return err('sod.malformed', 'DataGroupHash entry is malformed');
    if (hashes.has(n)) return err('sod.malformed', `DG${n} listed twice`);
    hashes.set(n, h);
  }
  let ldsVersion: string | undefined;
  let unicodeVersion: string | undefined;
  if (version === 1) {
    const info = ber.seq(items[3]);
    ldsVersion = ber.string(info?.[0]);
    unicodeVersion = ber.string(info?.[1]);
    if (!ldsVersion || !unicodeVersion)
      return err('sod.malformed', 'LDSSecurityObject v1 without LDSVersionInfo');
  }
  return ok({
    version,
    hashOid: hashAlg.oid,
    hashes,
    ...(ldsVersion ? { ldsVersion } : {}),
    ...(unicodeVersion ? { unicodeVersion } : {}),
  });
}
