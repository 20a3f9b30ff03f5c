import type { EidStore } from '../eid/eid-store.js';
import type { OrderStore } from '../enrollment/order-store.js';
import type { RefundPayment } from './cancel-order-for-support.js';
import type { Money } from '../payment/payment-provider.js';
import type { Result } from '../shared/result.js';

/** What support staff see of one authenticator device: no keys, no push token. */
export interface SupportDeviceSummary {
  readonly id: string;
  readonly status: string;
  readonly platform: string;
  readonly appVersion?: string;
  readonly attestation?: string;
  readonly createdAt?: string;
  readonly lastUsedAt?: string;
  readonly blockedReason?: string;
}

/**
 * The device operations support needs, adapted from the authenticator's device store in app.ts
 * (so the admin module does not depend on the device module's internals).
 */
export interface SupportDevices {
  listByPid(pid: string): Promise<readonly SupportDeviceSummary[]>;
  /** `actor` names who did it in the device's own audit entries (`support:<admin name>`). */
  block(
    deviceId: string,
    reason: string,
    actor: string,
  ): Promise<Result<SupportDeviceSummary, 'device.not-found' | string>>;
  unblock(
    deviceId: string,
    actor: string,
  ): Promise<Result<SupportDeviceSummary, 'device.not-found' | string>>;
}

/** Support tools' view of the product: orders (with their payment, for refunds), eIDs, devices. */
export interface SupportDeps {
  readonly orders: OrderStore;
  /** Refunds a payment through the registration's refund path (owed when the PSP is down). */
  readonly refund: RefundPayment;
  /** The price charged per order: what a refund gives back. */
  readonly price: Money;
  readonly eids: EidStore;
  readonly devices?: SupportDevices;
}
