/**
 * Port: remembers every authenticated notification item for as long as the PSP may retry it,
 * keyed by its signed identity, with a fingerprint of the whole item.
 *
 * - `first`: never seen; now recorded.
 * - `same`: seen with the identical content: a retry after a lost acknowledgement.
 * - `different`: seen with other unsigned content (a replay with an edited `eventDate` or
 *   `additionalData`, which the HMAC does not cover).
 *
 * @example
 *   const seen = createRedisSeenNotificationStore(redis, { prefix: 'eid:payment:seen:' });
 *   await seen.remember(id, fingerprint, 31 * 86400); // 'first' | 'same' | 'different'
 */
export interface SeenNotificationStore {
  remember(id: string, fingerprint: string, ttlSeconds: number): Promise<'first' | 'same' | 'different'>;
  /** The fingerprint recorded under `id`, without recording anything. */
  lookup(id: string): Promise<string | undefined>;
  /** Undo a `first` of this call when a later item of the same delivery is rejected. */
  forget(id: string, fingerprint: string): Promise<void>;
}
