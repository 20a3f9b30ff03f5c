import { err, ok, type Result } from '../shared/result.js';
import { ber } from './ber.js';
import { parseCertificate } from './parse-certificate.js';
import type { ParsedCertificate } from './parsed-certificate.js';
import { parseSignedData, type ParsedSignedData } from './parse-signed-data.js';

export const CSCA_MASTER_LIST = '2.23.136.1.1.2';
// A master list holds hundreds of certificates (the Dutch one ~400, 600 KB): the default
// node limit is for single objects, so it is raised here and only here.
const MASTER_LIST_MAX_NODES = 2_000_000;
export const MASTER_LIST_MAX_BYTES = 16 * 1024 * 1024;

export interface ParsedMasterList {
  readonly version: number;
  readonly certificates: readonly ParsedCertificate[];
  /** Entries of certList that did not parse as certificates (reported, not fatal). */
  readonly unparsable: number;
  readonly signedData: ParsedSignedData;
  /** Certificates carried in SignedData.certificates (the master list signer and its chain). */
  readonly signerCertificates: readonly ParsedCertificate[];
}

/** ICAO 9303-12 §9: CMS SignedData with content type id-icao-cscaMasterList, content CscaMasterList. */
export function parseMasterList(
  bytes: Uint8Array,
): Result<ParsedMasterList, 'master-list.malformed' | 'master-list.wrong-content-type'> {
  if (bytes.length > MASTER_LIST_MAX_BYTES)
    return err('master-list.malformed', 'master list larger than 16 MiB');
  const sd = parseSignedData(bytes, MASTER_LIST_MAX_NODES);
  if (!sd.ok) return err('master-list.malformed', sd.detail);
  if (sd.value.contentType !== CSCA_MASTER_LIST) {
    return err(
      'master-list.wrong-content-type',
      `content type ${sd.value.contentType} is not ${CSCA_MASTER_LIST}`,
    );
  }
  const content = ber.decode(sd.value.eContent, { maxNodes: MASTER_LIST_MAX_NODES });
  if (!content.ok) return err('master-list.malformed', `CscaMasterList: ${content.detail}`);
  const items = ber.seq(content.value);
  const version = ber.int(items?.[0]);
  const certList = ber.set(items?.[1]);
  if (version === undefined || !certList) return err('master-list.malformed', 'CscaMasterList is malformed');
  const certificates: ParsedCertificate[] = [];
  let unparsable = 0;
  for (const node of certList) {
    const c = parseCertificate(ber.raw(node));
    if (c.ok) certificates.push(c.value);
    else unparsable++;
  }
  const signerCertificates: ParsedCertificate[] = [];
  for (const der of sd.value.certificates) {
    const c = parseCertificate(der);
    if (c.ok) signerCertificates.push(c.value);
  }
  return ok({ version, certificates, unparsable, signedData: sd.value, signerCertificates });
}
