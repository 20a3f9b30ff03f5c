import { err, ok, type Result } from '../shared/result.js';
import type { FaceImageInfo } from './passport-report.js';
import { readTlv, type Tlv } from './read-tlv.js';
import { readTlvChildren } from './read-tlv-children.js';

export interface FaceImage extends FaceImageInfo {
  /** The image bytes (a view into the received DG2). */
  readonly image: Uint8Array;
}

/**
 * DG2: 0x75 → biometric information group template 0x7F61 → one or more 0x7F60 templates,
 * each with a header 0xA1 and a biometric data block 0x5F2E (or enciphered 0x7F2E) that holds an
 * ISO/IEC 19794-5 facial record 'FAC\0'. Only the image container is read: format and size.
 */
export function parseDg2(bytes: Uint8Array): Result<FaceImage[], 'dg2.malformed'> {
  const outer = readTlv(bytes);
  if (!outer.ok || outer.value.tag !== 0x75) return err('dg2.malformed', 'DG2 must be a 0x75 template');
  const group = firstChild(outer.value, 0x7f61);
  if (!group) return err('dg2.malformed', 'DG2 has no biometric information group template 0x7F61');
  const items = readTlvChildren(group.value);
  if (!items.ok) return err('dg2.malformed', `DG2: ${items.detail}`);
  const faces: FaceImage[] = [];
  for (const bit of items.value.filter((t) => t.tag === 0x7f60)) {
    const children = readTlvChildren(bit.value);
    if (!children.ok) return err('dg2.malformed', `DG2 biometric template: ${children.detail}`);
    const bdb = children.value.find((t) => t.tag === 0x5f2e || t.tag === 0x7f2e);
    if (!bdb) return err('dg2.malformed', 'DG2 biometric template without data block 0x5F2E');
    const parsed = parseFacialRecord(bdb.value);
    if (!parsed.ok) return parsed;
    faces.push(...parsed.value);
  }
  if (faces.length === 0) return err('dg2.malformed', 'DG2 holds no face image');
  return ok(faces);
}

function firstChild(t: Tlv, tag: number): Tlv | undefined {
  const c = readTlvChildren(t.value);
  return c.ok ? c.value.find((x) => x.tag === tag) : undefined;
}

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number) =>
  b[o]! * 0x1000000 + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;

// ISO/IEC 19794-5:2005 record: 14-byte general header, then per face a 20-byte facial information
// block, 8 bytes per feature point, a 12-byte image information block and the image data.
function parseFacialRecord(b: Uint8Array): Result<FaceImage[], 'dg2.malformed'> {
  if (b.length < 14 || b[0] !== 0x46 || b[1] !== 0x41 || b[2] !== 0x43 || b[3] !== 0x00) {
    return err('dg2.malformed', "biometric data block is not an ISO 19794-5 'FAC' record");
  }
  const count = u16(b, 12);
  const faces: FaceImage[] = [];
  let p = 14;
  for (let i = 0; i < count; i++) {
    if (p + 32 > b.length) return err('dg2.malformed', 'facial record truncated');
    const blockLength = u32(b, p);
    const featurePoints = u16(b, p + 4);
    const imageInfo = p + 20 + featurePoints * 8;
    const imageStart = imageInfo + 12;
    const end = p + blockLength;
    if (blockLength < 32 || end > b.length || imageStart > end)
      return err('dg2.malformed', 'facial record length inconsistent');
    const dataType = b[imageInfo + 1]!;
    const image = b.subarray(imageStart, end);
    faces.push({
      format: detectFormat(image, dataType),
      byteLength: image.length,
      width: u16(b, imageInfo + 2),
      height: u16(b, imageInfo + 4),
      image,
    });
    p = end;
  }
  return ok(faces);
}

// The magic number decides (chips mislabel the data type byte); the byte is the fallback.
function detectFormat(image: Uint8Array, dataType: number): FaceImageInfo['format'] {
  if (image[0] === 0xff && image[1] === 0xd8) return 'jpeg';
  if (image[0] === 0xff && image[1] === 0x4f && image[2] === 0xff && image[3] === 0x51) return 'jpeg2000';
  if (image.length >= 12 && u32(image, 0) === 12 && u32(image, 4) === 0x6a502020) return 'jpeg2000';
  return dataType === 0 ? 'jpeg' : dataType === 1 ? 'jpeg2000' : 'unknown';
}
