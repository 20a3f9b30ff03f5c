import { createRedisOwedRefunds } from '../../src/enrollment/create-redis-owed-refunds.js';
import type { OwedRefund } from '../../src/enrollment/owed-refunds.js';
import { refundOrderPayment } from '../../src/enrollment/refund-order-payment.js';
import { refundRetryDelayMs } from '../../src/enrollment/refund-retry-delay-ms.js';
import { retryOwedRefunds } from '../../src/enrollment/retry-owed-refunds.js';
import type { PaymentErrorCode, PaymentProvider, RefundRequest } from '../../src/payment/payment-provider.js';
import { fixedClock } from '../../src/shared/clock.js';
import { err, ok } from '../../src/shared/result.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';

const T0 = new Date('2026-11-26T10:00:00Z');
const MINUTE = 60_000;
const amount = { value: 29900, currency: 'NOK' };

/** A PSP whose refund answers follow a script (then succeed); records each request. */
function scriptedPsp(answers: (PaymentErrorCode | 'ok')[]) {
  const requests: RefundRequest[] = [];
  const psp = {
    requests,
    refund: async (r: RefundRequest) => {
      requests.push(r);
      const a = answers.shift() ?? 'ok';
      return a === 'ok' ? ok({ refundPspReference: 'R1', status: 'received' as const }) : err(a, a);
    },
  } as unknown as PaymentProvider & { requests: RefundRequest[] };
  return psp;
}

describe.each(STORES)('owed refunds on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const setup = (answers: (PaymentErrorCode | 'ok')[]) => {
    const clock = fixedClock(T0);
    const audit: { outcome: string; detail?: string }[] = [];
    const warnings: Record<string, unknown>[] = [];
    const deps = {
      payments: scriptedPsp(answers),
      owedRefunds: createRedisOwedRefunds(db.redis, db.prefix),
      clock,
      audit: {
        append: async (e: { outcome: string; detail?: string }) => (audit.push(e), '1-0'),
        recent: async () => [],
      },
      log: { info: () => {}, warn: (f: Record<string, unknown>) => void warnings.push(f) },
    };
    return { deps, clock, audit, warnings, psp: deps.payments as ReturnType<typeof scriptedPsp> };
  };
  const order = { orderId: 'o-1', pspReference: 'PSP1', amount, reason: 'order-failed' as const };

  test('backs off 1, 2, 4 … minutes, at most six hours', () => {
    expect([1, 2, 3, 4].map(refundRetryDelayMs)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]);
    expect(refundRetryDelayMs(30)).toBe(6 * 60 * MINUTE);
  });

  test('an unreachable PSP: owed, asked again when due with the same key, then no longer owed', async () => {
    const { deps, clock, audit, psp } = setup(['payment.provider-unavailable', 'payment.provider-timeout']);

    expect(await refundOrderPayment(deps, order)).toBe('queued');
    expect(await deps.owedRefunds.counts()).toEqual({ owed: 1, refused: 0 });
    expect(await retryOwedRefunds(deps)).toEqual({ asked: 0, refunded: 0 }); // not due yet

    clock.set(new Date(T0.getTime() + MINUTE));
    expect(await retryOwedRefunds(deps)).toEqual({ asked: 1, refunded: 0 }); // timed out again
    clock.set(new Date(T0.getTime() + 2 * MINUTE));
    expect(await retryOwedRefunds(deps)).toEqual({ asked: 0, refunded: 0 }); // now 2 minutes later
    clock.set(new Date(T0.getTime() + 3 * MINUTE));
    expect(await retryOwedRefunds(deps)).toEqual({ asked: 1, refunded: 1 });

    expect(await deps.owedRefunds.counts()).toEqual({ owed: 0, refused: 0 });
    expect(new Set(psp.requests.map((r) => r.idempotencyKey))).toEqual(new Set(['o-1:r:PSP1']));
    expect(audit.map((a) => a.outcome)).toEqual([
      'payment.provider-unavailable',
      'payment.provider-timeout',
      'ok',
    ]);
    expect(audit.map((a) => a.detail)).toEqual([undefined, '{"retry":1}', '{"retry":2}']);
  });

  test('a refund the PSP refuses is not retried: it is kept and counted for an operator', async () => {
    const { deps, clock, warnings, psp } = setup(['payment.provider-rejected']);
    expect(await refundOrderPayment(deps, order)).toBe('refused');
    expect(await deps.owedRefunds.counts()).toEqual({ owed: 0, refused: 1 });
    expect(warnings).toEqual([expect.objectContaining({ event: 'payment.refund-refused' })]);
    clock.set(new Date(T0.getTime() + 60 * MINUTE));
    expect(await retryOwedRefunds(deps)).toEqual({ asked: 0, refunded: 0 });
    expect(psp.requests).toHaveLength(1);
    // Once an operator has refunded it by hand, clearing it takes it off the count.
    await deps.owedRefunds.clear(order.orderId, order.pspReference);
    expect(await deps.owedRefunds.counts()).toEqual({ owed: 0, refused: 0 });
  });

  test('a refund made another way (a PSP redelivery) clears what was owed', async () => {
    const { deps } = setup(['payment.provider-unavailable', 'ok']);
    await refundOrderPayment(deps, order);
    expect(await deps.owedRefunds.counts()).toEqual({ owed: 1, refused: 0 });
    expect(await refundOrderPayment(deps, order)).toBe('requested');
    expect(await deps.owedRefunds.counts()).toEqual({ owed: 0, refused: 0 });
  });

  test('two instances running the job at once never take the same refund', async () => {
    const owed = createRedisOwedRefunds(db.redis, db.prefix);
    const entries: OwedRefund[] = Array.from({ length: 30 }, (_, i) => ({
      ...order,
      orderId: `o-${i}`,
      attempts: 1,
      lastCode: 'payment.provider-unavailable',
    }));
    for (const e of entries) await owed.record(e, T0);
    const [a, b] = await Promise.all([owed.claimDue(T0, 20, 5 * MINUTE), owed.claimDue(T0, 20, 5 * MINUTE)]);
    const ids = [...a, ...b].map((e) => e.orderId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Claimed entries come back after their lease if nobody settled them.
    expect(await owed.claimDue(new Date(T0.getTime() + 4 * MINUTE), 50, MINUTE)).toEqual([]);
    expect(await owed.claimDue(new Date(T0.getTime() + 5 * MINUTE), 50, MINUTE)).toHaveLength(30);
  });
});
