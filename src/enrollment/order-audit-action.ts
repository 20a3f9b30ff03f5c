import type { OrderEventType } from './order.js';

const ACTIONS: Readonly<Record<OrderEventType, string>> = {
  chipVerified: 'order.chip-verified',
  registryMatched: 'order.registry-matched',
  paymentConfirmed: 'order.payment-confirmed',
  issued: 'order.issued',
  fail: 'order.failed',
  expire: 'order.expired',
  cancel: 'order.cancelled',
};

/** The audit `action` of an event, the same whether it was applied (`ok`) or refused (its code). */
export function orderAuditAction(type: OrderEventType): string {
  return ACTIONS[type];
}
