import { dataGroupNumberOfTag } from './data-group-number-of-tag.js';

/** The template tag a data group file must start with (DG1 0x61, DG2 0x75 … DG16 0x70). */
export function dataGroupTag(n: number): number | undefined {
  for (let tag = 0x60; tag <= 0x76; tag++) if (dataGroupNumberOfTag(tag) === n) return tag;
  return undefined;
}
