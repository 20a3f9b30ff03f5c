import * as client from 'openid-client';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { authorizationUrl } from '../support/authorize.js';
import { formField } from '../support/browser.js';
import { discover, REDIRECT_URI, secretClient } from '../support/relying-party.js';
import type { RunningProvider } from '../support/start-provider.js';
import {
  chipFor,
  orderCodeOf,
  orderOfSession,
  orderStore,
  readerTokenOf,
  Registrant,
  signedNotification,
  startFaceVendor,
  startRegistrationProvider,
  uploadBody,
} from './support.js';

const MARIA_PID = sandboxPersons.active.identityNumber;

describe('registration with passport, end to end (Redis)', () => {
  let op: RunningProvider;
  let pki: Awaited<ReturnType<typeof startRegistrationProvider>>['pki'];
  let vendor: Awaited<ReturnType<typeof startFaceVendor>>;
  const rp = secretClient();
  beforeAll(async () => {
    vendor = await startFaceVendor(() => op.issuer);
    ({ op, pki } = await startRegistrationProvider({ env: vendor.env, clients: [rp.metadata] }));
  });
  afterAll(async () => {
    await op.cleanup();
    await vendor.close();
  });

  const api = async (path: string, init: { body?: unknown; session?: string; method?: string } = {}) => {
    const res = await fetch(`${op.issuer}/api/reader/v1${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.session ? { authorization: `Bearer ${init.session}` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, string> };
  };

  /** The reader app: open with the token, get a challenge, upload the chip. */
  async function readPassport(token: string, chip = chipFor(pki)) {
    const opened = await api('/sessions', { body: { token } });
    expect(opened.status).toBe(201);
    const session = opened.json.session!;
    const ch = await api('/challenge', { method: 'POST', session, body: {} });
    expect(ch.status).toBe(200);
    const challenge = new Uint8Array(Buffer.from(ch.json.challenge!, 'base64'));
    // The reader API does not name the order (nor its code): the test looks it up by session.
    expect(opened.json.orderCode).toBeUndefined();
    const orderId = await orderOfSession(op, session);
    const face = await vendor.sign(orderId, chip);
    const up = await api('/upload', { session, body: uploadBody(chip, challenge, face) });
    return { session, up, challenge, chip, orderId, face };
  }

  test('OIDC authorize → register entry → identity number → reader → register → payment → receipt', async () => {
    // A relying party sends the user to log in; the login page offers registration.
    const config = await discover(op.issuer, rp.metadata.client_id, client.ClientSecretBasic(rp.secret));
    const { url } = await authorizationUrl(config, {}, { par: false });
    const user = new Registrant(op.issuer);
    const login = await user.browser.follow(url, (u) => u.href.startsWith(REDIRECT_URI));
    expect(login.status).toBe(200);
    const uid = /\/register\?uid=([A-Za-z0-9_-]+)/.exec(login.text)?.[1];
    expect(uid).toBeTruthy();
    expect(login.text).toContain('id="register-with-passport"');

    const entry = await user.page(`/register?uid=${uid}`);
    expect(entry.text).toContain('id="register-start"');
    expect(entry.text).toContain(`href="/interaction/${uid}"`);
    const need = await user.page(`/register/start?uid=${uid}`);
    expect(need.text).toContain('id="start-registration"');

    // Step 1: identity number → order, read-passport page with QR, deep link and order code.
    const read = await user.startWith(MARIA_PID, uid);
    expect(read.status).toBe(200);
    expect(read.text).toContain('id="reader-qr"');
    expect(read.text).toContain('<svg');
    const code = orderCodeOf(read.text)!;
    const token = readerTokenOf(read.text)!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(read.text).toContain('id="sandbox-reader-link"');
    expect(read.text).not.toContain(MARIA_PID);

    // Step 2: the reader app reads the passport; the register matches.
    const { up, session, orderId } = await readPassport(token);
    expect(up).toEqual({ status: 200, json: { state: 'registry_matched' } });
    expect((await api('/status', { session })).json.state).toBe('registry_matched');
    // The identity number is not in the order record or any key name.
    const raw = await op.app.redis.hget(`${op.prefix}:order:${orderId}`, 'data');
    expect(raw).not.toContain(MARIA_PID);
    const keys = await op.app.redis.keys(`${op.prefix}:*`);
    expect(keys.join(' ')).not.toContain(MARIA_PID);

    // The token was single use.
    expect((await api('/sessions', { body: { token } })).json.error).toBe('reader.token-invalid');

    // Step 3: payment on the sandbox page, with the name on the card.
    const pay = await user.page('/register/order');
    expect(pay.text).toContain('id="pay"');
    const toPsp = await user.browser.request(new URL('/register/order/pay', op.issuer), {
      form: { csrf: formField(pay.text, 'csrf') },
    });
    expect(toPsp.res.status).toBe(303);
    const pspPage = await user.page(toPsp.res.headers.get('location')!);
    expect(pspPage.text).toContain('id="approve-payment"');
    const back = await user.browser.request(pspPage.url, {
      form: { csrf: formField(pspPage.text, 'csrf'), cardholderName: 'MARIA KOWALSKA', decision: 'approve' },
    });
    expect(back.res.status).toBe(303);

    // Step 4: the receipt shows the activation secret once, and the way back to the login.
    const receipt = await user.page('/register/order/paid');
    expect(receipt.text).toContain('id="activation-qr"');
    const secret = /id="activation-secret">([^<]+)</.exec(receipt.text)![1]!;
    expect(receipt.text).toContain(`id="continue-login" href="/interaction/${uid}"`);
    const record = await op.app.eids.get(MARIA_PID);
    expect(record).toMatchObject({
      status: 'issued_not_activated',
      givenName: 'Maria',
      familyName: 'Kowalska',
      birthDate: '1985-03-14',
      document: { number: 'AB1234567', issuingState: 'POL' },
      evidence: {
        orderId,
        activeAuthentication: 'ecdsa',
        cardholderNameCheck: 'match',
        faceMatchScore: 0.95,
      },
    });
    expect((await op.app.eids.checkActivationSecret(MARIA_PID, secret)).ok).toBe(true);
    const order = await orderStore(op.app.redis, op.prefix).get(orderId);
    expect(order.ok && order.value.state).toBe('issued');

    // Shown once: a reload offers a new code instead.
    const again = await user.page('/register/order');
    expect(again.text).not.toContain(secret);
    expect(again.text).toContain('id="new-activation-code"');

    // The same authorisation delivered again (a PSP retry) is acknowledged and changes nothing.
    const pspReference = order.ok ? order.value.payment!.paymentRef : '';
    const body = signedNotification({
      pspReference,
      merchantReference: orderId,
      value: 29900,
      nameCheck: 'match',
    });
    const first = await fetch(`${op.issuer}/api/payment/v1/notifications`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    // Another copy than the one the sandbox page delivered (other eventDate): a replay, refused.
    expect(first.status).toBe(401);
    expect((await op.app.eids.checkActivationSecret(MARIA_PID, secret)).ok).toBe(true);
  });

  test('resume in a new browser with the order code and identity number; unknown and wrong answer alike', async () => {
    const pid = sandboxPersons.twoGivenNames.identityNumber;
    const first = new Registrant(op.issuer);
    const read = await first.startWith(pid);
    const code = orderCodeOf(read.text)!;

    const other = new Registrant(op.issuer);
    const form = await other.page('/register/resume');
    const wrong = await other.submit('/register/resume', {
      csrf: formField(form.text, 'csrf'),
      code,
      pid: MARIA_PID,
    });
    const unknown = await other.submit('/register/resume', {
      csrf: formField(form.text, 'csrf'),
      code: 'AAAA-AAAA',
      pid,
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = (html: string) => /id="code-error">([^<]+)</.exec(html)?.[1];
    expect(message(wrong.text)).toBe(message(unknown.text));
    const resumed = await other.submit('/register/resume', {
      csrf: formField(form.text, 'csrf'),
      code: code.toLowerCase(),
      pid,
    });
    expect(resumed.status).toBe(200);
    expect(orderCodeOf(resumed.text)).toBe(code);
  });

  test('an expired order ends visibly', async () => {
    const user = new Registrant(op.issuer);
    const read = await user.startWith(sandboxPersons.hyphenatedSurname.identityNumber);
    const code = orderCodeOf(read.text)!;
    const { fixedClock } = await import('../../src/shared/clock.js');
    // The provider's store expires an order lazily when read after expiresAt; a store whose clock
    // is just past it does the same now (deterministic, no waiting).
    const now = await orderStore(op.app.redis, op.prefix).findByCode(code);
    if (!now.ok) throw new Error('no order');
    const justAfter = new Date(Date.parse(now.value.expiresAt) + 1000);
    const later = orderStore(op.app.redis, op.prefix, fixedClock(justAfter));
    const found = await later.findByCode(code);
    expect(found.ok && found.value.state).toBe('expired');
    const page = await user.page('/register/order');
    expect(page.text).toContain('data-state="expired"');
    const token = readerTokenOf(read.text)!;
    expect((await api('/sessions', { body: { token } })).json.error).toBe('reader.order-closed');
  });

  test('a wrong checksum explains itself and creates no order', async () => {
    const user = new Registrant(op.issuer);
    const before = (await op.app.redis.keys(`${op.prefix}:order:*`)).length;
    const bad = MARIA_PID.slice(0, 10) + String((Number(MARIA_PID[10]) + 1) % 10);
    const page = await user.startWith(bad);
    expect(page.status).toBe(400);
    expect(page.text).toContain('id="pid-error"');
    expect(page.text).toContain('Dette fødselsnummeret finnes ikke');
    expect((await op.app.redis.keys(`${op.prefix}:order:*`)).length).toBe(before);
  });
});
