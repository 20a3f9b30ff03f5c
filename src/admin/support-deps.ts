import type { EidStore } from '../eid/eid-store.js';
import type { OrderStore } from '../enrollment/order-store.js';
import type { OwedRefunds } from '../enrollment/owed-refunds.js';
import type { Money, PaymentProvider } from '../payment/payment-provider.js';
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
  readonly payments: PaymentProvider;
  /** Refunds the PSP could not be asked for yet (the refund job asks again). */
  readonly owedRefunds: OwedRefunds;
  readonly now: () => Date;
  /** The price charged per order: what a refund gives back. */
  readonly price: Money;
  readonly eids: EidStore;
  readonly devices?: SupportDevices;
}
