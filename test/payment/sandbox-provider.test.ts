import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedisSeenNotificationStore } from '../../src/payment/create-redis-seen-notification-store.js';
import {
  createSandboxPaymentProvider,
  type SandboxNotification,
  type SandboxPaymentProvider,
} from '../../src/payment/create-sandbox-payment-provider.js';
import type { CreatePaymentRequest } from '../../src/payment/payment-provider.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';

/** The sandbox adapter as the sandbox hosted page and the order code use it, on the in-memory store. */
describe('sandbox payment adapter', () => {
  const clock = fixedClock(new Date('2026-11-26T00:00:00Z'));
  const hmacKey = randomBytes(32).toString('hex');
  let redis: Redis;
  let sandbox: SandboxPaymentProvider;
  let delivered: SandboxNotification[];
  let refundOutcome: 'refunded' | 'refund-failed';

  const request = (over: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
    orderId: `order-${randomBytes(3).toString('hex')}`,
    amount: { value: 29900, currency: 'NOK' },
    returnUrl: 'http://localhost:3000/order/return',
    shopperLocale: 'en-GB',
    idempotencyKey: randomBytes(16).toString('hex'),
    holderName: { givenNames: 'José', surname: 'Núñez García' },
    ...over,
  });
  const nextDelivery = async () => {
    for (let i = 0; i < 50 && delivered.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    const d = delivered.shift();
    if (!d) throw new Error('nothing delivered');
    return d;
  };

  beforeEach(() => {
    redis = createRedisConnection(undefined);
    // Each test's own outbox: a late delivery of the previous test cannot land in it.
    const outbox: SandboxNotification[] = [];
    delivered = outbox;
    refundOutcome = 'refunded';
    sandbox = createSandboxPaymentProvider(
      { pageBaseUrl: 'http://localhost:3000/sandbox/pay', hmacKey, currency: 'NOK' },
      {
        seen: createRedisSeenNotificationStore(redis, { prefix: 'eid:payment:seen:' }),
        clock,
        deliver: async (n) => {
          outbox.push(n);
        },
        refundOutcome: () => refundOutcome,
      },
    );
  });
  afterEach(() => redis.disconnect());

  test('creating is deterministic per idempotency key and leads to the sandbox page', async () => {
    const req = request();
    const a = await sandbox.createPayment(req);
    const b = await sandbox.createPayment(req);
    expect(a).toEqual(b);
    if (!a.ok) return;
    expect(a.value.redirectUrl).toBe(`http://localhost:3000/sandbox/pay/${a.value.paymentId}`);
    expect(sandbox.getSandboxPayment(a.value.paymentId)).toEqual({
      paymentId: a.value.paymentId,
      orderId: req.orderId,
      amount: req.amount,
      returnUrl: req.returnUrl,
      shopperLocale: 'en-GB',
      status: 'open',
    });
    expect(await sandbox.createPayment({ ...req, orderId: 'other-order' })).toMatchObject({
      ok: false,
      code: 'payment.provider-rejected',
    });
  });

  test.each([
    ['JOSE NUNEZ GARCIA', 'match'],
    ['J NUNEZ GARCIA', 'partial'],
    ['JOHN DOE', 'no-match'],
    ['', 'unavailable'],
  ])(
    'the page completes with cardholder %p → a signed notification with name check %s',
    async (cardholderName, nameCheck) => {
      const created = await sandbox.createPayment(request());
      if (!created.ok) throw new Error(created.detail);
      const done = await sandbox.completeSandboxPayment(created.value.paymentId, {
        cardholderName,
        approve: true,
      });
      expect(done).toMatchObject({
        ok: true,
        value: { nameCheck, returnUrl: 'http://localhost:3000/order/return' },
      });
      if (!done.ok) return;

      const verified = await sandbox.verifyWebhook(done.value.rawBody, done.value.headers);
      expect(verified).toMatchObject({
        ok: true,
        value: {
          notifications: [
            {
              outcome: 'authorised',
              pspReference: done.value.pspReference,
              merchantReference: created.value.reference,
              paymentId: created.value.paymentId,
              nameCheck,
              duplicate: false,
            },
          ],
        },
      });
      // the delivered copy is the same notification: a duplicate, acknowledged
      const again = await sandbox.verifyWebhook((await nextDelivery()).rawBody, {});
      expect(again).toMatchObject({ ok: true, value: { notifications: [{ duplicate: true }] } });
      expect(await sandbox.completeSandboxPayment(created.value.paymentId, { approve: true })).toMatchObject({
        ok: false,
        code: 'payment.sandbox-already-completed',
      });
    },
  );

  test('a declined payment is refused and cannot be refunded', async () => {
    const created = await sandbox.createPayment(request());
    if (!created.ok) throw new Error(created.detail);
    const done = await sandbox.completeSandboxPayment(created.value.paymentId, {
      cardholderName: 'JOSE NUNEZ GARCIA',
      approve: false,
    });
    if (!done.ok) throw new Error(done.detail);
    expect(await sandbox.verifyWebhook(done.value.rawBody, {})).toMatchObject({
      ok: true,
      value: { notifications: [{ outcome: 'refused' }] },
    });
    expect(
      await sandbox.refund({
        pspReference: done.value.pspReference,
        orderId: created.value.reference,
        amount: { value: 29900, currency: 'NOK' },
        idempotencyKey: randomBytes(16).toString('hex'),
        reason: 'order-failed',
      }),
    ).toMatchObject({ ok: false, code: 'payment.provider-rejected' });
  });

  test.each(['refunded', 'refund-failed'] as const)(
    'refund after the order failed → %s notification',
    async (outcome) => {
      refundOutcome = outcome;
      const created = await sandbox.createPayment(request());
      if (!created.ok) throw new Error(created.detail);
      const done = await sandbox.completeSandboxPayment(created.value.paymentId, {
        cardholderName: 'JOSE NUNEZ GARCIA',
        approve: true,
      });
      if (!done.ok) throw new Error(done.detail);
      await nextDelivery();
      const refund = await sandbox.refund({
        pspReference: done.value.pspReference,
        orderId: created.value.reference,
        amount: { value: 29900, currency: 'NOK' },
        idempotencyKey: randomBytes(16).toString('hex'),
        reason: 'order-failed',
      });
      expect(refund).toMatchObject({ ok: true, value: { status: 'received' } });
      expect(delivered).toHaveLength(0); // delivered after refund() returned, never inside it
      const verified = await sandbox.verifyWebhook((await nextDelivery()).rawBody, {});
      expect(verified).toMatchObject({
        ok: true,
        value: {
          notifications: [
            {
              outcome,
              originalReference: done.value.pspReference,
              merchantReference: created.value.reference,
              nameCheck: 'unavailable',
            },
          ],
        },
      });
    },
  );

  test('a notification forged without the sandbox key is rejected', async () => {
    const created = await sandbox.createPayment(request());
    if (!created.ok) throw new Error(created.detail);
    const done = await sandbox.completeSandboxPayment(created.value.paymentId, {
      cardholderName: 'X',
      approve: true,
    });
    if (!done.ok) throw new Error(done.detail);
    const forged = done.value.rawBody.replace('"success":"true"', '"success":"false"');
    expect(await sandbox.verifyWebhook(forged, {})).toMatchObject({
      ok: false,
      code: 'payment.webhook-signature',
    });
  });

  test('a custom name rule plugs in', async () => {
    const strict = createSandboxPaymentProvider(
      { pageBaseUrl: 'http://localhost:3000/sandbox/pay/', hmacKey, currency: 'NOK' },
      {
        seen: createRedisSeenNotificationStore(redis, { prefix: 'x:' }),
        clock,
        nameMatcher: () => 'no-match',
      },
    );
    const created = await strict.createPayment(request());
    if (!created.ok) throw new Error(created.detail);
    const done = await strict.completeSandboxPayment(created.value.paymentId, {
      cardholderName: 'JOSE NUNEZ GARCIA',
      approve: true,
    });
    expect(done).toMatchObject({ ok: true, value: { nameCheck: 'no-match' } });
  });
});
