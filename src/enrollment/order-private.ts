import type { NameCheck } from '../payment/payment-provider.js';

/**
 * What an order must know but must not keep in its JSON (which the store, support tools and the
 * audit-adjacent code read): the identity number and what the eID record is later made from,
 * plus progress notes for the pages. Stored encrypted (see `create-redis-order-vault.ts`).
 */
export interface OrderPrivate {
  /** The identity number the user typed. Never log it. */
  readonly pid: string;
  /**
   * SHA-256 (base64url) of the random nonce in the signed order cookie of the browser that
   * started the order. Only that browser sees or renews the activation secret; a browser that
   * resumed with code + number does not (docs/registration.md, "Browser binding").
   */
  readonly ownerHash?: string;
  /** The one-time reader token on the read-passport page, until the reader app uses it. */
  readonly readerToken?: { readonly token: string; readonly expiresAt: string };
  readonly readerConnected?: boolean;
  /** From the verified chip, for the eID record. */
  readonly document?: {
    readonly number: string;
    readonly issuingState: string;
    readonly type: string;
    readonly expiresOn: string;
  };
  readonly faceMatchScore?: number;
  /** The SOD digest the document above came from: must be the order's `chip.sodDigest`. */
  readonly sodDigest?: string;
  /** From the register, for the eID record. */
  readonly person?: { readonly givenName: string; readonly familyName: string; readonly birthDate: string };
  /** Refused chip uploads so far, and the stable code of the last refused step. */
  readonly chipFailures?: number;
  readonly lastProblem?: string;
  /** Every `match.*` reason when the register match failed (codes only). */
  readonly mismatches?: readonly string[];
  readonly paymentId?: string;
  /** Increased after a declined card, so the next try is a new payment (new idempotency key). */
  readonly paymentAttempt?: number;
  /** The PSP references of declined payments already counted (a redelivery counts once). */
  readonly declined?: readonly string[];
  /** Kept for orders paid before the verdict moved into `order.payment.nameCheck`. */
  readonly nameCheck?: NameCheck;
}
