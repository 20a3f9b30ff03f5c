import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { HttpError } from '../shared/http-error.js';
import { readJson } from '../shared/read-json.js';
import type { Registration } from './create-registration.js';
import { readChipUpload } from './read-chip-upload.js';

const STATUS: Record<string, number> = {
  'rate.limited': 429,
  'reader.token-invalid': 401,
  'reader.session-invalid': 401,
  'reader.order-closed': 409,
  'order.not-allowed': 409,
  'order.expired': 410,
  'order.gone': 410,
  'chip.malformed': 400,
  'chip.too-large': 413,
};
const fail = (code: string, detail: string): never => {
  throw new HttpError(STATUS[code] ?? 422, code, detail);
};

const openBody = z.union([
  z.object({ token: z.string().min(1).max(100) }).strict(),
  z.object({ orderCode: z.string().min(1).max(20) }).strict(),
]);

/**
 * The reader app's API, /api/reader/v1 (described in /openapi.json): open a session with the
 * one-time token (or the typed order code), get an Active Authentication challenge, upload the
 * chip, read the order's status. Thin: parse, call the use case, answer JSON or
 * `{error, error_description}`.
 */
export function createReaderApiRouter(deps: {
  registration: Registration;
  maxBodyBytes: number;
  maxUploadBytes: number;
}): Router {
  const { registration } = deps;
  const router = new Router({ prefix: '/api/reader/v1' });
  const sessionOrder = async (ctx: Context): Promise<string> => {
    const m = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(ctx.get('authorization'));
    const orderId = m ? await registration.readerOrder(m[1]!) : undefined;
    if (!orderId) {
      ctx.set('WWW-Authenticate', 'Bearer');
      return fail(
        'reader.session-invalid',
        'send the session from POST /api/reader/v1/sessions as a Bearer token',
      );
    }
    return orderId;
  };
  const noStore = (ctx: Context) => ctx.set('Cache-Control', 'no-store');

  router.post('/sessions', async (ctx) => {
    const body = openBody.safeParse(await readJson(ctx, deps.maxBodyBytes));
    if (!body.success)
      return fail('invalid_request', 'send either {"token"} from the QR code or {"orderCode"}');
    const opened = await registration.openReaderSession({ ...body.data, source: ctx.ip });
    if (!opened.ok) return fail(opened.code, opened.detail);
    noStore(ctx);
    ctx.status = 201;
    ctx.body = {
      session: opened.value.session,
      state: opened.value.order.state,
      expiresAt: opened.value.order.expiresAt,
    };
  });

  router.post('/challenge', async (ctx) => {
    const orderId = await sessionOrder(ctx);
    const issued = await registration.challenge(orderId);
    if (!issued.ok) return fail(issued.code, issued.detail);
    noStore(ctx);
    ctx.body = {
      challenge: Buffer.from(issued.value.challenge).toString('base64'),
      expiresAt: issued.value.expiresAt.toISOString(),
    };
  });

  router.post('/upload', async (ctx) => {
    const orderId = await sessionOrder(ctx);
    const upload = readChipUpload(await readJson(ctx, deps.maxUploadBytes));
    if (!upload.ok) return fail(upload.code, upload.detail);
    const result = await registration.upload(orderId, upload.value);
    if (!result.ok) return fail(result.code, result.detail);
    const priv = await registration.private(orderId);
    noStore(ctx);
    ctx.body = {
      state: result.value.state,
      ...(result.value.state === 'chip_verified' && priv?.lastProblem === 'registry.unavailable'
        ? { problem: 'registry.unavailable' }
        : {}),
      ...(result.value.failure ? { problem: result.value.failure.reasonCode } : {}),
    };
  });

  router.get('/status', async (ctx) => {
    const orderId = await sessionOrder(ctx);
    const order = await registration.order(orderId);
    if (!order.ok) return fail('order.gone', 'the order no longer exists');
    const priv = await registration.private(orderId);
    noStore(ctx);
    ctx.body = {
      state: order.value.state,
      expiresAt: order.value.expiresAt,
      ...(priv?.lastProblem ? { problem: priv.lastProblem } : {}),
    };
  });

  return router;
}
