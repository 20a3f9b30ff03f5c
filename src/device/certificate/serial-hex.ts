/**
 * The one spelling of a certificate serial number used as a key and in messages: lower-case
 * hex, even length, no prefix. node:crypto's `X509Certificate.serialNumber` (upper case) and
 * OpenSSL's output map to it with `serialHex(BigInt('0x' + s))`.
 *
 * @example
 *   serialHex(0x0abcn); // '0abc'
 */
export function serialHex(serial: bigint): string {
  const hex = serial.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}
