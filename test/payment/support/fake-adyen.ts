import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../src/shared/clock.js';
import { adyenNotificationSignature } from '../../../src/payment/adyen-notification-signature.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly apiKey: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly body: unknown;
}

export interface Delivery {
  readonly rawBody: string;
  readonly status: number;
  readonly response: string;
}

interface Link {
  id: string;
  reference: string;
  amount: { value: number; currency: string };
  shopperName?: { firstName?: string; lastName?: string };
  paymentPspReference?: string;
}

export interface FakeAdyenOptions {
  readonly apiKey: string;
  readonly merchantAccount: string;
  readonly hmacKey: string;
  readonly clock: Clock;
  /** Where notifications are posted, like the webhook URL configured in the Customer Area. */
  webhookUrl?: string;
}

/**
 * A local stand-in for Adyen's Checkout API and standard webhooks, following Adyen's documented
 * behaviour where the adapter depends on it: `X-API-Key` (401 otherwise), `Idempotency-Key`
 * (same key + same body → the first response again, with the key echoed; same key + other body
 * → 422), `POST /v71/paymentLinks` (201, `id` + `url`), `POST /v71/payments/{psp}/refunds`
 * (201, `status: received`, then a REFUND notification), and HMAC-signed notifications.
 * Failures that Adyen does not store under an idempotency key (5xx, no answer) are not stored.
 */
export class FakeAdyen {
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly links = new Map<string, Link>();
  private readonly payments = new Map<string, Link>();
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private readonly pending = new Set<Promise<unknown>>();
  private failures: number[] = [];
  private hangs = 0;
  private refundFails = false;
  private server!: Server;
  baseUrl = '';

  constructor(private readonly options: FakeAdyenOptions) {}

  static async start(options: FakeAdyenOptions): Promise<FakeAdyen> {
    const fake = new FakeAdyen(options);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v71`;
    return fake;
  }

  async close(): Promise<void> {
    await this.settled();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  set webhookUrl(url: string) {
    this.options.webhookUrl = url;
  }

  /** The next requests answer these statuses (e.g. 500), in order, and are not stored. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** The next `n` requests get no answer at all. */
  hangNext(n: number): void {
    this.hangs += n;
  }

  /** Refunds are accepted (`received`) but their notification says they failed. */
  failRefunds(on = true): void {
    this.refundFails = on;
  }

  /** Waits for every notification the fake is still sending. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * The shopper pays on the hosted page. The issuer's name check compares `cardholderName` with
   * the link's `shopperName` (exact → match, same last name → partialMatch, else noMatch);
   * `nameValidation: 'absent'` leaves it out, as for a card or region without the service.
   */
  async completePayment(
    linkId: string,
    input: { cardholderName: string; authorised?: boolean; nameValidation?: 'performed' | 'absent' },
  ): Promise<Delivery> {
    const link = this.links.get(linkId);
    if (!link) throw new Error(`no payment link ${linkId}`);
    const psp = pspReference();
    link.paymentPspReference = psp;
    this.payments.set(psp, link);
    const authorised = input.authorised ?? true;
    const additionalData: Record<string, string> = {
      paymentLinkId: link.id,
      cardHolderName: input.cardholderName,
    };
    if ((input.nameValidation ?? 'performed') === 'performed') {
      additionalData['paymentValidations.name.status'] = 'performed';
      additionalData['paymentValidations.name.result.fullName'] = issuerVerdict(link, input.cardholderName);
    }
    return this.notify({
      pspReference: psp,
      merchantReference: link.reference,
      amount: link.amount,
      eventCode: 'AUTHORISATION',
      success: authorised ? 'true' : 'false',
      ...(authorised ? {} : { reason: 'Refused' }),
      paymentMethod: 'visa',
      additionalData,
    });
  }

  /** Posts a raw body to the webhook URL again (Adyen's retry, or an attacker's replay). */
  async post(rawBody: string): Promise<Delivery> {
    const res = await fetch(this.options.webhookUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: rawBody,
    });
    const delivery = { rawBody, status: res.status, response: await res.text() };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Builds and signs a standard notification body for one item. */
  sign(
    item: Record<string, unknown> & { additionalData?: Record<string, string> },
    key = this.options.hmacKey,
  ): string {
    const full = {
      originalReference: undefined,
      merchantAccountCode: this.options.merchantAccount,
      eventDate: this.options.clock.now().toISOString(),
      ...item,
    } as unknown as Record<string, unknown> & Parameters<typeof adyenNotificationSignature>[0];
    const signed = {
      ...full,
      additionalData: { ...item.additionalData, hmacSignature: adyenNotificationSignature(full, key) },
    };
    return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] });
  }

  private notify(
    item: Record<string, unknown> & { additionalData?: Record<string, string> },
  ): Promise<Delivery> {
    const p = this.post(this.sign(item));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const apiKey = header(req, 'x-api-key');
    const key = header(req, 'idempotency-key');
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', apiKey, idempotencyKey: key, body });

    if (this.hangs > 0) {
      this.hangs--;
      return; // never answered; the client's timeout has to fire
    }
    const failure = this.failures.shift();
    if (failure !== undefined) {
      return send(res, failure, {
        status: failure,
        errorCode: '905',
        message: 'Internal error',
        errorType: 'internal',
      });
    }
    if (apiKey !== this.options.apiKey) {
      return send(res, 401, {
        status: 401,
        errorCode: '000',
        message: 'HTTP Status Response - Unauthorized',
        errorType: 'security',
      });
    }
    if (req.method !== 'POST' || body === undefined) {
      return send(res, 422, {
        status: 422,
        errorCode: '702',
        message: 'Structure is invalid',
        errorType: 'validation',
      });
    }

    const fingerprint = createHash('sha256').update(`${req.url}\n${text}`).digest('hex');
    if (key) {
      const seen = this.idempotent.get(key);
      if (seen && seen.fingerprint !== fingerprint) {
        return send(res, 422, {
          status: 422,
          errorCode: '704',
          message: 'Idempotency key reused for a different request',
          errorType: 'validation',
        });
      }
      if (seen) return send(res, seen.status, seen.body, key);
    }
    const [status, answer] = this.route(req.url ?? '', body as Record<string, unknown>);
    if (key) this.idempotent.set(key, { fingerprint, status, body: answer });
    send(res, status, answer, key);
  }

  private route(path: string, body: Record<string, unknown>): [number, unknown] {
    const invalid = (message: string): [number, unknown] => [
      422,
      { status: 422, errorCode: '702', message, errorType: 'validation' },
    ];
    if (body.merchantAccount !== this.options.merchantAccount) return invalid('Invalid merchant account');
    const amount = body.amount as { value?: unknown; currency?: unknown } | undefined;
    if (!amount || !Number.isInteger(amount.value) || typeof amount.currency !== 'string') {
      return invalid('Required field amount is missing or invalid');
    }
    if (path === '/v71/paymentLinks') {
      if (typeof body.reference !== 'string' || body.reference === '')
        return invalid('Required field reference is missing');
      const id = `PL${randomBytes(8).toString('hex').toUpperCase()}`;
      const link: Link = {
        id,
        reference: body.reference,
        amount: { value: amount.value as number, currency: amount.currency },
        ...(body.shopperName ? { shopperName: body.shopperName as Link['shopperName'] } : {}),
      };
      this.links.set(id, link);
      return [
        201,
        {
          id,
          url: `${this.baseUrl.replace(/\/v71$/, '')}/payByLink/${id}`,
          status: 'active',
          reference: body.reference,
          amount: link.amount,
          merchantAccount: this.options.merchantAccount,
          expiresAt: body.expiresAt,
        },
      ];
    }
    const refund = /^\/v71\/payments\/([^/]+)\/refunds$/.exec(path);
    if (refund) {
      const paymentPsp = decodeURIComponent(refund[1]!);
      const payment = this.payments.get(paymentPsp);
      if (!payment) return invalid('Original pspReference required for this operation');
      const refundPsp = pspReference();
      const fails = this.refundFails;
      // The outcome comes later, as a REFUND notification, like Adyen's asynchronous modifications.
      const later = new Promise((r) => setTimeout(r, 0)).then(() =>
        this.notify({
          pspReference: refundPsp,
          originalReference: paymentPsp,
          merchantReference: body.reference,
          amount: { value: amount.value, currency: amount.currency },
          eventCode: 'REFUND',
          success: fails ? 'false' : 'true',
          ...(fails ? { reason: 'Insufficient balance on payment' } : {}),
        }),
      );
      this.pending.add(later);
      void later.finally(() => this.pending.delete(later));
      return [
        201,
        {
          merchantAccount: this.options.merchantAccount,
          paymentPspReference: paymentPsp,
          pspReference: refundPsp,
          reference: body.reference,
          amount: { value: amount.value, currency: amount.currency },
          merchantRefundReason: body.merchantRefundReason,
          status: 'received',
        },
      ];
    }
    return [404, { status: 404, errorCode: '000', message: 'Not found', errorType: 'validation' }];
  }
}

function issuerVerdict(link: Link, cardholderName: string): string {
  const norm = (s: string | undefined) => (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  const expected = norm(`${link.shopperName?.firstName ?? ''} ${link.shopperName?.lastName ?? ''}`);
  const card = norm(cardholderName);
  if (card === expected) return 'match';
  const last = norm(link.shopperName?.lastName);
  return last && card.split(' ').includes(last) ? 'partialMatch' : 'noMatch';
}

function pspReference(): string {
  // Adyen's are 16 characters; digits and capitals like the real ones.
  return randomBytes(8).toString('hex').toUpperCase();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown, idempotencyKey?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  });
  res.end(JSON.stringify(body));
}
