import { encodeGreyJpeg } from './encode-grey-jpeg.js';
import { encodeTlv } from './encode-tlv.js';

export interface Dg2Options {
  /** Wanted total size of the DG2 file in bytes; the JPEG is padded with a comment segment. */
  readonly targetBytes?: number;
  readonly width?: number;
  readonly height?: number;
}

const FACE_WIDTH = 60;
const FACE_HEIGHT = 80;

/**
 * DG2 (tag 0x75): one Biometric Information Template (ISO/IEC 7816-11 / ICAO 9303-10 §4.7.2)
 * whose biometric data block (0x5F2E) is an ISO/IEC 19794-5:2005 facial record holding a
 * generated greyscale JPEG "face" (a lit oval on a gradient). Real DG2s are 15–25 KB, so
 * `targetBytes` pads the JPEG (COM segment) until the file has exactly that size, which keeps
 * hashing costs realistic in the benchmark.
 *
 * @example
 *   const dg2 = buildDg2({ targetBytes: 20_000 }); // dg2.length === 20000
 */
export function buildDg2(options: Dg2Options = {}): Uint8Array {
  const width = options.width ?? FACE_WIDTH;
  const height = options.height ?? FACE_HEIGHT;
  const plain = assemble(width, height, 0);
  const target = options.targetBytes;
  if (target === undefined || target <= plain.length) return plain;
  // The TLV length fields grow with the content, so converge in a few rounds.
  let padding = target - plain.length + 4;
  for (let round = 0; round < 6; round++) {
    const dg2 = assemble(width, height, padding);
    if (dg2.length === target) return dg2;
    padding += target - dg2.length;
  }
  return assemble(width, height, padding);
}

function assemble(width: number, height: number, paddingBytes: number): Uint8Array {
  const jpeg = encodeGreyJpeg(width, height, facePixel(width, height), { paddingBytes });
  const record = facialRecord(jpeg, width, height);
  const header = encodeTlv(
    0xa1,
    encodeTlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
    encodeTlv(0x81, Uint8Array.of(0x02)), // biometric type: facial features
    encodeTlv(0x82, Uint8Array.of(0x00)), // subtype: none
    encodeTlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner: ISO/IEC JTC 1/SC 37
    encodeTlv(0x88, Uint8Array.of(0x00, 0x08)), // format type: face image (19794-5)
  );
  const template = encodeTlv(0x7f60, header, encodeTlv(0x5f2e, record));
  return encodeTlv(0x75, encodeTlv(0x7f61, encodeTlv(0x02, Uint8Array.of(1)), template));
}

/** ISO/IEC 19794-5:2005 §5.4–5.7: record header, facial information, image information, image. */
function facialRecord(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const headerLength = 14;
  const facialInfoLength = 20;
  const imageInfoLength = 12;
  const blockLength = facialInfoLength + imageInfoLength + jpeg.length;
  const total = headerLength + blockLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x46, 0x41, 0x43, 0x00], 0); // "FAC\0"
  out.set([0x30, 0x31, 0x30, 0x00], 4); // "010\0"
  view.setUint32(8, total);
  view.setUint16(12, 1); // one facial image
  let o = headerLength;
  view.setUint32(o, blockLength);
  view.setUint16(o + 4, 0); // no feature points
  out[o + 6] = 0; // gender unspecified
  out[o + 7] = 0; // eye colour unspecified
  out[o + 8] = 0; // hair colour unspecified
  // feature mask (3), expression (2), pose angle (3), pose uncertainty (3): all zero = unspecified
  o += facialInfoLength;
  out[o] = 0x01; // face image type: full frontal
  out[o + 1] = 0x00; // image data type: JPEG
  view.setUint16(o + 2, width);
  view.setUint16(o + 4, height);
  out[o + 6] = 0x03; // colour space: greyscale
  out[o + 7] = 0x02; // source type: digital camera
  view.setUint16(o + 8, 0); // device type unspecified
  view.setUint16(o + 10, 0); // quality unspecified
  out.set(jpeg, o + imageInfoLength);
  return out;
}

/** A brighter oval (the "face") on a vertical gradient, enough to look like a photo thumbnail. */
function facePixel(width: number, height: number): (x: number, y: number) => number {
  const cx = width / 2;
  const cy = height * 0.45;
  const rx = width * 0.3;
  const ry = height * 0.32;
  return (x, y) => {
    const background = 60 + (120 * y) / height;
    const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
    return d <= 1 ? 200 - 40 * d : background;
  };
}
