import { err, type Result } from '../shared/result.js';
import type { MrzData } from './passport-report.js';
import { parseMrz } from './parse-mrz.js';
import { readTlv } from './read-tlv.js';
import { readTlvChildren } from './read-tlv-children.js';

/** DG1: template 0x61 holding the MRZ in data element 0x5F1F. */
export function parseDg1(bytes: Uint8Array): Result<MrzData, 'dg1.malformed' | 'mrz.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x61) return err('dg1.malformed', 'DG1 must be a 0x61 template');
  const children = readTlvChildren(outer.value.value);
  if (!children.ok) return err('dg1.malformed', `DG1: ${children.detail}`);
  const mrz = children.value.find((t) => t.tag === 0x5f1f);
  if (!mrz) return err('dg1.malformed', 'DG1 has no MRZ data element 0x5F1F');
  return parseMrz(Buffer.from(mrz.value).toString('latin1'));
}
