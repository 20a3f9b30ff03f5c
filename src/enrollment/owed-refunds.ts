import type { Money, RefundReason } from '../payment/payment-provider.js';

/** A refund the PSP could not be asked for (unreachable, timed out): asked again later. */
export interface OwedRefund {
  readonly orderId: string;
  readonly pspReference: string;
  readonly amount: Money;
  readonly reason: RefundReason;
  /** Failed requests so far. */
  readonly attempts: number;
  /** The last failure's stable code. */
  readonly lastCode: string;
}

/**
 * Port: refunds still owed after a failed request, so money is given back without an operator
 * once the PSP answers again. One entry per payment (order id + pspReference). Adapter:
 * `createRedisOwedRefunds` (shared by every instance; claiming is atomic).
 *
 * @example
 *   await owed.record(entry, new Date(Date.now() + 60_000));
 *   for (const due of await owed.claimDue(now, 20, 5 * 60_000)) retry(due);
 */
export interface OwedRefunds {
  /** Adds or updates the entry; it becomes due at `nextAttemptAt`. */
  record(entry: OwedRefund, nextAttemptAt: Date): Promise<void>;
  /** The refund was accepted: forget the entry. */
  clear(orderId: string, pspReference: string): Promise<void>;
  /**
   * The PSP refused the refund itself: no longer asked again, but kept (with the code) for an
   * operator, and counted, until `clear` (e.g. after a refund made by hand).
   */
  markRefused(entry: OwedRefund): Promise<void>;
  /**
   * Up to `limit` entries due at `now`, each pushed `leaseMs` into the future in the same atomic
   * step, so another instance running the same job at the same moment does not take them too.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OwedRefund[]>;
  /** Refunds owed (asked again by the job) and refused (waiting for an operator): metrics. */
  counts(): Promise<{ owed: number; refused: number }>;
}
