/** Serial numbers compared as upper-case hex without leading zero bytes (DER sign padding differs between encoders). */
export function serialHex(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return Buffer.from(bytes.subarray(i)).toString('hex').toUpperCase();
}
