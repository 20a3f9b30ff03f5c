import type { OrderState } from './order.js';

/** Issued, failed, expired and cancelled orders accept no further event. */
export function isTerminalOrderState(state: OrderState): boolean {
  return state === 'issued' || state === 'failed' || state === 'expired' || state === 'cancelled';
}
