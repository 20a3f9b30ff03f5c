/**
 * Single-use values with atomic consume: server challenges (`put` then `take` once) and replay
 * marks for signed messages (`claim` succeeds once per key within its lifetime).
 *
 * @example
 *   await once.put(`challenge:${c}`, '1', 120);
 *   (await once.take(`challenge:${c}`)) // '1', then undefined
 *   await once.claim(`jti:${deviceId}:${jti}`, 300) // true once
 */
export interface SingleUseStore {
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
  take(key: string): Promise<string | undefined>;
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}
