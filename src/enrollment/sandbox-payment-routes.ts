import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Config } from '../../config/load-config.js';
import type { SandboxPaymentProvider } from '../payment/create-sandbox-payment-provider.js';
import { csrfToken, verifyCsrfToken } from '../shared/csrf-token.js';
import { HttpError } from '../shared/http-error.js';
import { negotiateLocale } from '../shared/i18n.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import { readForm } from '../shared/read-form.js';
import type { Registration } from './create-registration.js';

const form = z.object({
  csrf: z.string().max(100),
  cardholderName: z.string().max(100).default(''),
  decision: z.enum(['approve', 'decline']),
});

/**
 * Sandbox only: the sandbox PSP's hosted payment page, /sandbox/pay/:paymentId. The tester types
 * the name on the card (empty = the issuer gives no verdict) and approves or declines; the signed
 * notification goes through the same webhook use case as the PSP's, then the browser returns.
 */
export function createSandboxPaymentRouter(deps: {
  registration: Registration;
  payments: SandboxPaymentProvider;
  config: Config;
  renderPage: RenderPage;
  csrfKey: string;
}): Router {
  const { config } = deps;
  const router = new Router();
  const render = (ctx: Context, locals: Record<string, unknown>, status = 200) => {
    setPageHeaders(ctx);
    ctx.status = status;
    ctx.type = 'html';
    const locale = negotiateLocale(
      { choice: ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
      config.locales,
      config.defaultLocale,
    );
    ctx.body = deps.renderPage('registration/sandbox-pay', { locale, path: ctx.path }, locals);
  };
  const payment = (ctx: Context) => {
    const p = deps.payments.getSandboxPayment(String(ctx.params.paymentId));
    if (!p) throw new HttpError(404, 'payment.sandbox-unknown-payment', 'no sandbox payment has this id');
    return p;
  };

  router.get('/sandbox/pay/:paymentId', (ctx) => {
    const p = payment(ctx);
    render(ctx, { payment: p, csrf: csrfToken(deps.csrfKey, `sandbox-pay:${p.paymentId}`) });
  });

  router.post('/sandbox/pay/:paymentId', async (ctx) => {
    const p = payment(ctx);
    const f = form.safeParse(await readForm(ctx, config.maxBodyBytes));
    if (!f.success || !verifyCsrfToken(deps.csrfKey, `sandbox-pay:${p.paymentId}`, f.data.csrf))
      throw new HttpError(403, 'csrf', 'the form had expired; open the payment page again');
    const done = await deps.payments.completeSandboxPayment(p.paymentId, {
      cardholderName: f.data.cardholderName,
      approve: f.data.decision === 'approve',
    });
    if (!done.ok) throw new HttpError(409, done.code, done.detail);
    // Delivered in-process and awaited, so the page the browser returns to already shows the outcome.
    const delivered = await deps.registration.webhook(done.value.rawBody, done.value.headers);
    if (!delivered.ok) throw new HttpError(500, delivered.code, delivered.detail);
    ctx.status = 303;
    ctx.redirect(done.value.returnUrl);
  });

  return router;
}
