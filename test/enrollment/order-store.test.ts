// The order store against real Redis and the embedded in-memory store: same contract on both.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisAuditLog } from '../../src/shared/audit-log.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { createRedisOrderStore } from '../../src/enrollment/create-redis-order-store.js';
import type { Order } from '../../src/enrollment/order.js';
import type { OrderEvent } from '../../src/enrollment/order-event.js';
import type { OrderStore } from '../../src/enrollment/order-store.js';
import { chipVerifiedEvent } from '../support/order-events.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEY_SECRET = 'order-store-test-key-secret-0123456789';
const stores: [string, () => Redis][] = [
  ['real Redis', () => new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')],
  // Same name, same data: a second connection to the embedded store sees the first one's keys.
  ['in-memory store', () => createRedisConnection(undefined, { name: 'enrollment-order-store-test' })],
];

const chipVerified = chipVerifiedEvent;
const registryMatched: OrderEvent = { type: 'registryMatched', key: 'reg-1', personRef: 'ref-1' };
const payment = (key: string, paymentRef = 'pay-1'): OrderEvent => ({
  type: 'paymentConfirmed',
  key,
  paymentRef,
});

describe.each(stores)('order store on %s', (_name, connect) => {
  let redis: Redis;
  let prefix: string;
  const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
  let store: OrderStore;

  beforeAll(() => {
    redis = connect();
  });
  beforeEach(() => {
    prefix = `test-order-${randomUUID()}`;
    clock.set(new Date('2026-03-01T10:00:00Z'));
    store = createRedisOrderStore(redis, { prefix, clock, keySecret: KEY_SECRET });
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.disconnect());

  async function created(): Promise<Order> {
    const r = await store.create();
    if (!r.ok) throw new Error(r.code);
    return r.value;
  }
  async function toPaymentStep(): Promise<Order> {
    const order = await created();
    await store.apply(order.id, chipVerified);
    await store.apply(order.id, registryMatched);
    return order;
  }

  test('creates an order findable by id and by its code, typed loosely', async () => {
    const order = await created();
    expect(order.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await store.get(order.id)).toEqual({ ok: true, value: order });
    const typed = order.code.toLowerCase().replace('-', ' ');
    expect(await store.findByCode(typed)).toEqual({ ok: true, value: order });
    expect(await store.findByCode('ZZZZ-ZZZZ')).toMatchObject({ ok: false, code: 'order.not-found' });
    expect(await store.findByCode('0000-0000')).toMatchObject({ ok: false, code: 'order-code.format' });
    expect(await store.get('nope')).toMatchObject({ ok: false, code: 'order.not-found' });
  });

  test('keys expire by TTL a little after the order does', async () => {
    const order = await created();
    const ttl = await redis.pttl(`${prefix}:order:${order.id}`);
    const codeKeys = await redis.keys(`${prefix}:order-code:*`);
    expect(codeKeys).toHaveLength(1);
    const codeTtl = await redis.pttl(codeKeys[0]!);
    for (const t of [ttl, codeTtl]) {
      expect(t).toBeGreaterThan(25 * HOUR - 5000);
      expect(t).toBeLessThanOrEqual(25 * HOUR);
    }
  });

  test('no key name holds an order code, in any spelling (the index key is an HMAC of it)', async () => {
    const orders = await Promise.all([created(), created(), created()]);
    await store.apply(orders[0]!.id, chipVerified);
    const names = (await redis.keys(`${prefix}:*`)).join(' ');
    for (const o of orders) {
      expect(names).not.toContain(o.code);
      expect(names).not.toContain(o.code.replace('-', ''));
      expect(await store.findByCode(o.code)).toMatchObject({ ok: true, value: { id: o.id } });
    }
    // Another key secret names other keys: the code is not findable without it.
    const other = createRedisOrderStore(redis, {
      prefix,
      clock,
      keySecret: 'another-secret-0123456789abcdef',
    });
    expect(await other.findByCode(orders[0]!.code)).toMatchObject({ ok: false, code: 'order.not-found' });
    expect(() => createRedisOrderStore(redis, { prefix, clock, keySecret: '' })).toThrow(/keySecret/);
  });

  test('an order holding money is kept long after expiry; a paid order is not expired by reading it', async () => {
    const order = await toPaymentStep();
    await store.apply(order.id, payment('evt-1'));
    const ttl = await redis.pttl(`${prefix}:order:${order.id}`);
    expect(ttl).toBeGreaterThan(30 * DAY);
    clock.advance(2 * DAY);
    expect(await store.get(order.id)).toMatchObject({ ok: true, value: { state: 'paid' } });
    // Our side may still finish it: issued, or failed with the refund owed.
    const issued = await store.apply(order.id, { type: 'issued', key: 'issue', eidRef: 'eid-1' });
    expect(issued).toMatchObject({ ok: true, value: { order: { state: 'issued' } } });

    const other = await toPaymentStep();
    await store.apply(other.id, payment('evt-2', 'pay-2'));
    clock.advance(2 * DAY);
    const failed = await store.apply(other.id, { type: 'fail', key: 'f', reasonCode: 'eid.revoked' });
    expect(failed).toMatchObject({ ok: true, value: { order: { state: 'failed', refundRequired: true } } });
    expect(await redis.pttl(`${prefix}:order:${other.id}`)).toBeGreaterThan(26 * DAY);
  });

  test('a transition and its audit entry are written together', async () => {
    const order = await created();
    const r = await store.apply(order.id, chipVerified);
    expect(r).toMatchObject({ ok: true, value: { order: { state: 'chip_verified', version: 2 } } });
    expect(await store.get(order.id)).toMatchObject({
      ok: true,
      value: { state: 'chip_verified', version: 2 },
    });
    const audit = await createRedisAuditLog(redis, prefix, clock).recent(10);
    expect(audit.map((a) => [a.action, a.target, a.outcome])).toEqual([
      ['order.chip-verified', order.id, 'ok'],
      ['order.created', order.id, 'ok'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('NORDMANN');
  });

  test('a duplicate webhook changes nothing and audits nothing', async () => {
    const order = await toPaymentStep();
    const first = await store.apply(order.id, payment('evt-1'));
    const again = await store.apply(order.id, payment('evt-1'));
    const redelivered = await store.apply(order.id, payment('evt-2'));
    expect(first).toMatchObject({
      ok: true,
      value: { duplicate: false, order: { state: 'paid', version: 4 } },
    });
    expect(again).toMatchObject({ ok: true, value: { duplicate: true, order: { version: 4 } } });
    expect(redelivered).toMatchObject({ ok: true, value: { duplicate: true, order: { version: 4 } } });
    const audit = await createRedisAuditLog(redis, prefix, clock).recent(20);
    expect(audit.filter((a) => a.action === 'order.payment-confirmed')).toHaveLength(1);
  });

  test('a refused event is audited with its code and changes nothing', async () => {
    const order = await created();
    const r = await store.apply(order.id, payment('evt-1'));
    expect(r).toMatchObject({ ok: false, code: 'order.not-allowed' });
    expect(await store.get(order.id)).toMatchObject({ ok: true, value: { state: 'created', version: 1 } });
    const [latest] = await createRedisAuditLog(redis, prefix, clock).recent(1);
    expect(latest).toMatchObject({
      action: 'order.payment-confirmed',
      target: order.id,
      outcome: 'order.not-allowed',
    });
  });

  test('a malformed event is refused before it reaches the order or the audit log', async () => {
    const order = await created();
    const bad = { type: 'fail', key: 'f', reasonCode: 'Ola Nordmann is not in the register' } as OrderEvent;
    expect(await store.apply(order.id, bad)).toMatchObject({ ok: false, code: 'order.invalid-event' });
    const audit = await createRedisAuditLog(redis, prefix, clock).recent(10);
    expect(JSON.stringify(audit)).not.toContain('Nordmann');
  });

  test('concurrent events: exactly one of two different payments applies', async () => {
    const order = await toPaymentStep();
    const second = connect();
    try {
      const other = createRedisOrderStore(second, { prefix, clock, keySecret: KEY_SECRET });
      const results = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => store.apply(order.id, payment(`a-${i}`, 'pay-A'))),
        ...Array.from({ length: 10 }, (_, i) => other.apply(order.id, payment(`b-${i}`, 'pay-B'))),
      ]);
      const applied = results.filter((r) => r.ok && !r.value.duplicate);
      expect(applied).toHaveLength(1);
      const winner = applied[0]!.ok ? applied[0]!.value.order.payment!.paymentRef : '';
      for (const r of results) {
        if (r.ok) expect(r.value.order.payment?.paymentRef).toBe(winner);
        else expect(r.code).toBe('order.payment-conflict');
      }
      expect(await store.get(order.id)).toMatchObject({ ok: true, value: { state: 'paid', version: 4 } });
      const audit = await createRedisAuditLog(redis, prefix, clock).recent(100);
      expect(audit.filter((a) => a.action === 'order.payment-confirmed' && a.outcome === 'ok')).toHaveLength(
        1,
      );
    } finally {
      second.disconnect();
    }
  });

  test('the same event delivered 20 times at once applies once', async () => {
    const order = await toPaymentStep();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.apply(order.id, payment('evt-1'))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.value.duplicate)).toHaveLength(1);
    expect(await store.get(order.id)).toMatchObject({ ok: true, value: { state: 'paid', version: 4 } });
  });

  test('concurrent cancel and payment: both orders of events end cancelled, refund owed only if paid first', async () => {
    const order = await toPaymentStep();
    const [paid, cancelled] = await Promise.all([
      store.apply(order.id, payment('evt-1')),
      store.apply(order.id, { type: 'cancel', key: 'c-1', by: 'user' }),
    ]);
    expect(cancelled.ok).toBe(true);
    if (!paid.ok) expect(paid.code).toBe('order.terminal');
    const final = await store.get(order.id);
    expect(final).toMatchObject({ ok: true, value: { state: 'cancelled', refundRequired: paid.ok } });
  });

  test('with expectedVersion, a stale page gets order.conflict', async () => {
    const order = await created();
    await store.apply(order.id, chipVerified);
    const r = await store.apply(order.id, { type: 'cancel', key: 'c', by: 'user' }, { expectedVersion: 1 });
    expect(r).toMatchObject({ ok: false, code: 'order.conflict' });
    const fine = await store.apply(
      order.id,
      { type: 'cancel', key: 'c', by: 'user' },
      { expectedVersion: 2 },
    );
    expect(fine).toMatchObject({ ok: true, value: { order: { state: 'cancelled' } } });
  });

  test('an order read after its expiry is expired on the spot (lazy), once', async () => {
    const order = await created();
    await store.apply(order.id, chipVerified);
    clock.advance(24 * HOUR);
    const reads = await Promise.all([store.get(order.id), store.get(order.id), store.findByCode(order.code)]);
    for (const r of reads) expect(r).toMatchObject({ ok: true, value: { state: 'expired', version: 3 } });
    const late = await store.apply(order.id, registryMatched);
    expect(late).toMatchObject({ ok: false, code: 'order.terminal' });
    const audit = await createRedisAuditLog(redis, prefix, clock).recent(20);
    expect(audit.filter((a) => a.action === 'order.expired' && a.outcome === 'ok')).toHaveLength(1);
  });

  test('an event arriving after expiry expires the order and is refused', async () => {
    const order = await created();
    clock.advance(24 * HOUR + 1);
    expect(await store.apply(order.id, chipVerified)).toMatchObject({ ok: false, code: 'order.expired' });
    expect(await store.get(order.id)).toMatchObject({ ok: true, value: { state: 'expired' } });
  });

  test('a taken code is never handed out twice', async () => {
    const codes = ['AAAA-AAAA', 'AAAA-AAAA', 'BBBB-BBBB'];
    const s = createRedisOrderStore(redis, {
      prefix,
      clock,
      keySecret: KEY_SECRET,
      generateCode: () => codes.shift() ?? 'CCCC-CCCC',
    });
    const a = await s.create();
    const b = await s.create();
    expect(a).toMatchObject({ ok: true, value: { code: 'AAAA-AAAA' } });
    expect(b).toMatchObject({ ok: true, value: { code: 'BBBB-BBBB' } });
    const stuck = createRedisOrderStore(redis, {
      prefix,
      clock,
      keySecret: KEY_SECRET,
      generateCode: () => 'AAAA-AAAA',
    });
    expect(await stuck.create()).toMatchObject({ ok: false, code: 'order.code-exhausted' });
  });
});
