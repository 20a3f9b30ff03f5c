import { randomBytes } from 'node:crypto';

/**
 * A random positive certificate serial number of exactly 16 octets in DER: 126 random bits,
 * the top bit cleared (a set top bit would make the INTEGER negative, which RFC 5280 §4.1.2.2
 * forbids) and the next one set (so no leading zero byte shortens it). The entropy exceeds the
 * 64 bits CA/Browser Forum baseline requirements ask for, so serials are unpredictable and
 * collisions are not a practical concern (the registry still refuses a duplicate).
 *
 * @example
 *   randomSerial(); // 0x5f3a…n, 16 bytes
 */
export function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return BigInt(`0x${bytes.toString('hex')}`);
}
