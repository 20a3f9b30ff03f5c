/**
 * Stable codes for an event the order refuses. None of them changes the order.
 * - `order.not-allowed`: the event does not apply in the current state (e.g. payment before match)
 * - `order.terminal`: the order already ended (issued, failed, expired, cancelled)
 * - `order.expired`: the order is past `expiresAt`; only `expire` applies now
 * - `order.not-expired`: `expire` before `expiresAt`
 * - `order.key-reused`: an idempotency key already used for a different kind of event
 * - `order.payment-conflict`: a second, different payment for a paid order (refund it)
 * - `order.invalid-event`: the event failed validation
 * - `order.not-found`, `order.conflict`, `order.code-exhausted`: from the store
 */
export type OrderErrorCode =
  | 'order.not-allowed'
  | 'order.terminal'
  | 'order.expired'
  | 'order.not-expired'
  | 'order.key-reused'
  | 'order.payment-conflict'
  | 'order.invalid-event'
  | 'order.not-found'
  | 'order.conflict'
  | 'order.code-exhausted';
