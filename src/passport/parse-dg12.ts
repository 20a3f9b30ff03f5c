import { err, ok, type Result } from '../shared/result.js';
import { readTlv } from './read-tlv.js';
import { readTlvChildren } from './read-tlv-children.js';

/** DG12 additional document details (ICAO 9303-10 §4.7.12); every field optional. */
export interface ParsedDg12 {
  readonly issuingAuthority?: string;
  /** YYYYMMDD */
  readonly dateOfIssue?: string;
  readonly endorsements?: string;
  readonly taxOrExitRequirements?: string;
  /** Present when the chip holds an image of the document's front/rear (size only). */
  readonly imageOfFrontBytes?: number;
  readonly imageOfRearBytes?: number;
  readonly personalizationTime?: string;
  readonly personalizationDeviceSerial?: string;
}

const TEXT: Readonly<Record<number, keyof ParsedDg12>> = {
  0x5f19: 'issuingAuthority',
  0x5f26: 'dateOfIssue',
  0x5f1b: 'endorsements',
  0x5f1c: 'taxOrExitRequirements',
  0x5f55: 'personalizationTime',
  0x5f56: 'personalizationDeviceSerial',
};

export function parseDg12(bytes: Uint8Array): Result<ParsedDg12, 'dg12.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x6c) return err('dg12.malformed', 'DG12 must be a 0x6C template');
  const children = readTlvChildren(outer.value.value);
  if (!children.ok) return err('dg12.malformed', `DG12: ${children.detail}`);
  const out: Record<string, unknown> = {};
  for (const t of children.value) {
    const field = TEXT[t.tag];
    if (field) {
      // Dates are ASCII digits on most chips but BCD on some; keep digits either way.
      out[field] =
        t.tag === 0x5f26 && t.value.length === 4
          ? Buffer.from(t.value).toString('hex')
          : Buffer.from(t.value).toString('utf8');
    } else if (t.tag === 0x5f1d) out.imageOfFrontBytes = t.value.length;
    else if (t.tag === 0x5f1e) out.imageOfRearBytes = t.value.length;
  }
  return ok(out as ParsedDg12);
}
