import { err, ok, type Result } from '../shared/result.js';
import { readTlv } from './read-tlv.js';
import { readTlvChildren } from './read-tlv-children.js';

/** DG11 additional personal details (ICAO 9303-10 §4.7.11); every field optional. */
export interface ParsedDg11 {
  readonly fullName?: string;
  readonly otherNames?: readonly string[];
  readonly personalNumber?: string;
  /** YYYYMMDD */
  readonly fullDateOfBirth?: string;
  readonly placeOfBirth?: string;
  readonly address?: string;
  readonly telephone?: string;
  readonly profession?: string;
  readonly title?: string;
  readonly personalSummary?: string;
  readonly otherTravelDocumentNumbers?: string;
  readonly custodyInformation?: string;
}

const FIELDS: Readonly<Record<number, keyof ParsedDg11>> = {
  0x5f0e: 'fullName',
  0x5f10: 'personalNumber',
  0x5f2b: 'fullDateOfBirth',
  0x5f11: 'placeOfBirth',
  0x5f42: 'address',
  0x5f12: 'telephone',
  0x5f13: 'profession',
  0x5f14: 'title',
  0x5f15: 'personalSummary',
  0x5f17: 'otherTravelDocumentNumbers',
  0x5f18: 'custodyInformation',
};

export function parseDg11(bytes: Uint8Array): Result<ParsedDg11, 'dg11.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x6b) return err('dg11.malformed', 'DG11 must be a 0x6B template');
  const children = readTlvChildren(outer.value.value);
  if (!children.ok) return err('dg11.malformed', `DG11: ${children.detail}`);
  const out: Record<string, unknown> = {};
  for (const t of children.value) {
    const field = FIELDS[t.tag];
    // Names and addresses are UTF-8 per LDS 1.7; '<' separates name parts and address lines.
    if (field) out[field] = Buffer.from(t.value).toString('utf8');
    else if (t.tag === 0xa0) {
      const others = readTlvChildren(t.value);
      if (!others.ok) return err('dg11.malformed', 'DG11 other names are malformed');
      out.otherNames = others.value
        .filter((o) => o.tag === 0x5f0f)
        .map((o) => Buffer.from(o.value).toString('utf8'));
    } else if (t.tag === 0x5f0f) {
      out.otherNames = [
        ...((out.otherNames as string[] | undefined) ?? []),
        Buffer.from(t.value).toString('utf8'),
      ];
    }
  }
  return ok(out as ParsedDg11);
}
