/** What is stored per issued Active Authentication challenge. */
export interface AaChallengeRecord {
  /** The order (registration) the challenge was issued for. */
  readonly orderId: string;
  /** Epoch milliseconds after which the challenge is no longer accepted. */
  readonly expiresAt: number;
}

export type AaChallengeConsumeOutcome =
  | { readonly found: false }
  | { readonly found: true; readonly record: AaChallengeRecord; readonly alreadyConsumed: boolean };

/**
 * Port: storage for AA challenges with atomic single-use semantics.
 *
 * - `put` stores a record under the challenge (lower-case hex) only if the key is new and
 *   returns false on a collision (the issuer then draws another nonce). The record must be
 *   kept, consumed or not, until at least `expiresAt + retainMs`, so that a late replay is
 *   reported as "reused" or "expired" rather than "unknown".
 * - `consume` marks the record consumed and reports whether it already was, as ONE atomic step
 *   (Redis: a Lua script or `HSETNX consumed` on a hash with a TTL; never GET then SET). Two
 *   concurrent consumes of the same challenge must see exactly one `alreadyConsumed: false`.
 *
 * @example
 *   await store.put('0011223344556677', { orderId: 'o-1', expiresAt: Date.now() + 120_000 }, 600_000);
 *   await store.consume('0011223344556677'); // { found: true, record, alreadyConsumed: false }
 *   await store.consume('0011223344556677'); // { found: true, record, alreadyConsumed: true }
 */
export interface AaChallengeStore {
  put(challengeHex: string, record: AaChallengeRecord, retainMs: number): Promise<boolean>;
  consume(challengeHex: string): Promise<AaChallengeConsumeOutcome>;
}
