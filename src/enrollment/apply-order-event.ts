import { err, ok, type Result } from '../shared/result.js';
import { isTerminalOrderState } from './is-terminal-order-state.js';
import type { Order, OrderState } from './order.js';
import { orderAuditAction } from './order-audit-action.js';
import type { OrderAuditEntry } from './order-audit-entry.js';
import type { OrderErrorCode } from './order-error-code.js';
import type { OrderEvent } from './order-event.js';
import type { OrderTransition } from './order-transition.js';

// The one state each forward event may start from.
const FROM: Partial<Record<OrderEvent['type'], OrderState>> = {
  chipVerified: 'created',
  registryMatched: 'chip_verified',
  paymentConfirmed: 'registry_matched',
  issued: 'paid',
};

/**
 * An event that is already part of the order under another idempotency key: a PSP redelivering
 * the same payment with a new event id, two readers both expiring the order, a double-clicked
 * cancel. Treating these as duplicates keeps "at most one effect" without trusting every sender
 * to reuse its key.
 */
function alreadyApplied(order: Order, event: OrderEvent): boolean {
  switch (event.type) {
    case 'paymentConfirmed':
      return order.payment?.paymentRef === event.paymentRef;
    case 'issued':
      return order.issuance?.eidRef === event.eidRef;
    case 'expire':
      return order.state === 'expired';
    case 'cancel':
      return order.state === 'cancelled';
    case 'fail':
      return order.state === 'failed' && order.failure?.reasonCode === event.reasonCode;
    default:
      return false;
  }
}

/**
 * The order state machine: applies one event to one order, or says why not. Pure: no I/O, time
 * passed in. Every refusal is a value with a stable code and leaves the order as it was; the store
 * applies the returned order and audit entries atomically, or nothing.
 *
 * @example
 *   const r = applyOrderEvent(order, { type: 'paymentConfirmed', key: webhookId, paymentRef }, clock.now());
 *   if (r.ok && !r.value.duplicate) await write(r.value.order, r.value.audit);
 */
export function applyOrderEvent(
  order: Order,
  event: OrderEvent,
  now: Date,
): Result<OrderTransition, OrderErrorCode> {
  const same = (): Result<OrderTransition, OrderErrorCode> => ok({ order, audit: [], duplicate: true });
  const previous = order.appliedKeys[event.key];
  if (previous === event.type) return same();
  if (previous) return err('order.key-reused', `idempotency key was used for a ${previous} event`);
  if (alreadyApplied(order, event)) return same();

  if (isTerminalOrderState(order.state)) return err('order.terminal', `order is ${order.state}`);
  const pastExpiry = now.getTime() >= Date.parse(order.expiresAt);
  if (event.type === 'expire' && !pastExpiry)
    return err('order.not-expired', 'order has not reached its expiry');
  // A paid order is finished by our side after its expiry too (`issued`, or `fail`/`cancel` with a
  // refund): the user paid while the order was open, and issuing is our work (a crash, a slow PSP
  // retry). Refusing it would leave the money taken and nothing given.
  const expiryBinds = order.state !== 'paid';
  if (event.type !== 'expire' && pastExpiry && expiryBinds)
    return err('order.expired', 'order is past its expiry');

  const from = FROM[event.type];
  if (from && order.state !== from) {
    if (event.type === 'paymentConfirmed' && order.state === 'paid') {
      return err('order.payment-conflict', 'order is already paid with another payment');
    }
    return err('order.not-allowed', `${event.type} is not allowed in state ${order.state}`);
  }

  const at = now.toISOString();
  const base = {
    ...order,
    version: order.version + 1,
    updatedAt: at,
    appliedKeys: { ...order.appliedKeys, [event.key]: event.type },
  };
  const entry = (outcome: string, actor = 'system'): OrderAuditEntry => ({
    actor,
    action: orderAuditAction(event.type),
    target: order.id,
    outcome,
  });
  // An order that ends after the money was taken, without an eID, owes the user a refund: said
  // in the record for the payment module and in a separate audit entry operators can search for.
  const refund = order.state === 'paid';
  const refundEntry: OrderAuditEntry[] = refund
    ? [{ actor: 'system', action: 'order.refund-required', target: order.id, outcome: 'ok' }]
    : [];
  const done = (next: Order, audit: OrderAuditEntry[]) => ok({ order: next, audit, duplicate: false });

  switch (event.type) {
    case 'chipVerified':
      return done({ ...base, state: 'chip_verified', chip: event.evidence }, [entry('ok')]);
    case 'registryMatched':
      return done({ ...base, state: 'registry_matched', personRef: event.personRef }, [entry('ok')]);
    case 'paymentConfirmed':
      return done(
        {
          ...base,
          state: 'paid',
          payment: {
            paymentRef: event.paymentRef,
            confirmedAt: at,
            ...(event.nameCheck ? { nameCheck: event.nameCheck } : {}),
          },
        },
        [entry('ok')],
      );
    case 'issued':
      return done({ ...base, state: 'issued', issuance: { eidRef: event.eidRef, issuedAt: at } }, [
        entry('ok'),
      ]);
    case 'fail':
      return done(
        { ...base, state: 'failed', failure: { reasonCode: event.reasonCode, at }, refundRequired: refund },
        [entry(event.reasonCode), ...refundEntry],
      );
    case 'expire':
      return done({ ...base, state: 'expired', refundRequired: refund }, [entry('ok'), ...refundEntry]);
    case 'cancel': {
      const reasonCode = event.reasonCode ?? `cancel.by-${event.by}`;
      return done(
        {
          ...base,
          state: 'cancelled',
          cancellation: { by: event.by, at, reasonCode },
          refundRequired: refund,
        },
        [entry(reasonCode, event.by), ...refundEntry],
      );
    }
  }
}
