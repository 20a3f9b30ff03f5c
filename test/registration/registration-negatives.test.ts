import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { sandboxUnavailableIdentityNumber } from '../../src/registry/sandbox-unavailable-identity-number.js';
import { formField } from '../support/browser.js';
import type { RunningProvider } from '../support/start-provider.js';
import {
  chipFor,
  newOrder as newOrderIn,
  orderStore,
  postWebhook,
  readerApi,
  signedNotification,
  startFaceVendor,
  startRegistrationProvider,
  uploadBody,
} from './support.js';

const MARIA = sandboxPersons.active.identityNumber;
// Chip checks fail before the register is asked: any synthetic number will do (and keeps the
// per-number rate limit of the register persons for the tests that need them).
let individual = 400;
const anyNumber = () => makeIdentityNumber({ birthDate: '1985-03-14', individual: individual++ });

describe('registration: each failure is specific and leaves no half state', () => {
  let op: RunningProvider;
  let pki: Awaited<ReturnType<typeof startRegistrationProvider>>['pki'];
  let vendor: Awaited<ReturnType<typeof startFaceVendor>>;
  let reader: ReturnType<typeof readerApi>;
  const logs: string[] = [];
  beforeAll(async () => {
    vendor = await startFaceVendor(() => op.issuer);
    ({ op, pki } = await startRegistrationProvider({ env: vendor.env, logs }));
    reader = readerApi(op);
  });
  afterAll(async () => {
    await op.cleanup();
    await vendor.close();
  });

  afterAll(() => {
    // Architecture §6: no identity numbers, tokens or secrets in logs, whatever happened above.
    const text = logs.join('\n');
    expect(text).toContain('registration.started');
    for (const p of Object.values(sandboxPersons)) expect(text).not.toContain(p.identityNumber);
    // Keys, not values: `by: "qr"` is fine, a `"token":` field is not.
    expect(text).not.toMatch(/"(token|session)":|activationSecret/);
    expect(text).toContain('"by":"qr"');
    // No order code in any line: nothing shaped like K7QF-3M9P (outside a UUID), and none of the
    // codes this file saw, with or without the hyphen.
    const codeLike = /(?<![0-9A-Za-z-])[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}(?![0-9A-Za-z-])/.exec(
      text,
    );
    expect(codeLike && text.slice(Math.max(0, codeLike.index - 200), codeLike.index + 40)).toBeNull();
    for (const code of codes) expect(text).not.toContain(code.replace('-', ''));
  });
  // Every order code this file saw, for the log check above.
  const codes: string[] = [];
  const newOrder = async (o: RunningProvider, pid: string) => {
    const made = await newOrderIn(o, pid);
    codes.push(made.code);
    return made;
  };
  const stateOf = async (orderId: string) => {
    const o = await orderStore(op.app.redis, op.prefix).get(orderId);
    return o.ok ? o.value : undefined;
  };

  describe('register', () => {
    test.each([
      [
        'unknown person',
        makeIdentityNumber({ birthDate: '1985-03-14', individual: 321 }),
        {},
        'registry.not-found',
      ],
      ['deceased person', sandboxPersons.deceased.identityNumber, {}, 'registry.deceased'],
      ['emigrated person', sandboxPersons.emigrated.identityNumber, {}, 'registry.emigrated'],
      ['name mismatch', MARIA, { surname: 'NOWAK' }, 'match.name'],
      ['birth-date mismatch', MARIA, { birthDate: '1985-03-15' }, 'match.birth-date'],
    ])('%s → the order fails with %s, explained on the page', async (_name, pid, person, reason) => {
      const { user, token } = await newOrder(op, pid);
      const { up, orderId } = await reader.read(vendor, token, chipFor(pki, person));
      expect(up).toEqual({ status: 200, json: { state: 'failed', problem: reason } });
      expect((await stateOf(orderId))?.failure?.reasonCode).toBe(reason);
      const page = await user.page('/register/order');
      expect(page.text).toContain(`data-code="${reason}"`);
      expect(page.text).not.toContain(pid);
    });

    test('register unavailable: order kept at chip_verified, "try later", and a retry works later', async () => {
      const { user, token } = await newOrder(op, sandboxUnavailableIdentityNumber);
      const { up, orderId } = await reader.read(vendor, token, chipFor(pki));
      expect(up).toEqual({ status: 200, json: { state: 'chip_verified', problem: 'registry.unavailable' } });
      const page = await user.page('/register/order');
      expect(page.text).toContain('data-code="registry.unavailable"');
      expect(page.text).toContain('id="retry-register"');
      await user.post('/register/order/retry-register');
      expect((await stateOf(orderId))?.state).toBe('chip_verified');
    });
  });

  describe('chip', () => {
    test('wrong Active Authentication signature: 422 chip.active-authentication, order unchanged', async () => {
      const { token } = await newOrder(op, anyNumber());
      const chip = chipFor(pki);
      const { up, orderId } = await reader.read(vendor, token, chip, {
        signature: (c) => {
          const s = chip.answerActiveAuthentication(c);
          s[s.length - 1]! ^= 1;
          return s;
        },
      });
      expect(up.status).toBe(422);
      expect(up.json.error).toBe('chip.active-authentication');
      expect((await stateOf(orderId))?.state).toBe('created');
    });

    test('a reused AA challenge is refused (chip.challenge) even with a valid signature', async () => {
      const { token } = await newOrder(op, anyNumber());
      const chip = chipFor(pki);
      const { session, orderId, challenge } = await reader.read(vendor, token, chip, { score: 0.1 });
      const face = await vendor.sign(orderId, chip);
      const again = await reader.call('/upload', { session, body: uploadBody(chip, challenge, face) });
      expect(again.status).toBe(422);
      expect(again.json.error).toBe('chip.challenge');
      expect((await stateOf(orderId))?.state).toBe('created');
    });

    test.each([
      ['forged SOD signature', { corrupt: { sodSigningKey: undefined as never } }, 'chip.not-authentic'],
      ['expired passport', { person: { expiryDate: '2020-01-01' } }, 'chip.document-expired'],
      ['wrong MRZ check digit', { corrupt: { mrzCheckDigit: 'birth-date' } }, 'chip.mrz'],
      ['injected data group', { corrupt: { unlistedDataGroups: [14] } }, 'chip.not-authentic'],
    ])('%s → 422 %s, order unchanged', async (_name, variant, code) => {
      const { token } = await newOrder(op, anyNumber());
      const { person, ...extra } = variant as { person?: object; corrupt?: Record<string, unknown> };
      if (extra.corrupt && 'sodSigningKey' in extra.corrupt)
        extra.corrupt = { sodSigningKey: pki.csca.privateKey };
      const { up, orderId } = await reader.read(vendor, token, chipFor(pki, person, extra));
      expect(up.status).toBe(422);
      expect(up.json.error).toBe(code);
      expect((await stateOf(orderId))?.state).toBe('created');
    });

    test('face match below threshold, or made for another order → 422 facematch.*', async () => {
      const { token } = await newOrder(op, anyNumber());
      const low = await reader.read(vendor, token, chipFor(pki), { score: 0.2 });
      expect(low.up.json.error).toBe('facematch.below-threshold');
      const chip = chipFor(pki);
      const challenge = await reader.challenge(low.session);
      const face = await vendor.sign('another-order', chip);
      const other = await reader.call('/upload', {
        session: low.session,
        body: uploadBody(chip, challenge, face),
      });
      expect(other.json.error).toBe('facematch.order-mismatch');
      expect((await stateOf(low.orderId))?.state).toBe('created');
    });

    test('oversized or malformed uploads are refused before anything is verified', async () => {
      const { token } = await newOrder(op, anyNumber());
      const { session, orderId } = await reader.open(token);
      const challenge = await reader.challenge(session);
      const chip = chipFor(pki);
      const body = uploadBody(chip, challenge, 'x'.repeat(20));
      const big = {
        ...body,
        dataGroups: { ...body.dataGroups, 2: Buffer.alloc(300 * 1024).toString('base64') },
      };
      const tooLarge = await reader.call('/upload', { session, body: big });
      expect(tooLarge).toEqual({
        status: 413,
        json: { error: 'chip.too-large', error_description: expect.stringContaining('dataGroups.2') },
      });
      const malformed = await reader.call('/upload', { session, body: { ...body, sod: '***' } });
      expect(malformed.status).toBe(400);
      expect(malformed.json.error).toBe('chip.malformed');
      const notJson = await reader.call('/upload', { session, raw: '{' });
      expect(notJson.json.error).toBe('invalid_json');
      expect((await stateOf(orderId))?.state).toBe('created');
      // The challenge was not consumed by refused input: it still works.
      const face = await vendor.sign(orderId, chip);
      const ok = await reader.call('/upload', { session, body: uploadBody(chip, challenge, face) });
      expect(ok.json.state).toBe('failed'); // verified, then not in the register
    });

    test('a reader token works once; an unknown session is 401', async () => {
      const { token } = await newOrder(op, anyNumber());
      await reader.open(token);
      expect(await reader.call('/sessions', { body: { token } })).toEqual({
        status: 401,
        json: { error: 'reader.token-invalid', error_description: expect.any(String) },
      });
      expect((await reader.call('/status', { session: 'A'.repeat(43) })).status).toBe(401);
      expect((await reader.call('/status')).json.error).toBe('reader.session-invalid');
    });
  });

  describe('payment', () => {
    async function matchedOrder(pid = MARIA) {
      const order = await newOrder(op, pid);
      const { up, orderId } = await reader.read(vendor, order.token, chipFor(pki));
      expect(up.json.state).toBe('registry_matched');
      return { ...order, orderId };
    }
    async function payOnSandboxPage(
      user: Awaited<ReturnType<typeof newOrder>>['user'],
      cardholderName: string,
      decision: string,
    ) {
      const page = await user.page('/register/order');
      const to = await user.browser.request(new URL('/register/order/pay', op.issuer), {
        form: { csrf: formField(page.text, 'csrf') },
      });
      const psp = await user.page(to.res.headers.get('location')!);
      await user.browser.request(psp.url, {
        form: { csrf: formField(psp.text, 'csrf'), cardholderName, decision },
      });
      return user.page('/register/order');
    }

    test('a declined card keeps the order; another card can pay', async () => {
      const { user, orderId } = await matchedOrder();
      const declined = await payOnSandboxPage(user, 'MARIA KOWALSKA', 'decline');
      expect(declined.text).toContain('data-code="payment.declined"');
      expect((await stateOf(orderId))?.state).toBe('registry_matched');
      const receipt = await payOnSandboxPage(user, 'M KOWALSKA', 'approve');
      expect(receipt.text).toContain('id="activation-secret"');
      expect((await stateOf(orderId))?.state).toBe('issued');
    });

    test('cardholder-name mismatch: the order fails and the payment is refunded', async () => {
      const { user, orderId } = await matchedOrder();
      const page = await payOnSandboxPage(user, 'JOHN SMITH', 'approve');
      expect(page.text).toContain('data-code="payment.cardholder-mismatch"');
      expect(page.text).toContain('id="refund-note"');
      const order = await stateOf(orderId);
      expect(order).toMatchObject({
        state: 'failed',
        refundRequired: true,
        failure: { reasonCode: 'payment.cardholder-mismatch' },
      });
      const audit = await op.app.redis.xrange(`${op.prefix}:audit`, '-', '+');
      const refund = audit
        .map(([, f]) => f)
        .find((f) => f.includes('order.refund-requested') && f.includes(orderId));
      expect(refund).toContain('ok');
    });

    test('duplicate webhook: one issuance; an edited copy is refused as replayed; a bad signature changes nothing', async () => {
      const { orderId } = await matchedOrder();
      const eventDate = new Date().toISOString();
      const item = {
        pspReference: 'TESTPSP000000001',
        merchantReference: orderId,
        value: 29900,
        nameCheck: 'match' as const,
        eventDate,
      };

      const forged = await postWebhook(op, signedNotification({ ...item, key: 'b2'.repeat(32) }));
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { error: string }).error).toBe('payment.webhook-signature');
      expect((await stateOf(orderId))?.state).toBe('registry_matched');

      const body = signedNotification(item);
      const first = await postWebhook(op, body);
      expect([first.status, await first.text()]).toEqual([200, '[accepted]']);
      const issued = await op.app.eids.get(MARIA);
      expect(issued?.evidence.orderId).toBe(orderId);
      const second = await postWebhook(op, body);
      expect([second.status, await second.text()]).toEqual([200, '[accepted]']);
      expect((await op.app.eids.get(MARIA))?.issuedAt).toBe(issued?.issuedAt);
      expect((await op.app.eids.get(MARIA))?.activation?.secretHash).toBe(issued?.activation?.secretHash);
      expect((await stateOf(orderId))?.state).toBe('issued');

      const edited = await postWebhook(
        op,
        signedNotification({ ...item, eventDate: new Date(Date.now() + 1000).toISOString() }),
      );
      expect(edited.status).toBe(401);
      expect(((await edited.json()) as { error: string }).error).toBe('payment.webhook-replayed');
    });
  });

  describe('rate limits', () => {
    test('identity-number look-ups are limited per number', async () => {
      const pid = sandboxPersons.nordicLetters.identityNumber;
      for (let i = 0; i < 10; i++) await newOrder(op, pid);
      const { Registrant } = await import('./support.js');
      const page = await new Registrant(op.issuer).startWith(pid);
      expect(page.status).toBe(429);
      expect(page.text).toContain('id="pid-error"');
    });

    test('identity-number look-ups are limited per source address', async () => {
      const { Registrant } = await import('./support.js');
      const one = new Registrant(op.issuer, '192.0.2.7');
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await one.startWith('12345678901')).status);
      expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
      expect(statuses[30]).toBe(429);
      // Another address is not affected.
      expect((await new Registrant(op.issuer).startWith('12345678901')).status).toBe(400);
    });

    test('order-code guessing on the resume form is limited per code, and unknown = wrong', async () => {
      const { code } = await newOrder(op, sandboxPersons.dNumber.identityNumber);
      const { Registrant } = await import('./support.js');
      const guesser = new Registrant(op.issuer);
      const form = await guesser.page('/register/resume');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await guesser.submit('/register/resume', {
          csrf: formField(form.text, 'csrf'),
          code,
          pid: MARIA,
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    });
  });
});
