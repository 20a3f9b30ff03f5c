// The security review's findings on the registration (docs/registration.md, "Decisions"): each
// test walks the attack or the failure and shows it no longer works.
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { sandboxUnavailableIdentityNumber } from '../../src/registry/sandbox-unavailable-identity-number.js';
import { createRedisAuditLog } from '../../src/shared/audit-log.js';
import { systemClock } from '../../src/shared/clock.js';
import { formField } from '../support/browser.js';
import type { RunningProvider } from '../support/start-provider.js';
import {
  chipFor,
  newOrder,
  orderStore,
  postWebhook,
  readerApi,
  readerTokenOf,
  Registrant,
  signedNotification,
  startFaceVendor,
  startRegistrationProvider,
} from './support.js';

const MARIA = sandboxPersons.active.identityNumber;
const PRIYA = sandboxPersons.dNumber;
const PRIYA_CHIP = {
  surname: 'SHARMA',
  givenNames: 'PRIYA',
  birthDate: '1990-07-02',
  nationality: 'IND',
  documentNumber: 'Z7654321',
};
const PRICE = 29900;
// Steps before the register need no real person; Maria is kept for the rest (10 orders per number).
let individual = 250;
const anyNumber = () => makeIdentityNumber({ birthDate: '1985-03-14', individual: individual++ });
let psp = 0;
const pspReference = () => `SECTEST${String(++psp).padStart(9, '0')}`;
const secretOf = (html: string) => /id="activation-secret">([^<]+)</.exec(html)?.[1];

describe.each([
  ['Redis', false],
  ['the in-memory store', true],
] as const)('registration security on %s', (_store, memoryStore) => {
  let op: RunningProvider;
  let pki: Awaited<ReturnType<typeof startRegistrationProvider>>['pki'];
  let vendor: Awaited<ReturnType<typeof startFaceVendor>>;
  let reader: ReturnType<typeof readerApi>;
  beforeAll(async () => {
    vendor = await startFaceVendor(() => op.issuer);
    ({ op, pki } = await startRegistrationProvider({ env: vendor.env, memoryStore }));
    reader = readerApi(op);
  });
  afterAll(async () => {
    await op.cleanup();
    await vendor.close();
  });

  const orders = () => orderStore(op.app.redis, op.prefix);
  const stateOf = async (orderId: string) => {
    const o = await orders().get(orderId);
    return o.ok ? o.value : undefined;
  };
  const auditOf = async (orderId: string) =>
    (await createRedisAuditLog(op.app.redis, op.prefix, systemClock).recent(5000)).filter(
      (a) => a.target === orderId,
    );
  async function matchedOrder(pid = MARIA, person: object = {}) {
    const order = await newOrder(op, pid);
    const { up, orderId } = await reader.read(vendor, order.token, chipFor(pki, person));
    expect(up.json.state).toBe('registry_matched');
    return { ...order, orderId };
  }
  /** The PSP's authorisation, delivered to the webhook (the registrant has not looked yet). */
  async function authorise(orderId: string, nameCheck: 'match' | 'noMatch' = 'match', ref = pspReference()) {
    const body = signedNotification({
      pspReference: ref,
      merchantReference: orderId,
      value: PRICE,
      nameCheck,
    });
    const res = await postWebhook(op, body);
    return { res, body, ref };
  }
  async function resumeIn(code: string, pid: string) {
    const other = new Registrant(op.issuer);
    const form = await other.page('/register/resume');
    const page = await other.submit('/register/resume', { csrf: formField(form.text, 'csrf'), code, pid });
    expect(page.status).toBe(200);
    return { other, page };
  }

  describe('activation secret', () => {
    test('a second browser that resumes with code + number neither sees nor renews the secret', async () => {
      const { user, code, orderId } = await matchedOrder();
      // Someone who knows the order code and the identity number, in another browser, with the
      // order's form token from the payment page.
      const { other, page: before } = await resumeIn(code, MARIA);
      const csrf = formField(before.text, 'csrf');
      await authorise(orderId);
      expect((await stateOf(orderId))?.state).toBe('issued');
      const page = await other.page('/register/order');
      expect(page.text).toContain('id="secret-elsewhere"');
      expect(page.text).not.toContain('id="activation-secret"');
      expect(page.text).not.toContain('id="new-activation-code"');
      const renew = await other.submit('/register/order/new-code', { csrf });
      expect(renew.status).toBe(403);
      expect(renew.text).toContain('data-code="secret.not-owner"');
      expect(renew.text).not.toContain('id="activation-secret"');

      // The registrant's browser still gets the one secret, and it is the eID's.
      const receipt = await user.page('/register/order');
      const secret = secretOf(receipt.text);
      expect(secret).toBeTruthy();
      expect((await op.app.eids.checkActivationSecret(MARIA, secret!)).ok).toBe(true);
      // …and may renew it; the resumed browser still may not.
      const reload = await user.page('/register/order');
      expect([reload.status, secretOf(reload.text)]).toEqual([200, undefined]);
      const renewed = await user.post('/register/order/new-code');
      expect(secretOf(renewed.text)).toBeTruthy();
      expect((await other.submit('/register/order/new-code', { csrf })).status).toBe(403);
      const outcomes = (await auditOf(orderId))
        .filter((a) => a.action === 'eid.activation-renewed')
        .map((a) => a.outcome);
      expect(outcomes).toEqual(expect.arrayContaining(['secret.not-owner', 'ok']));
      expect((await auditOf(orderId)).some((a) => a.action === 'order.resume' && a.outcome === 'ok')).toBe(
        true,
      );
    });

    test('two receipt loads at once: exactly one shows the secret', async () => {
      const { user, orderId } = await matchedOrder();
      await authorise(orderId);
      const pages = await Promise.all(Array.from({ length: 6 }, () => user.page('/register/order')));
      const shown = pages.map((p) => secretOf(p.text)).filter(Boolean);
      expect(shown).toHaveLength(1);
      expect((await op.app.eids.checkActivationSecret(MARIA, shown[0]!)).ok).toBe(true);
      // The clear secret is gone from the store, and it never was in the vault record.
      expect(await op.app.redis.exists(`${op.prefix}:order-secret:${orderId}`)).toBe(0);
    });
  });

  describe('payment', () => {
    test('interrupted after paymentConfirmed with a no-match card: the redelivery fails the order and refunds', async () => {
      const { orderId } = await matchedOrder();
      const ref = pspReference();
      // The crash: the payment was recorded (with the issuer's verdict), nothing after it ran.
      const paid = await orders().apply(orderId, {
        type: 'paymentConfirmed',
        key: `psp:${ref}`,
        paymentRef: ref,
        nameCheck: 'no-match',
      });
      expect(paid.ok).toBe(true);
      const { res } = await authorise(orderId, 'noMatch', ref);
      expect(res.status).toBe(200);
      expect(await stateOf(orderId)).toMatchObject({
        state: 'failed',
        refundRequired: true,
        failure: { reasonCode: 'payment.cardholder-mismatch' },
      });
      expect((await op.app.eids.get(MARIA))?.evidence.orderId).not.toBe(orderId);
      // Requested (the sandbox PSP refuses it: this test's payment was never made on its page).
      expect((await auditOf(orderId)).some((a) => a.action === 'order.refund-requested')).toBe(true);
    });

    test('an order paid before the verdict was recorded is not issued without one', async () => {
      const { orderId } = await matchedOrder();
      const ref = pspReference();
      await orders().apply(orderId, { type: 'paymentConfirmed', key: `psp:${ref}`, paymentRef: ref });
      await authorise(orderId, 'match', ref);
      expect((await stateOf(orderId))?.failure?.reasonCode).toBe('payment.name-check-missing');
      expect((await op.app.eids.get(MARIA))?.evidence.orderId).not.toBe(orderId);
    });

    test('processing that throws before the payment is recorded is finished by the redelivery', async () => {
      const { orderId } = await matchedOrder();
      const redis = op.app.redis;
      const hget = redis.hget.bind(redis);
      let failures = 1;
      // The order store's first read of this order fails (a Redis blip after the item was seen).
      redis.hget = ((key: string, ...rest: unknown[]) => {
        if (failures > 0 && key.endsWith(`:order:${orderId}`)) {
          failures -= 1;
          return Promise.reject(new Error('connection lost'));
        }
        return (hget as (...a: unknown[]) => Promise<string | null>)(key, ...rest);
      }) as typeof redis.hget;
      try {
        const { res, body } = await authorise(orderId);
        expect(res.status).toBe(500);
        expect((await stateOf(orderId))?.state).toBe('registry_matched');
        // The PSP delivers the unacknowledged item again: same bytes, so the seen store says duplicate.
        const again = await postWebhook(op, body);
        expect([again.status, await again.text()]).toEqual([200, '[accepted]']);
      } finally {
        redis.hget = hget;
      }
      expect((await stateOf(orderId))?.state).toBe('issued');
    });

    test('a revoked eID is not issued again by a new registration: failed (eid.revoked) and refunded', async () => {
      const first = await matchedOrder(PRIYA.identityNumber, PRIYA_CHIP);
      await authorise(first.orderId);
      expect((await op.app.eids.get(PRIYA.identityNumber))?.status).toBe('issued_not_activated');
      await op.app.eids.setRevoked(PRIYA.identityNumber, true);

      const second = await matchedOrder(PRIYA.identityNumber, PRIYA_CHIP);
      await authorise(second.orderId);
      expect(await stateOf(second.orderId)).toMatchObject({
        state: 'failed',
        refundRequired: true,
        failure: { reasonCode: 'eid.revoked' },
      });
      const record = await op.app.eids.get(PRIYA.identityNumber);
      expect(record).toMatchObject({ status: 'revoked', evidence: { orderId: first.orderId } });
      expect((await auditOf(second.orderId)).some((a) => a.action === 'order.refund-requested')).toBe(true);
      expect((await second.user.page('/register/order')).text).toContain('data-code="eid.revoked"');
    });
  });

  describe('reader', () => {
    test('a typed code answers alike for an unknown order and for one that is not open', async () => {
      const { user, code } = await newOrder(op, anyNumber());
      await user.post('/register/order/cancel');
      const closed = await reader.call('/sessions', { body: { orderCode: code } });
      const unknown = await reader.call('/sessions', { body: { orderCode: 'ZZZZ-ZZZZ' } });
      expect(closed).toEqual(unknown);
      expect(closed).toMatchObject({ status: 401, json: { error: 'reader.token-invalid' } });
    });

    test('the reader API never returns the order code', async () => {
      const { token, code } = await newOrder(op, anyNumber());
      const opened = await reader.call('/sessions', { body: { token } });
      expect(opened.status).toBe(201);
      const status = await reader.call('/status', { session: opened.json.session! });
      for (const r of [opened, status]) {
        expect(r.json.orderCode).toBeUndefined();
        expect(JSON.stringify(r.json)).not.toContain(code);
      }
    });

    test('a new reader link voids the old token; a new session ends the previous one', async () => {
      const { user, token } = await newOrder(op, anyNumber());
      const renewed = await user.post('/register/order/reader-link');
      const next = readerTokenOf(renewed.text)!;
      expect(next).not.toBe(token);
      expect((await reader.call('/sessions', { body: { token } })).json.error).toBe('reader.token-invalid');
      const a = await reader.open(next);
      expect((await reader.call('/status', { session: a.session })).status).toBe(200);
      // A second phone: the page gives a new link, which opens a new session for the order.
      const again = await user.post('/register/order/reader-link');
      const b = await reader.open(readerTokenOf(again.text)!);
      expect(b.orderId).toBe(a.orderId);
      expect((await reader.call('/status', { session: a.session })).status).toBe(401);
      expect((await reader.call('/status', { session: b.session })).status).toBe(200);
    });
  });

  describe('pages', () => {
    test('"try the register again" is limited per order', async () => {
      const { user, token } = await newOrder(op, sandboxUnavailableIdentityNumber);
      const { orderId } = await reader.read(vendor, token, chipFor(pki));
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await user.post('/register/order/retry-register')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const last = await user.post('/register/order/retry-register');
      expect(last.text).toContain('data-code="rate.limited"');
      expect((await stateOf(orderId))?.state).toBe('chip_verified');
      expect(
        (await auditOf(orderId)).filter((a) => a.outcome === 'registry.unavailable').length,
      ).toBeGreaterThanOrEqual(6);
    });

    test('the identity-number page does not echo the typed number; the sandbox link carries no token', async () => {
      const user = new Registrant(op.issuer);
      const typed = MARIA.slice(0, 10) + String((Number(MARIA[10]) + 1) % 10);
      const bad = await user.startWith(typed);
      expect(bad.status).toBe(400);
      expect(bad.text).not.toContain(typed);
      expect(/id="pid"[^>]*value=""/s.test(bad.text)).toBe(true);

      const { user: owner, token } = await newOrder(op, anyNumber());
      const page = await owner.page('/register/order');
      expect(page.text).toContain('id="sandbox-reader-link" href="/sandbox/reader"');
      expect(page.text).not.toMatch(/\/sandbox\/reader\?/);
      // (The sandbox reader fills the token in from the order cookie: sandbox-reader.test.ts.)
      expect(readerTokenOf(page.text)).toBe(token);
    });

    test('every register mismatch reason is audited, not only the first', async () => {
      const { token } = await newOrder(op, MARIA);
      const { up, orderId } = await reader.read(
        vendor,
        token,
        chipFor(pki, { surname: 'NOWAK', birthDate: '1985-03-15' }),
      );
      expect(up.json).toMatchObject({ state: 'failed', problem: 'match.name' });
      const outcomes = (await auditOf(orderId)).map((a) => a.outcome);
      expect(outcomes).toEqual(expect.arrayContaining(['match.name', 'match.birth-date']));
    });
  });
});
