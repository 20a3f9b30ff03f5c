import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  PaymentProvider,
  VerifiedWebhook,
  WebhookErrorCode,
} from '../../../src/payment/payment-provider.js';
import type { Result } from '../../../src/shared/result.js';

/**
 * Our side of the webhook in the tests: a real HTTP endpoint that hands the raw body and headers
 * to `verifyWebhook`, answers `[accepted]` to an authenticated delivery and 401/400 otherwise,
 * and records every verdict.
 */
export class WebhookReceiver {
  readonly verdicts: Result<VerifiedWebhook, WebhookErrorCode>[] = [];
  url = '';
  private server!: Server;

  static async start(provider: () => PaymentProvider): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    r.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const verdict = await provider().verifyWebhook(Buffer.concat(chunks), req.headers);
      r.verdicts.push(verdict);
      if (verdict.ok) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(verdict.value.acknowledgement);
      } else {
        const status = verdict.code === 'payment.webhook-malformed' ? 400 : 401;
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: verdict.code }));
      }
    });
    await new Promise<void>((done) => r.server.listen(0, '127.0.0.1', done));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/webhooks/adyen`;
    return r;
  }

  last(): Result<VerifiedWebhook, WebhookErrorCode> {
    const v = this.verdicts.at(-1);
    if (!v) throw new Error('no webhook received');
    return v;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
