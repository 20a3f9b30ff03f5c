import type { Order } from './order.js';
import type { OrderAuditEntry } from './order-audit-entry.js';

/**
 * What applying an event yields: the next order and the audit entries to append with it, in one
 * atomic write. `duplicate` means the event was applied before (same idempotency key, or the same
 * payment/eID reference): `order` is the current one and there is nothing to write.
 */
export interface OrderTransition {
  readonly order: Order;
  readonly audit: readonly OrderAuditEntry[];
  readonly duplicate: boolean;
}
