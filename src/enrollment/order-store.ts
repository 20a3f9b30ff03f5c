import type { Result } from '../shared/result.js';
import type { Order } from './order.js';
import type { OrderErrorCode } from './order-error-code.js';
import type { OrderEvent } from './order-event.js';
import type { OrderTransition } from './order-transition.js';

/**
 * Where orders live. Every transition goes through the state machine and is written with its
 * audit entries as one compare-and-set, so two concurrent events never both apply. Reading an
 * order past its expiry expires it first (lazy expiry); storage keys disappear by TTL a little
 * after that.
 *
 * @example
 *   const order = await store.create();
 *   const r = await store.apply(order.id, { type: 'paymentConfirmed', key: webhook.id, paymentRef });
 *   if (!r.ok) return answer(r.code); // e.g. 'order.not-allowed'
 */
export interface OrderStore {
  create(options?: { lifetimeMs?: number }): Promise<Result<Order, 'order.code-exhausted'>>;
  get(id: string): Promise<Result<Order, 'order.not-found'>>;
  /** Looks up by the human-typable code, in any case and with or without its hyphen. */
  findByCode(code: string): Promise<Result<Order, 'order.not-found' | 'order-code.format'>>;
  /**
   * Applies one event. With `expectedVersion` (a page posting back the version it showed) the event
   * is refused with `order.conflict` when the order moved on meanwhile, unless it is a duplicate.
   */
  apply(
    id: string,
    event: OrderEvent,
    options?: { expectedVersion?: number },
  ): Promise<Result<OrderTransition, OrderErrorCode>>;
}
