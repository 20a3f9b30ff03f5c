import type { OrderPrivate } from './order-private.js';

/**
 * Port: the private part of an order, by order id, encrypted at rest and gone when the order's
 * records expire. `claim` is a single-use marker (SET NX) for steps that must run once across
 * instances, such as issuing the eID. The clear activation secret has its own record, taken with
 * an atomic get-and-delete so that two page loads never both show it.
 *
 * @example
 *   await vault.put(order.id, { pid }, lifetimeMs);
 *   const pid = (await vault.get(order.id))?.pid;
 *   if (await vault.claim(order.id, 'issue', 60)) await issue();
 *   await vault.putSecret(order.id, secret, ttlMs);
 *   const once = await vault.takeSecret(order.id); // a second take → undefined
 */
export interface OrderVault {
  put(orderId: string, data: OrderPrivate, ttlMs: number): Promise<void>;
  get(orderId: string): Promise<OrderPrivate | undefined>;
  /**
   * Merges `patch` into the record (an `undefined` value removes the field); keeps its expiry.
   * A compare-and-set on the sealed record: concurrent updates of different fields both land.
   */
  update(orderId: string, patch: Partial<OrderPrivate>): Promise<OrderPrivate | undefined>;
  /** Makes the record live at least `ttlMs` from now (an order holding money is kept longer). */
  extend(orderId: string, ttlMs: number): Promise<void>;
  claim(orderId: string, step: string, ttlSeconds: number): Promise<boolean>;
  release(orderId: string, step: string): Promise<void>;
  /** Keeps the clear activation secret (encrypted) until the receipt shows it; replaces any earlier one. */
  putSecret(orderId: string, secret: string, ttlMs: number): Promise<void>;
  /** The secret, once: read and deleted in one atomic step. */
  takeSecret(orderId: string): Promise<string | undefined>;
  /** Drops a secret nobody may see any more (a new one was made elsewhere). */
  dropSecret(orderId: string): Promise<void>;
}
