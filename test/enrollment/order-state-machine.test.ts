// The order's life as the registration flow drives it: every event guarded, every refusal a
// stable code, every repeat harmless.
import { applyOrderEvent } from '../../src/enrollment/apply-order-event.js';
import { createOrder } from '../../src/enrollment/create-order.js';
import type { Order } from '../../src/enrollment/order.js';
import { orderEventSchema, type OrderEvent } from '../../src/enrollment/order-event.js';
import { chipEvidence } from '../support/order-events.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3_600_000;

const evidence = { ...chipEvidence, activeAuthentication: 'ecdsa' as const, sodDigest: 'ab'.repeat(32) };
const chipVerified: OrderEvent = { type: 'chipVerified', key: 'chip-1', evidence };
const registryMatched: OrderEvent = { type: 'registryMatched', key: 'reg-1', personRef: 'person-ref' };
const paymentConfirmed: OrderEvent = { type: 'paymentConfirmed', key: 'psp-evt-1', paymentRef: 'pay-1' };
const issued: OrderEvent = { type: 'issued', key: 'issue-1', eidRef: 'eid-1' };

function step(order: Order, event: OrderEvent, at = later(1000)): Order {
  const r = applyOrderEvent(order, event, at);
  if (!r.ok) throw new Error(`${event.type} refused: ${r.code}`);
  return r.value.order;
}

const fresh = () => createOrder({ id: 'order-1', code: 'K7QF-3M9P', now: T0 }).order;
const paid = () => [chipVerified, registryMatched, paymentConfirmed].reduce((o, e) => step(o, e), fresh());

describe('order state machine', () => {
  test('walks created → chip_verified → registry_matched → paid → issued, one audit entry per step', () => {
    let order = fresh();
    expect(order).toMatchObject({ state: 'created', version: 1, expiresAt: '2026-03-02T10:00:00.000Z' });
    const seen: string[] = [];
    for (const event of [chipVerified, registryMatched, paymentConfirmed, issued]) {
      const r = applyOrderEvent(order, event, later(1000));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.duplicate).toBe(false);
      expect(r.value.audit).toHaveLength(1);
      expect(r.value.audit[0]).toMatchObject({ target: 'order-1', outcome: 'ok' });
      seen.push(r.value.order.state);
      order = r.value.order;
    }
    expect(seen).toEqual(['chip_verified', 'registry_matched', 'paid', 'issued']);
    expect(order.version).toBe(5);
    expect(order.payment).toEqual({ paymentRef: 'pay-1', confirmedAt: later(1000).toISOString() });
  });

  test.each([
    ['registryMatched before the chip', registryMatched],
    ['payment before the register match', paymentConfirmed],
    ['issuing before payment', issued],
  ])('refuses %s with order.not-allowed, without throwing', (_name, event) => {
    const r = applyOrderEvent(fresh(), event, later(1000));
    expect(r).toMatchObject({ ok: false, code: 'order.not-allowed' });
  });

  test('chipVerified only from created', () => {
    const order = step(fresh(), chipVerified);
    const again = applyOrderEvent(order, { ...chipVerified, key: 'chip-2' }, later(2000));
    expect(again).toMatchObject({ ok: false, code: 'order.not-allowed' });
  });

  test('the same event twice (same key) is one application: same order, nothing to audit', () => {
    const once = step(fresh(), chipVerified);
    const twice = applyOrderEvent(once, chipVerified, later(5000));
    expect(twice).toEqual({ ok: true, value: { order: once, audit: [], duplicate: true } });
  });

  test('a replayed key is still a duplicate after the order moved on', () => {
    const order = step(step(fresh(), chipVerified), registryMatched);
    const r = applyOrderEvent(order, chipVerified, later(5000));
    expect(r).toMatchObject({ ok: true, value: { duplicate: true, order: { state: 'registry_matched' } } });
  });

  test('a duplicate payment webhook with a new event id but the same payment is a duplicate', () => {
    const order = paid();
    const r = applyOrderEvent(order, { ...paymentConfirmed, key: 'psp-evt-2' }, later(5000));
    expect(r).toMatchObject({ ok: true, value: { duplicate: true, audit: [] } });
    const afterIssue = step(order, issued);
    expect(applyOrderEvent(afterIssue, { ...paymentConfirmed, key: 'psp-evt-3' }, later(6000))).toMatchObject(
      {
        ok: true,
        value: { duplicate: true, order: { state: 'issued' } },
      },
    );
  });

  test('a second, different payment for a paid order is a conflict (to be refunded), not a new state', () => {
    const r = applyOrderEvent(
      paid(),
      { type: 'paymentConfirmed', key: 'psp-evt-9', paymentRef: 'pay-2' },
      later(5000),
    );
    expect(r).toMatchObject({ ok: false, code: 'order.payment-conflict' });
  });

  test('a key reused for another kind of event is refused', () => {
    const order = step(fresh(), chipVerified);
    const r = applyOrderEvent(order, { type: 'fail', key: 'chip-1', reasonCode: 'match.name' }, later(2000));
    expect(r).toMatchObject({ ok: false, code: 'order.key-reused' });
  });

  test('fail from any non-terminal state records the reason code in the audit entry', () => {
    for (const order of [fresh(), step(fresh(), chipVerified)]) {
      const r = applyOrderEvent(
        order,
        { type: 'fail', key: 'f', reasonCode: 'match.birth-date' },
        later(1000),
      );
      expect(r).toMatchObject({
        ok: true,
        value: {
          order: { state: 'failed', failure: { reasonCode: 'match.birth-date' }, refundRequired: false },
          audit: [{ action: 'order.failed', outcome: 'match.birth-date', target: 'order-1' }],
        },
      });
    }
  });

  test('terminal states accept nothing more', () => {
    const failed = step(fresh(), { type: 'fail', key: 'f', reasonCode: 'chip.invalid' });
    for (const event of [chipVerified, { type: 'cancel', key: 'c', by: 'user' } as const, issued]) {
      expect(applyOrderEvent(failed, event, later(2000))).toMatchObject({
        ok: false,
        code: 'order.terminal',
      });
    }
  });

  test('cancel by the user before payment needs no refund; by support after payment does', () => {
    const early = applyOrderEvent(fresh(), { type: 'cancel', key: 'c', by: 'user' }, later(1000));
    expect(early).toMatchObject({
      ok: true,
      value: { order: { state: 'cancelled', refundRequired: false, cancellation: { by: 'user' } } },
    });
    if (early.ok) expect(early.value.audit).toHaveLength(1);
    const late = applyOrderEvent(
      paid(),
      { type: 'cancel', key: 'c', by: 'support', reasonCode: 'support.request' },
      later(2000),
    );
    expect(late).toMatchObject({
      ok: true,
      value: {
        order: { state: 'cancelled', refundRequired: true },
        audit: [
          { actor: 'support', action: 'order.cancelled', outcome: 'support.request' },
          { action: 'order.refund-required' },
        ],
      },
    });
  });

  test('expire only once past expiresAt; after that, only expire applies', () => {
    const order = step(fresh(), chipVerified);
    expect(applyOrderEvent(order, { type: 'expire', key: 'e' }, later(23 * HOUR))).toMatchObject({
      ok: false,
      code: 'order.not-expired',
    });
    expect(applyOrderEvent(order, registryMatched, later(24 * HOUR))).toMatchObject({
      ok: false,
      code: 'order.expired',
    });
    expect(applyOrderEvent(order, { type: 'expire', key: 'e' }, later(24 * HOUR))).toMatchObject({
      ok: true,
      value: { order: { state: 'expired', refundRequired: false } },
    });
  });

  test('the lifetime is configurable', () => {
    const short = createOrder({ id: 'o', code: 'AAAA-BBBB', now: T0, lifetimeMs: HOUR }).order;
    expect(short.expiresAt).toBe('2026-03-01T11:00:00.000Z');
  });

  test('a paid order that expires owes a refund', () => {
    const r = applyOrderEvent(paid(), { type: 'expire', key: 'e' }, later(25 * HOUR));
    expect(r).toMatchObject({ ok: true, value: { order: { state: 'expired', refundRequired: true } } });
    if (r.ok) expect(r.value.audit.map((a) => a.action)).toEqual(['order.expired', 'order.refund-required']);
  });

  test('a paid order is still finished after its expiry: issued, or failed with the refund owed', () => {
    const late = later(25 * HOUR);
    expect(applyOrderEvent(paid(), issued, late)).toMatchObject({
      ok: true,
      value: { order: { state: 'issued' } },
    });
    expect(
      applyOrderEvent(paid(), { type: 'fail', key: 'f', reasonCode: 'eid.revoked' }, late),
    ).toMatchObject({ ok: true, value: { order: { state: 'failed', refundRequired: true } } });
    // Before payment, expiry still binds.
    const matched = [chipVerified, registryMatched].reduce((o, e) => step(o, e), fresh());
    expect(applyOrderEvent(matched, paymentConfirmed, late)).toMatchObject({
      ok: false,
      code: 'order.expired',
    });
  });

  test('the cardholder-name verdict is recorded with the payment; events without it still parse', () => {
    const withVerdict: OrderEvent = { ...paymentConfirmed, nameCheck: 'no-match' } as OrderEvent;
    const matched = [chipVerified, registryMatched].reduce((o, e) => step(o, e), fresh());
    expect(step(matched, withVerdict).payment).toMatchObject({ paymentRef: 'pay-1', nameCheck: 'no-match' });
    expect(step(matched, paymentConfirmed).payment?.nameCheck).toBeUndefined();
    expect(orderEventSchema.safeParse(paymentConfirmed).success).toBe(true);
    expect(orderEventSchema.safeParse({ ...paymentConfirmed, nameCheck: 'maybe' }).success).toBe(false);
  });

  test('audit entries carry the order id and codes only, never chip data', () => {
    let order = fresh();
    const entries: string[] = [];
    for (const event of [chipVerified, registryMatched, paymentConfirmed, issued]) {
      const r = applyOrderEvent(order, event, later(1000));
      if (!r.ok) throw new Error(r.code);
      entries.push(JSON.stringify(r.value.audit));
      order = r.value.order;
    }
    for (const secret of ['NORDMANN', 'OLA', '900101', 'AB1234567', 'person-ref', 'SWE']) {
      expect(entries.join('\n')).not.toContain(secret);
    }
  });

  test('the event schema refuses free text as a reason code', () => {
    expect(
      orderEventSchema.safeParse({ type: 'fail', key: 'k', reasonCode: 'name Ola Nordmann differs' }).success,
    ).toBe(false);
    expect(orderEventSchema.safeParse({ type: 'fail', key: 'k', reasonCode: 'match.name' }).success).toBe(
      true,
    );
    expect(orderEventSchema.safeParse({ type: 'teleport', key: 'k' }).success).toBe(false);
  });
});
