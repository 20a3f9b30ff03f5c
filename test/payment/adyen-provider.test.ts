import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createAdyenPaymentProvider } from '../../src/payment/create-adyen-payment-provider.js';
import { createRedisSeenNotificationStore } from '../../src/payment/create-redis-seen-notification-store.js';
import type { CreatePaymentRequest, PaymentProvider } from '../../src/payment/payment-provider.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { FakeAdyen } from './support/fake-adyen.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_KEY = `AQE${randomBytes(16).toString('hex')}`;
const MERCHANT = 'PassportEidECOM';
const HMAC_KEY = randomBytes(32).toString('hex').toUpperCase();

/** Adyen payment port against a local fake of the Checkout API and its webhooks, on real Redis. */
describe('Adyen payment adapter', () => {
  const clock = fixedClock(new Date('2026-11-26T00:00:00Z'));
  const prefix = `t${randomBytes(4).toString('hex')}:payment:seen:`;
  let redis: Redis;
  let fake: FakeAdyen;
  let receiver: WebhookReceiver;
  let payments: PaymentProvider;
  const sleeps: number[] = [];

  const makeProvider = (overrides: Record<string, unknown> = {}) =>
    createAdyenPaymentProvider(
      {
        baseUrl: fake.baseUrl,
        apiKey: API_KEY,
        merchantAccount: MERCHANT,
        hmacKey: HMAC_KEY,
        currency: 'NOK',
        live: false,
        requestTimeoutMs: 300,
        retryBaseDelayMs: 10,
        ...overrides,
      },
      {
        seen: createRedisSeenNotificationStore(redis, { prefix }),
        clock,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    );

  let orderSeq = 0;
  const order = (over: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => {
    orderSeq++;
    return {
      orderId: `order-${orderSeq}-${randomBytes(3).toString('hex')}`,
      amount: { value: 29900, currency: 'NOK' },
      returnUrl: 'https://eid.example.no/order/return',
      shopperLocale: 'nb-NO',
      idempotencyKey: randomBytes(16).toString('hex'),
      holderName: { givenNames: 'ANNA MARIA', surname: 'KOWALSKA' },
      ...over,
    };
  };

  /** Creates a payment and lets the shopper pay; returns the verdict our endpoint reached. */
  const payAs = async (
    cardholderName: string,
    extra: { authorised?: boolean; nameValidation?: 'performed' | 'absent' } = {},
  ) => {
    const created = await payments.createPayment(order());
    if (!created.ok) throw new Error(created.detail);
    const delivery = await fake.completePayment(created.value.paymentId, { cardholderName, ...extra });
    return { created: created.value, delivery, verdict: receiver.last() };
  };

  const seenKeys = async () => (await redis.keys(`${prefix}*`)).sort();

  beforeAll(async () => {
    redis = createRedisConnection(TEST_REDIS_URL);
    fake = await FakeAdyen.start({ apiKey: API_KEY, merchantAccount: MERCHANT, hmacKey: HMAC_KEY, clock });
    receiver = await WebhookReceiver.start(() => payments);
    fake.webhookUrl = receiver.url;
    payments = makeProvider();
  });

  afterAll(async () => {
    await fake.close();
    await receiver.close();
    const keys = await seenKeys();
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  beforeEach(() => {
    sleeps.length = 0;
  });

  test('createPayment creates a Pay by Link page and returns its URL for the redirect', async () => {
    const req = order();
    const created = await payments.createPayment(req);
    expect(created).toMatchObject({ ok: true, value: { reference: req.orderId } });
    if (!created.ok) return;
    expect(created.value.paymentId).toMatch(/^PL[0-9A-F]{16}$/);
    expect(created.value.redirectUrl).toBe(
      `${fake.baseUrl.replace('/v71', '')}/payByLink/${created.value.paymentId}`,
    );

    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v71/paymentLinks',
      apiKey: API_KEY,
      idempotencyKey: req.idempotencyKey,
    });
    expect(sent.body).toEqual({
      merchantAccount: MERCHANT,
      reference: req.orderId,
      amount: { value: 29900, currency: 'NOK' },
      returnUrl: req.returnUrl,
      shopperLocale: 'nb-NO',
      shopperName: { firstName: 'ANNA MARIA', lastName: 'KOWALSKA' },
      allowedPaymentMethods: ['scheme'],
      reusable: false,
      expiresAt: '2026-11-26T00:30:00.000Z',
    });
  });

  test('the same idempotency key and request gives the same link; another request with it is refused', async () => {
    const req = order();
    const a = await payments.createPayment(req);
    const b = await payments.createPayment(req);
    expect(a.ok && b.ok && a.value.paymentId === b.value.paymentId).toBe(true);
    const c = await payments.createPayment({ ...req, amount: { value: 100, currency: 'NOK' } });
    expect(c).toMatchObject({ ok: false, code: 'payment.provider-rejected' });
  });

  test('bad input and a foreign currency are refused; a wrong API key is not a refusal; no retries', async () => {
    const before = fake.requests.length;
    expect(await payments.createPayment({ ...order(), idempotencyKey: 'x' })).toMatchObject({
      code: 'payment.invalid-request',
    });
    expect(await payments.createPayment(order({ amount: { value: 100, currency: 'EUR' } }))).toMatchObject({
      code: 'payment.invalid-request',
    });
    expect(fake.requests.length).toBe(before);
    // 401: our credentials are wrong (a rotated key), not the request: refunds owed are kept and
    // asked again once an operator fixes the key, instead of being dropped as refused.
    const wrongKey = makeProvider({ apiKey: 'not-the-key' });
    expect(await wrongKey.createPayment(order())).toMatchObject({
      ok: false,
      code: 'payment.provider-unavailable',
    });
    expect(fake.requests.length).toBe(before + 1);
  });

  test.each([
    ['ANNA MARIA KOWALSKA', 'match'],
    ['A KOWALSKA', 'partial'],
    ['JOHN SMITH', 'no-match'],
  ])('a payment by cardholder %s is verified with name check %s', async (cardholder, nameCheck) => {
    const { created, delivery, verdict } = await payAs(cardholder);
    expect(delivery).toMatchObject({ status: 200, response: '[accepted]' });
    expect(verdict).toMatchObject({
      ok: true,
      value: {
        notifications: [
          {
            outcome: 'authorised',
            merchantReference: created.reference,
            paymentId: created.paymentId,
            amount: { value: 29900, currency: 'NOK' },
            nameCheck,
            duplicate: false,
          },
        ],
      },
    });
  });

  test('without a verdict from the issuer the check is recorded as unavailable', async () => {
    const { verdict } = await payAs('ANNA MARIA KOWALSKA', { nameValidation: 'absent' });
    expect(verdict).toMatchObject({
      ok: true,
      value: { notifications: [{ outcome: 'authorised', nameCheck: 'unavailable' }] },
    });
    if (verdict.ok) expect(verdict.value.notifications[0]?.nameCheckDetail).toBeUndefined();
  });

  test('a refused payment is verified as refused', async () => {
    const { verdict } = await payAs('ANNA MARIA KOWALSKA', { authorised: false });
    expect(verdict).toMatchObject({
      ok: true,
      value: { notifications: [{ outcome: 'refused', reason: 'Refused' }] },
    });
  });

  test('a redelivered identical notification is acknowledged as a duplicate and recorded once', async () => {
    const { delivery } = await payAs('ANNA MARIA KOWALSKA');
    const keysBefore = (await seenKeys()).length;
    const again = await fake.post(delivery.rawBody);
    expect(again).toMatchObject({ status: 200, response: '[accepted]' });
    expect(receiver.last()).toMatchObject({ ok: true, value: { notifications: [{ duplicate: true }] } });
    expect((await seenKeys()).length).toBe(keysBefore);
  });

  describe('rejected deliveries change no state', () => {
    const tamper = (rawBody: string, edit: (item: Record<string, unknown>) => void) => {
      const body = JSON.parse(rawBody) as {
        notificationItems: { NotificationRequestItem: Record<string, unknown> }[];
      };
      edit(body.notificationItems[0]!.NotificationRequestItem);
      return JSON.stringify(body);
    };
    let valid: string;

    beforeAll(async () => {
      const created = await payments.createPayment(order());
      if (!created.ok) throw new Error(created.detail);
      // Signed but not yet delivered: the fake signs, the test decides what reaches us.
      valid = fake.sign({
        pspReference: '8815926359241234',
        merchantReference: created.value.reference,
        amount: { value: 29900, currency: 'NOK' },
        eventCode: 'AUTHORISATION',
        success: 'true',
        additionalData: { paymentLinkId: created.value.paymentId },
      });
    });

    test.each<[string, () => string, string]>([
      [
        'an amount changed after signing',
        () => tamper(valid, (i) => (i.amount = { value: 1, currency: 'NOK' })),
        'payment.webhook-signature',
      ],
      [
        'a signature made with another key',
        () =>
          fake.sign(
            { ...JSON.parse(valid).notificationItems[0].NotificationRequestItem, additionalData: {} },
            randomBytes(32).toString('hex'),
          ),
        'payment.webhook-signature',
      ],
      ['no signature', () => tamper(valid, (i) => (i.additionalData = {})), 'payment.webhook-signature'],
      [
        'an eventDate 11 minutes old',
        () =>
          tamper(valid, (i) => (i.eventDate = new Date(clock.now().getTime() - 11 * 60_000).toISOString())),
        'payment.webhook-stale',
      ],
      [
        'an eventDate 11 minutes ahead',
        () =>
          tamper(valid, (i) => (i.eventDate = new Date(clock.now().getTime() + 11 * 60_000).toISOString())),
        'payment.webhook-stale',
      ],
      ['a body that is not JSON', () => valid.slice(0, -3), 'payment.webhook-malformed'],
      [
        'a body without notificationItems',
        () => JSON.stringify({ live: 'false' }),
        'payment.webhook-malformed',
      ],
      [
        'a live notification at a test endpoint',
        () => valid.replace('"live":"false"', '"live":"true"'),
        'payment.webhook-malformed',
      ],
    ])('%s', async (_name, body, code) => {
      const keysBefore = (await seenKeys()).length;
      const delivery = await fake.post(body());
      expect(receiver.last()).toMatchObject({ ok: false, code });
      expect(delivery.status).toBeGreaterThanOrEqual(400);
      expect((await seenKeys()).length).toBe(keysBefore);
    });

    test('the untouched notification is still accepted afterwards, once', async () => {
      await fake.post(valid);
      expect(receiver.last()).toMatchObject({ ok: true, value: { notifications: [{ duplicate: false }] } });
    });

    test('a replay with a refreshed eventDate (unsigned) is rejected as a replay', async () => {
      clock.advance(20 * 60_000);
      try {
        const keysBefore = await seenKeys();
        const replay = tamper(valid, (i) => (i.eventDate = clock.now().toISOString()));
        const delivery = await fake.post(replay);
        expect(delivery.status).toBe(401);
        expect(receiver.last()).toMatchObject({ ok: false, code: 'payment.webhook-replayed' });
        expect(await seenKeys()).toEqual(keysBefore);
        // the original, now outside the window but accepted before, is Adyen's late retry: acknowledged
        const late = await fake.post(valid);
        expect(late).toMatchObject({ status: 200, response: '[accepted]' });
        expect(receiver.last()).toMatchObject({ ok: true, value: { notifications: [{ duplicate: true }] } });
        expect(await seenKeys()).toEqual(keysBefore);
      } finally {
        clock.advance(-20 * 60_000);
      }
    });

    test('a batch whose second item is a replay is rejected whole; its fresh first item is not recorded', async () => {
      const fresh = fake.sign({
        pspReference: randomBytes(8).toString('hex').toUpperCase(),
        merchantReference: 'order-batch',
        amount: { value: 29900, currency: 'NOK' },
        eventCode: 'AUTHORISATION',
        success: 'true',
      });
      const replayed = tamper(valid, (i) => (i.reason = 'edited after signing'));
      const items = [fresh, replayed].flatMap(
        (b) => (JSON.parse(b) as { notificationItems: unknown[] }).notificationItems,
      );
      const keysBefore = await seenKeys();
      await fake.post(JSON.stringify({ live: 'false', notificationItems: items }));
      expect(receiver.last()).toMatchObject({ ok: false, code: 'payment.webhook-replayed' });
      expect(await seenKeys()).toEqual(keysBefore);
      // the fresh item alone is still new
      await fake.post(fresh);
      expect(receiver.last()).toMatchObject({ ok: true, value: { notifications: [{ duplicate: false }] } });
    });

    test('a replay with an edited name verdict (unsigned additionalData) is rejected as a replay', async () => {
      const replay = tamper(valid, (i) => {
        i.additionalData = {
          ...(i.additionalData as Record<string, string>),
          'paymentValidations.name.status': 'performed',
          'paymentValidations.name.result.fullName': 'match',
        };
      });
      await fake.post(replay);
      expect(receiver.last()).toMatchObject({ ok: false, code: 'payment.webhook-replayed' });
    });
  });

  test('refund of an authorised payment: received now, refunded by notification', async () => {
    const { verdict } = await payAs('ANNA MARIA KOWALSKA');
    if (!verdict.ok) throw new Error(verdict.detail);
    const paid = verdict.value.notifications[0]!;
    const key = randomBytes(16).toString('hex');
    const refund = await payments.refund({
      pspReference: paid.pspReference,
      orderId: paid.merchantReference,
      amount: paid.amount,
      idempotencyKey: key,
      reason: 'order-failed',
    });
    expect(refund).toMatchObject({ ok: true, value: { status: 'received' } });
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/v71/payments/${paid.pspReference}/refunds`,
      idempotencyKey: key,
      body: {
        merchantAccount: MERCHANT,
        amount: { value: 29900, currency: 'NOK' },
        reference: paid.merchantReference,
        merchantRefundReason: 'OTHER',
      },
    });
    await fake.settled();
    expect(receiver.last()).toMatchObject({
      ok: true,
      value: {
        notifications: [
          {
            outcome: 'refunded',
            pspReference: refund.ok ? refund.value.refundPspReference : '',
            originalReference: paid.pspReference,
            merchantReference: paid.merchantReference,
            nameCheck: 'unavailable',
          },
        ],
      },
    });
  });

  test('a refund the PSP cannot carry out arrives as refund-failed; an unknown payment is refused at once', async () => {
    const { verdict } = await payAs('ANNA MARIA KOWALSKA');
    if (!verdict.ok) throw new Error(verdict.detail);
    const paid = verdict.value.notifications[0]!;
    fake.failRefunds();
    try {
      const refund = await payments.refund({
        pspReference: paid.pspReference,
        orderId: paid.merchantReference,
        amount: paid.amount,
        idempotencyKey: randomBytes(16).toString('hex'),
        reason: 'order-failed',
      });
      expect(refund.ok).toBe(true);
      await fake.settled();
      expect(receiver.last()).toMatchObject({
        ok: true,
        value: { notifications: [{ outcome: 'refund-failed', reason: 'Insufficient balance on payment' }] },
      });
    } finally {
      fake.failRefunds(false);
    }
    const unknown = await payments.refund({
      pspReference: '0000000000000000',
      orderId: paid.merchantReference,
      amount: paid.amount,
      idempotencyKey: randomBytes(16).toString('hex'),
      reason: 'order-failed',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'payment.provider-rejected' });
  });

  test('a 5xx is retried with the same idempotency key until it succeeds', async () => {
    fake.failNext(500, 503);
    const before = fake.requests.length;
    const req = order();
    const created = await payments.createPayment(req);
    expect(created.ok).toBe(true);
    const attempts = fake.requests.slice(before);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set([req.idempotencyKey]));
    expect(sleeps).toEqual([10, 20]);
  });

  test('a 4xx is never retried', async () => {
    const before = fake.requests.length;
    fake.failNext(422);
    expect(await payments.createPayment(order())).toMatchObject({
      ok: false,
      code: 'payment.provider-rejected',
    });
    expect(fake.requests.length - before).toBe(1);
  });

  test.each([401, 403, 409, 429])(
    'a %i (credentials, rate limit, key in progress) is not a refusal: unavailable, not retried now',
    async (status) => {
      const before = fake.requests.length;
      fake.failNext(status);
      expect(await payments.createPayment(order())).toMatchObject({
        ok: false,
        code: 'payment.provider-unavailable',
      });
      expect(fake.requests.length - before).toBe(1);
    },
  );

  test('5xx on every attempt ends as provider-unavailable', async () => {
    fake.failNext(500, 502, 500);
    expect(await payments.createPayment(order())).toMatchObject({
      ok: false,
      code: 'payment.provider-unavailable',
    });
  });

  test('an answer that never comes times out, is retried with the same key, then succeeds', async () => {
    fake.hangNext(1);
    const before = fake.requests.length;
    const req = order();
    const started = Date.now();
    const created = await payments.createPayment(req);
    expect(created.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(fake.requests.slice(before).map((r) => r.idempotencyKey)).toEqual([
      req.idempotencyKey,
      req.idempotencyKey,
    ]);
  });

  test('no answer on any attempt ends as provider-timeout', async () => {
    fake.hangNext(3);
    expect(await payments.createPayment(order())).toMatchObject({
      ok: false,
      code: 'payment.provider-timeout',
    });
  });

  test('during a key rotation notifications signed with the previous key are still accepted', async () => {
    const newKey = randomBytes(32).toString('hex');
    const rotated = makeProvider({ hmacKey: newKey, previousHmacKeys: [HMAC_KEY] });
    const body = fake.sign({
      pspReference: randomBytes(8).toString('hex').toUpperCase(),
      merchantReference: 'order-rotation',
      amount: { value: 29900, currency: 'NOK' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    });
    expect(await rotated.verifyWebhook(body, {})).toMatchObject({ ok: true });
    const notRotated = makeProvider({ hmacKey: newKey });
    expect(await notRotated.verifyWebhook(body, {})).toMatchObject({
      ok: false,
      code: 'payment.webhook-signature',
    });
  });

  test('with basic auth configured a delivery without the credentials is rejected before anything else', async () => {
    const guarded = makeProvider({ webhookBasicAuth: { username: 'adyen', password: 's3cret-webhook' } });
    const body = fake.sign({
      pspReference: randomBytes(8).toString('hex').toUpperCase(),
      merchantReference: 'order-basic',
      amount: { value: 29900, currency: 'NOK' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    });
    expect(await guarded.verifyWebhook(body, {})).toMatchObject({
      ok: false,
      code: 'payment.webhook-signature',
    });
    const auth = `Basic ${Buffer.from('adyen:s3cret-webhook').toString('base64')}`;
    expect(await guarded.verifyWebhook(body, { authorization: auth })).toMatchObject({ ok: true });
  });

  test('authenticated events the order does not act on are acknowledged and listed as ignored', async () => {
    const body = fake.sign({
      pspReference: randomBytes(8).toString('hex').toUpperCase(),
      merchantReference: 'order-capture',
      amount: { value: 29900, currency: 'NOK' },
      eventCode: 'CAPTURE',
      success: 'true',
    });
    const r = await payments.verifyWebhook(body, {});
    expect(r).toMatchObject({ ok: true, value: { notifications: [], ignored: [{ eventCode: 'CAPTURE' }] } });
  });
});
