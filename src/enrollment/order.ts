import type { ChipHolder } from './chip-holder.js';

/**
 * created → chip_verified → registry_matched → paid → issued, and from any of the first four:
 * failed, expired, cancelled. The last four are terminal.
 */
export const ORDER_STATES = [
  'created',
  'chip_verified',
  'registry_matched',
  'paid',
  'issued',
  'failed',
  'expired',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * What the passport step established. Kept in the order record (short-lived, never in the audit
 * log) because the register match and the cardholder rule need the MRZ names later.
 */
export interface ChipEvidence {
  readonly holder: ChipHolder;
  /** Active Authentication mechanism that proved the chip genuine (architecture §5). */
  readonly activeAuthentication: 'rsa' | 'ecdsa';
  /** Hex digest of the verified SOD: lets support correlate a case without holding chip data. */
  readonly sodDigest: string;
}

/**
 * One registration order. `version` grows by one with every applied event and is what the store
 * compares-and-sets. `appliedKeys` remembers the idempotency keys of applied events (and their
 * event type) so that a retried request or a duplicate webhook changes nothing.
 */
export interface Order {
  readonly id: string;
  /** Human-typable code (`K7QF-3M9P`) for support and the reader app's manual entry. */
  readonly code: string;
  readonly state: OrderState;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly chip?: ChipEvidence;
  /** Opaque reference the registry module chose for the matched person; never audited. */
  readonly personRef?: string;
  readonly payment?: {
    readonly paymentRef: string;
    readonly confirmedAt: string;
    /**
     * The issuer's cardholder-name verdict that came with the payment. Recorded with the payment in
     * one step, so issuance can re-check it against the policy even when the webhook handling was
     * interrupted. Absent in orders paid before this field existed (treated as unknown: no eID).
     */
    readonly nameCheck?: 'match' | 'partial' | 'no-match' | 'unavailable';
  };
  readonly issuance?: { readonly eidRef: string; readonly issuedAt: string };
  readonly failure?: { readonly reasonCode: string; readonly at: string };
  readonly cancellation?: {
    readonly by: 'user' | 'support';
    readonly at: string;
    readonly reasonCode: string;
  };
  /** True when the order ended after payment without an eID: the payment must be refunded. */
  readonly refundRequired?: boolean;
  readonly appliedKeys: Readonly<Record<string, OrderEventType>>;
}

export type OrderEventType =
  'chipVerified' | 'registryMatched' | 'paymentConfirmed' | 'issued' | 'fail' | 'expire' | 'cancel';
