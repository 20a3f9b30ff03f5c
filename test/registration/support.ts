import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisOrderStore } from '../../src/enrollment/create-redis-order-store.js';
import { createSandboxFaceMatchVendor } from '../../src/facematch/sandbox-face-match-vendor.js';
import { makeTestChip, makeTestPki, type TestChip, type TestPki } from '../../src/passport/factory/index.js';
import { adyenNotificationSignature } from '../../src/payment/adyen-notification-signature.js';
import { systemClock, type Clock } from '../../src/shared/clock.js';
import { Browser, formField } from '../support/browser.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

export const HMAC_KEY = 'a1'.repeat(32);
/** The provider's PAIRWISE_SALT in these tests: the order store names its code index with it. */
export const TEST_PAIRWISE_SALT = 'registration-test-pairwise-salt-0123456789';

export const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;

/**
 * A provider with registration in sandbox mode, trusting a test PKI the test makes chips with
 * (PASSPORT_CSCA_FILES), and a sandbox payment key the test can sign webhooks with.
 */
export async function startRegistrationProvider(
  opts: { memoryStore?: boolean; env?: Record<string, string>; logs?: string[]; clients?: object[] } = {},
): Promise<{ op: RunningProvider; pki: TestPki }> {
  const pki = makeTestPki({ country: 'PL', variant: 'brainpool' });
  const dir = join('/tmp', `reg-${randomBytes(4).toString('hex')}`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const csca = join(dir, 'csca.der');
  writeFileSync(csca, pki.csca.certDer);
  const op = await startProvider({
    ...(opts.memoryStore ? { memoryStore: true } : {}),
    ...(opts.logs ? { logs: opts.logs } : {}),
    ...(opts.clients ? { clients: opts.clients } : {}),
    dataDir: dir,
    env: {
      PASSPORT_CSCA_FILES: csca,
      SANDBOX_PAYMENT_HMAC_KEY: HMAC_KEY,
      PAIRWISE_SALT: TEST_PAIRWISE_SALT,
      TRUST_PROXY: 'true',
      ...opts.env,
    },
  });
  return { op, pki };
}

/** Orders as the test sees them in the provider's store (same prefix). */
export const orderStore = (redis: Redis, prefix: string, clock: Clock = systemClock) =>
  createRedisOrderStore(redis, { prefix, clock, keySecret: TEST_PAIRWISE_SALT });

/** The order a reader session is bound to, as the provider stores it (the API does not say). */
export async function orderOfSession(op: RunningProvider, session: string): Promise<string> {
  const digest = createHash('sha256').update(session).digest('base64url');
  const id = await op.app.redis.get(`${op.prefix}:reader-session:{${digest}}`);
  if (!id) throw new Error('no order for this reader session');
  return id;
}

export const MARIA = {
  surname: 'KOWALSKA',
  givenNames: 'MARIA',
  documentNumber: 'AB1234567',
  nationality: 'POL',
  birthDate: '1985-03-14',
  sex: 'F' as const,
  expiryDate: '2032-01-01',
  issuingState: 'POL',
};

export function chipFor(pki: TestPki, person: Partial<typeof MARIA> = {}, extra: object = {}): TestChip {
  return makeTestChip({ pki, person: { ...MARIA, ...person }, aa: 'ec', ...extra });
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** The reader app's upload body for a chip and a challenge. */
export function uploadBody(
  chip: TestChip,
  challenge: Uint8Array,
  faceMatch: string,
  opts: { signature?: Uint8Array } = {},
) {
  return {
    sod: b64(chip.sod),
    dataGroups: Object.fromEntries(Object.entries(chip.dataGroups).map(([n, v]) => [n, b64(v)])),
    com: b64(chip.com),
    activeAuthentication: {
      challenge: b64(challenge),
      signature: b64(opts.signature ?? chip.answerActiveAuthentication(challenge)),
    },
    faceMatch,
    app: { platform: 'android', version: '1.2.3' },
  };
}

/** Face-match results signed as a vendor the provider does not know (the sandbox vendor key is per process). */
export const foreignVendor = () => createSandboxFaceMatchVendor('nobody');

export const dg2Hash = (chip: TestChip) =>
  createHash('sha256').update(chip.dataGroups[2]!).digest('base64url');

/** A browser that walks the registration pages. */
export class Registrant {
  readonly browser: Browser;
  /** Each registrant comes from its own address (TRUST_PROXY), so per-source limits stay per test. */
  constructor(
    readonly issuer: string,
    readonly ip = randomIp(),
  ) {
    this.browser = new Browser({ 'x-forwarded-for': ip });
  }

  async page(path: string) {
    return this.browser.follow(new URL(path, this.issuer), () => false);
  }

  async submit(path: string, form: Record<string, string>) {
    return this.browser.follow(new URL(path, this.issuer), () => false, { form });
  }

  /** Identity number step; returns the order page. */
  async startWith(pid: string, uid?: string) {
    await this.page(`/register${uid ? `?uid=${uid}` : ''}`);
    const form = await this.page('/register/identity');
    return this.submit('/register/identity', { csrf: formField(form.text, 'csrf'), pid });
  }

  async post(path: string, fields: Record<string, string> = {}) {
    const page = await this.page('/register/order');
    return this.submit(path, { csrf: formField(page.text, 'csrf'), ...fields });
  }
}

export const orderCodeOf = (html: string) => /id="order-code">([^<]+)</.exec(html)?.[1];
export const readerTokenOf = (html: string) =>
  /token=([A-Za-z0-9_-]{43})/.exec(html.replace(/&amp;/g, '&'))?.[1];

/** A signed Adyen-format notification as the sandbox PSP would send it. */
export function signedNotification(item: {
  pspReference: string;
  merchantReference: string;
  value: number;
  success?: boolean;
  eventCode?: string;
  nameCheck?: 'match' | 'noMatch' | 'partialMatch';
  eventDate?: string;
  key?: string;
}) {
  const fields = {
    pspReference: item.pspReference,
    merchantAccountCode: 'SandboxMerchant',
    merchantReference: item.merchantReference,
    amount: { value: item.value, currency: 'NOK' },
    eventCode: item.eventCode ?? 'AUTHORISATION',
    success: item.success === false ? 'false' : 'true',
  };
  const signed = {
    ...fields,
    eventDate: item.eventDate ?? new Date().toISOString(),
    additionalData: {
      ...(item.nameCheck
        ? {
            'paymentValidations.name.status': 'performed',
            'paymentValidations.name.result.fullName': item.nameCheck,
          }
        : { 'paymentValidations.name.status': 'notPerformed' }),
      hmacSignature: adyenNotificationSignature(fields, item.key ?? HMAC_KEY),
    },
  };
  return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] });
}

/** A face-match vendor for the tests: its JWKS on a local HTTP server, results signed with its key. */
export async function startFaceVendor(audience: string | (() => string)) {
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const { createServer } = await import('node:http');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'v1', alg: 'ES256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    env: {
      FACE_MATCH_ADAPTER: 'real',
      FACE_MATCH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      FACE_MATCH_ISSUER: 'test-vendor',
    },
    sign: (orderId: string, chip: TestChip, opts: { score?: number; liveness?: 'pass' | 'fail' } = {}) =>
      new SignJWT({
        order_id: orderId,
        dg2_sha256: dg2Hash(chip),
        score: opts.score ?? 0.95,
        liveness: opts.liveness ?? 'pass',
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'v1' })
        .setIssuer('test-vendor')
        .setAudience(typeof audience === 'string' ? audience : audience())
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(randomBytes(12).toString('hex'))
        .sign(privateKey),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

type Vendor = Awaited<ReturnType<typeof startFaceVendor>>;

/** The reader API as the app calls it. */
export function readerApi(op: RunningProvider) {
  const call = async (
    path: string,
    init: { body?: unknown; raw?: string; session?: string; method?: string } = {},
  ) => {
    const hasBody = init.body !== undefined || init.raw !== undefined;
    const res = await fetch(`${op.issuer}/api/reader/v1${path}`, {
      method: init.method ?? (hasBody ? 'POST' : 'GET'),
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        'x-forwarded-for': randomIp(),
        ...(init.session ? { authorization: `Bearer ${init.session}` } : {}),
      },
      ...(hasBody ? { body: init.raw ?? JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, string> };
  };
  return {
    call,
    async open(token: string) {
      const opened = await call('/sessions', { body: { token } });
      if (opened.status !== 201) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.json)}`);
      return { session: opened.json.session!, orderId: await orderOfSession(op, opened.json.session!) };
    },
    async challenge(session: string) {
      const ch = await call('/challenge', { method: 'POST', session, body: {} });
      if (ch.status !== 200) throw new Error(`challenge: ${ch.status}`);
      return new Uint8Array(Buffer.from(ch.json.challenge!, 'base64'));
    },
    /** Session, challenge, upload of `chip` with a face match from `vendor`. */
    async read(
      vendor: Vendor,
      token: string,
      chip: TestChip,
      opts: { score?: number; faceOrder?: string; signature?: (c: Uint8Array) => Uint8Array } = {},
    ) {
      const { session, orderId } = await this.open(token);
      const challenge = await this.challenge(session);
      const face = await vendor.sign(opts.faceOrder ?? orderId, chip, {
        ...(opts.score ? { score: opts.score } : {}),
      });
      const up = await call('/upload', {
        session,
        body: uploadBody(
          chip,
          challenge,
          face,
          opts.signature ? { signature: opts.signature(challenge) } : {},
        ),
      });
      return { session, orderId, challenge, face, up };
    },
  };
}

/** Starts an order in a new browser and returns the browser, the order's code and reader token. */
export async function newOrder(op: RunningProvider, pid: string) {
  const user = new Registrant(op.issuer);
  const page = await user.startWith(pid);
  if (page.status !== 200) throw new Error(`identity step answered ${page.status}`);
  return { user, code: orderCodeOf(page.text)!, token: readerTokenOf(page.text)! };
}

export const postWebhook = (op: RunningProvider, body: string) =>
  fetch(`${op.issuer}/api/payment/v1/notifications`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
