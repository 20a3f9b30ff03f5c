import type { Order } from './order.js';
import type { OrderTransition } from './order-transition.js';

/** 24 hours: long enough to fetch a passport and a card, short enough to bound stored chip data. */
export const DEFAULT_ORDER_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * A new order in state `created`. The id and code come from the caller (the store draws them
 * and checks the code is free); `now` from its clock.
 *
 * @example const { order, audit } = createOrder({ id: randomUUID(), code: 'K7QF-3M9P', now: clock.now() })
 */
export function createOrder(input: {
  id: string;
  code: string;
  now: Date;
  lifetimeMs?: number;
}): OrderTransition {
  const at = input.now.toISOString();
  const order: Order = {
    id: input.id,
    code: input.code,
    state: 'created',
    version: 1,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(input.now.getTime() + (input.lifetimeMs ?? DEFAULT_ORDER_LIFETIME_MS)).toISOString(),
    appliedKeys: {},
  };
  return {
    order,
    audit: [{ actor: 'system', action: 'order.created', target: order.id, outcome: 'ok' }],
    duplicate: false,
  };
}
