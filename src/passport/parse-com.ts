import { err, ok, type Result } from '../shared/result.js';
import { dataGroupNumberOfTag } from './data-group-number-of-tag.js';
import { readTlv } from './read-tlv.js';
import { readTlvChildren } from './read-tlv-children.js';

export interface ParsedCom {
  /** "0107" style, as stored in 0x5F01. */
  readonly ldsVersion?: string;
  readonly unicodeVersion?: string;
  /** Data groups named in the tag list 0x5C (unknown tags are skipped). */
  readonly dataGroups: readonly number[];
}

/** EF.COM (0x60). It is not signed, so the verifier uses it for reporting only, never for trust. */
export function parseCom(bytes: Uint8Array): Result<ParsedCom, 'com.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x60) return err('com.malformed', 'EF.COM must be a 0x60 template');
  const children = readTlvChildren(outer.value.value);
  if (!children.ok) return err('com.malformed', `EF.COM: ${children.detail}`);
  const text = (tag: number) => {
    const t = children.value.find((c) => c.tag === tag);
    return t ? Buffer.from(t.value).toString('latin1') : undefined;
  };
  const list = children.value.find((c) => c.tag === 0x5c);
  if (!list) return err('com.malformed', 'EF.COM has no tag list 0x5C');
  const dataGroups: number[] = [];
  for (const b of list.value) {
    const n = dataGroupNumberOfTag(b);
    if (n !== undefined) dataGroups.push(n);
  }
  const ldsVersion = text(0x5f01);
  const unicodeVersion = text(0x5f36);
  return ok({
    ...(ldsVersion ? { ldsVersion } : {}),
    ...(unicodeVersion ? { unicodeVersion } : {}),
    dataGroups,
  });
}
