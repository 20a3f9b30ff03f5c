import { hashAdminSecret } from '../../src/admin/admin-secret.js';
import { cancelOrderForSupport } from '../../src/admin/cancel-order-for-support.js';
import { createRedisOrderStore } from '../../src/enrollment/create-redis-order-store.js';
import { createRedisOwedRefunds } from '../../src/enrollment/create-redis-owed-refunds.js';
import { retryOwedRefunds } from '../../src/enrollment/retry-owed-refunds.js';
import { refundOrderPayment } from '../../src/enrollment/refund-order-payment.js';
import type { RefundPayment } from '../../src/admin/cancel-order-for-support.js';
import type { PaymentProvider } from '../../src/payment/payment-provider.js';
import { err } from '../../src/shared/result.js';
import { fixedClock } from '../../src/shared/clock.js';
import { createRedisSeenNotificationStore } from '../../src/payment/create-redis-seen-notification-store.js';
import { createSandboxPaymentProvider } from '../../src/payment/create-sandbox-payment-provider.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { systemClock } from '../../src/shared/clock.js';
import { formField } from '../support/browser.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { STORES, storeUnderTest } from '../support/store-under-test.js';
import { newOrder } from '../registration/support.js';
import { chipVerifiedEvent } from '../support/order-events.js';

const ADMIN = { name: 'ops', secret: 'correct horse battery staple' };
const SUPPORT = { name: 'helpdesk', secret: 'support secret phrase' };
const credentials = `${ADMIN.name}:admin:${hashAdminSecret(ADMIN.secret)},${SUPPORT.name}:support:${hashAdminSecret(SUPPORT.secret)}`;
const basic = (who: { name: string; secret: string }) =>
  `Basic ${Buffer.from(`${who.name}:${who.secret}`).toString('base64')}`;

const chipVerified = chipVerifiedEvent;

/** Helpdesk work on registrations: find an order by the code the person reads out, cancel it. */
describe('admin API: order support', () => {
  let op: RunningProvider;
  beforeAll(async () => {
    op = await startProvider({
      memoryStore: true,
      env: { ADMIN_CREDENTIALS: credentials, TRUST_PROXY: 'true' },
    });
  });
  afterAll(() => op.cleanup());

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    who: { name: string; secret: string } | null = SUPPORT,
  ) => {
    const res = await fetch(`${op.issuer}/admin/v1${path}`, {
      method,
      headers: {
        ...(who ? { authorization: basic(who) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** An order read with the sandbox reader: matched in the register, waiting for payment. */
  async function matchedOrder() {
    const person = sandboxPersons.nordicLetters;
    const { user, code } = await newOrder(op, person.identityNumber);
    const page = await user.page('/register/order');
    const link = /id="sandbox-reader-link" href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const reader = await user.page(link);
    const read = await user.submit('/sandbox/reader', {
      csrf: formField(reader.text, 'csrf'),
      token: formField(reader.text, 'token'),
      code: '',
      person: 'nordicLetters',
      defect: 'none',
    });
    expect(read.text).toContain('data-state="registry_matched"');
    return { user, code, person };
  }

  test('support reads an order by its code, typed loosely; the answer names no one', async () => {
    const { code } = await matchedOrder();
    const typed = code.toLowerCase().replace('-', '');
    const read = await call('GET', `/orders/${typed}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ code, state: 'registry_matched', chipVerified: true, paid: false });
    // No names, birth dates or document numbers: an order code read out on the phone proves nothing.
    expect(JSON.stringify(read.body)).not.toMatch(
      /SAETHER|ODEGARD|Sæther|Ødegård|dateOfBirth|documentNumber/i,
    );

    expect(await call('GET', '/orders/ZZZZ-ZZZZ')).toMatchObject({
      status: 404,
      body: { error: 'order.not-found' },
    });
    expect(await call('GET', '/orders/0000')).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });

  test('cancelling an unpaid order needs no refund; the person sees it cancelled; twice is one cancellation', async () => {
    const { user, code } = await matchedOrder();
    const cancelled = await call('POST', `/orders/${code}/cancel`, { reason: 'holder-request' });
    expect(cancelled).toMatchObject({
      status: 200,
      body: {
        refund: 'not-needed',
        order: { state: 'cancelled', cancellation: { by: 'support', reasonCode: 'cancel.holder-request' } },
      },
    });
    expect((await user.page('/register/order')).text).toContain('data-state="cancelled"');
    // Cancelling again is the same cancellation (idempotent), not a second one.
    const again = await call('POST', `/orders/${code}/cancel`, {});
    expect(again).toMatchObject({
      status: 200,
      body: { refund: 'not-needed', order: { state: 'cancelled' } },
    });
    expect(again.body.order.cancellation).toEqual(cancelled.body.order.cancellation);
  });

  test('bad input is refused with the field named and changes nothing', async () => {
    const { code } = await matchedOrder();
    const bad = await call('POST', `/orders/${code}/cancel`, { reason: 'because I said so' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(bad.body.error_description).toMatch(/^reason:/);
    expect(
      await call('POST', `/orders/${code}/cancel`, { reason: 'other', note: 'free text' }),
    ).toMatchObject({ status: 400 });
    expect((await call('GET', `/orders/${code}`)).body.state).toBe('registry_matched');
  });

  test('person lookup takes the identity number in the body and shows the eID without personal data', async () => {
    const person = sandboxPersons.active;
    await op.app.eids.issue(
      {
        pid: person.identityNumber,
        givenName: 'Kari',
        familyName: 'Nordmann',
        birthDate: '1990-01-01',
        document: { number: 'X1', issuingState: 'SWE', type: 'P', expiresOn: '2031-01-01' },
        evidence: {
          orderId: 'o-1',
          auditId: '1-0',
          activeAuthentication: 'rsa',
          sodDigest: 'ab'.repeat(32),
          cardholderNameCheck: 'match',
        },
      },
      { validForMs: 60_000 },
    );
    const found = await call('POST', '/person-lookup', { pid: person.identityNumber });
    expect(found).toMatchObject({
      status: 200,
      body: { eid: { status: 'issued_not_activated', activationPending: true, orderId: 'o-1' } },
    });
    expect(JSON.stringify(found.body)).not.toMatch(/Kari|Nordmann|X1/);
    const unknown = await call('POST', '/person-lookup', { pid: sandboxPersons.dNumber.identityNumber });
    expect(unknown.body).toEqual({ eid: null, devices: [] });
    expect(await call('POST', '/person-lookup', { pid: '12345678901' })).toMatchObject({ status: 400 });
  });

  test('anonymous callers get 401, and every support call is audited without identity numbers', async () => {
    expect((await call('GET', '/orders/ABCD-EFGH', undefined, null)).status).toBe(401);
    const audit = await call('GET', '/audit?count=200', undefined, ADMIN);
    const actions = audit.body.entries.map(
      (e: { action: string; actor: string }) => `${e.actor}:${e.action}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['helpdesk:order.read', 'helpdesk:order.cancel', 'helpdesk:person.lookup']),
    );
    expect(actions.some((a: string) => a.startsWith('anonymous:'))).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(sandboxPersons.active.identityNumber);
    // Support may not read the audit log itself, nor register clients.
    expect((await call('GET', '/audit')).status).toBe(403);
    expect((await call('POST', '/clients', { redirect_uris: ['https://x.example/cb'] })).status).toBe(403);
  });
});

/** The refund side of a support cancel, against the sandbox PSP (its payments live in-process). */
describe.each(STORES)('cancelling a paid order on %s', (_name, connect) => {
  const db = storeUnderTest(connect);
  const price = { value: 29900, currency: 'NOK' };
  const owed = () => createRedisOwedRefunds(db.redis, db.prefix);
  const quiet = { info: () => {}, warn: () => {} };
  const noAudit = { append: async () => '1-0', recent: async () => [] };
  /** The registration's refund path over `payments`, as the app wires it for support. */
  const refundVia =
    (payments: PaymentProvider, clock = fixedClock(new Date())) =>
    (input: Parameters<RefundPayment>[0]) =>
      refundOrderPayment({ payments, audit: noAudit, log: quiet, owedRefunds: owed(), clock }, input);

  async function paidOrder(refundOutcome?: 'refund-failed') {
    const orders = createRedisOrderStore(db.redis, {
      prefix: db.prefix,
      clock: systemClock,
      keySecret: 'k'.repeat(32),
    });
    const payments = createSandboxPaymentProvider(
      { pageBaseUrl: 'http://localhost/sandbox/pay/', hmacKey: 'a1'.repeat(32), currency: 'NOK' },
      {
        seen: createRedisSeenNotificationStore(db.redis, { prefix: `${db.prefix}:seen:` }),
        ...(refundOutcome ? { refundOutcome: () => refundOutcome } : {}),
      },
    );
    const created = await orders.create();
    if (!created.ok) throw new Error(created.code);
    const id = created.value.id;
    await orders.apply(id, chipVerified);
    await orders.apply(id, { type: 'registryMatched', key: 'reg-1', personRef: 'p:1' });
    const payment = await payments.createPayment({
      orderId: id,
      amount: price,
      returnUrl: 'http://localhost/register/order',
      shopperLocale: 'nb-NO',
      idempotencyKey: `${id}:pay`,
      holderName: { givenNames: 'OLA', surname: 'NORDMANN' },
    });
    if (!payment.ok) throw new Error(payment.code);
    const done = await payments.completeSandboxPayment(payment.value.paymentId, {
      cardholderName: 'OLA NORDMANN',
      approve: true,
    });
    if (!done.ok) throw new Error(done.code);
    await orders.apply(id, {
      type: 'paymentConfirmed',
      key: `psp:${done.value.pspReference}`,
      paymentRef: done.value.pspReference,
    });
    return { orders, payments, id };
  }

  test('the money goes back once, even when support cancels twice', async () => {
    const { orders, payments, id } = await paidOrder();
    const first = await cancelOrderForSupport(
      { orders, refund: refundVia(payments), price },
      id,
      'cancel.stuck',
    );
    expect(first).toMatchObject({
      ok: true,
      value: { refund: 'requested', order: { state: 'cancelled', refundRequired: true } },
    });
    const again = await cancelOrderForSupport(
      { orders, refund: refundVia(payments), price },
      id,
      'cancel.stuck',
    );
    // The order is already cancelled (a duplicate of the same event), and the PSP saw one refund.
    expect(again.ok ? again.value.refund : again.code).toBe('requested');
    const order = await orders.get(id);
    if (!order.ok) throw new Error(order.code);
    const extra = await payments.refund({
      pspReference: order.value.payment!.paymentRef,
      orderId: id,
      amount: price,
      idempotencyKey: 'someone-else',
      reason: 'customer-request',
    });
    expect(extra).toMatchObject({ ok: false, code: 'payment.provider-rejected' });
  });

  test('a refund the PSP refuses is reported as failed, not hidden', async () => {
    const { orders, id } = await paidOrder();
    const refusing = createSandboxPaymentProvider(
      { pageBaseUrl: 'http://localhost/sandbox/pay/', hmacKey: 'a1'.repeat(32), currency: 'NOK' },
      { seen: createRedisSeenNotificationStore(db.redis, { prefix: `${db.prefix}:seen2:` }) },
    );
    // This PSP instance never saw the payment: it refuses the refund.
    const r = await cancelOrderForSupport({ orders, refund: refundVia(refusing), price }, id, undefined);
    expect(r).toMatchObject({
      ok: true,
      value: { refund: 'failed', order: { state: 'cancelled', refundRequired: true } },
    });
    // Not asked again (the answer would not change), but kept and counted for an operator.
    expect(await owed().counts()).toMatchObject({ owed: 0, refused: 1 });
  });

  test('a PSP that cannot be reached: the refund is queued, and the refund job makes it once', async () => {
    const { orders, payments, id } = await paidOrder();
    const down = { ...payments, refund: async () => err('payment.provider-unavailable', 'PSP down') };
    const cancelledAt = new Date();
    const r = await cancelOrderForSupport(
      { orders, refund: refundVia(down, fixedClock(cancelledAt)), price },
      id,
      'cancel.stuck',
    );
    expect(r).toMatchObject({ ok: true, value: { refund: 'queued', order: { state: 'cancelled' } } });
    expect(await owed().counts()).toMatchObject({ owed: 1 });

    const audit: string[] = [];
    const clock = fixedClock(cancelledAt);
    const job = {
      payments,
      owedRefunds: owed(),
      clock,
      audit: {
        append: async (e: { outcome: string }) => (audit.push(e.outcome), '1-0'),
        recent: async () => [],
      },
      log: { info: () => {}, warn: () => {} },
    };
    // Not due yet: nothing is asked.
    expect(await retryOwedRefunds(job)).toEqual({ asked: 0, refunded: 0 });
    clock.set(new Date(cancelledAt.getTime() + 61_000));
    expect(await retryOwedRefunds(job)).toEqual({ asked: 1, refunded: 1 });
    expect(audit).toEqual(['ok']);
    expect(await owed().counts()).toMatchObject({ owed: 0 });
    // The PSP made exactly one refund: the full amount is gone.
    const order = await orders.get(id);
    const extra = await payments.refund({
      pspReference: order.ok ? order.value.payment!.paymentRef : '',
      orderId: id,
      amount: price,
      idempotencyKey: 'someone-else',
      reason: 'customer-request',
    });
    expect(extra).toMatchObject({ ok: false, code: 'payment.provider-rejected' });
  });
});
