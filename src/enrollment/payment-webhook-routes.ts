import Router from '@koa/router';
import { HttpError } from '../shared/http-error.js';
import type { Registration } from './create-registration.js';

const MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * POST /api/payment/v1/notifications: the PSP's webhook (Adyen standard notifications). The
 * signature covers the raw body, so it is read raw; the answer is the PSP's expected
 * acknowledgement (`[accepted]`), or 401/400 so the PSP keeps the item queued.
 */
export function createPaymentWebhookRouter(deps: { registration: Registration }): Router {
  const router = new Router();
  router.post('/api/payment/v1/notifications', async (ctx) => {
    if (Number(ctx.get('content-length') || 0) > MAX_WEBHOOK_BYTES)
      throw new HttpError(413, 'payload_too_large', 'the notification is larger than any PSP sends');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > MAX_WEBHOOK_BYTES)
        throw new HttpError(413, 'payload_too_large', 'the notification is too large');
      chunks.push(chunk as Buffer);
    }
    const result = await deps.registration.webhook(Buffer.concat(chunks).toString('utf8'), ctx.headers);
    if (!result.ok) {
      const status =
        result.code === 'payment.webhook-malformed' || result.code === 'payment.webhook-stale' ? 400 : 401;
      throw new HttpError(status, result.code, result.detail);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain';
    ctx.body = result.value;
  });
  return router;
}
