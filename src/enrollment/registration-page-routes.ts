import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import type { Context } from 'koa';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { Config, Locale } from '../../config/load-config.js';
import { csrfToken, verifyCsrfToken } from '../shared/csrf-token.js';
import { HttpError } from '../shared/http-error.js';
import { negotiateLocale } from '../shared/i18n.js';
import { makeIdentityNumber } from '../shared/make-identity-number.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import { readForm } from '../shared/read-form.js';
import type { Registration } from './create-registration.js';
import type { Order } from './order.js';
import { orderCookie } from './order-cookie.js';

const START_COOKIE = 'reg_start';
const ORDER_COOKIE = orderCookie.name;
const uidPattern = /^[A-Za-z0-9_-]{1,64}$/;
const SHOPPER_LOCALE: Record<Locale, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB', se: 'se-NO' };

type FieldError = { field: string; code: string };
const csrfForm = z.object({ csrf: z.string().max(100) });
const identityForm = csrfForm.extend({ pid: z.string().max(40) });
const resumeForm = csrfForm.extend({ code: z.string().max(40), pid: z.string().max(40) });

/**
 * The registration pages (docs/registration.md): entry, what you need, identity number (step 1),
 * read passport (2), register result, payment (3), receipt (4), resume. The browser is bound to
 * its order by a signed cookie; every form carries a CSRF token bound to that cookie's content.
 */
export function createRegistrationPageRouter(deps: {
  registration: Registration;
  config: Config;
  renderPage: RenderPage;
  csrfKey: string;
}): Router {
  const { registration, config } = deps;
  const router = new Router();
  const example = makeIdentityNumber({ birthDate: '1990-05-17' });
  const pollScript = readFileSync(new URL('../../views/static/registration-poll.js', import.meta.url));
  const secure = config.issuer.startsWith('https://');
  const cookieOptions = { signed: true, httpOnly: true, sameSite: 'lax' as const, secure, overwrite: true };

  const localeOf = (ctx: Context): Locale => {
    const chosen = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
    const locale = negotiateLocale(
      { choice: chosen ?? ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
      config.locales,
      config.defaultLocale,
    );
    if (chosen && chosen === locale)
      ctx.cookies.set('lang', locale, {
        httpOnly: true,
        sameSite: 'lax',
        maxAge: 365 * 86_400_000,
        signed: false,
      });
    return locale;
  };
  const render = (ctx: Context, view: string, locals: Record<string, unknown>, status = 200) => {
    setPageHeaders(ctx);
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = deps.renderPage(
      `registration/${view}`,
      { locale: localeOf(ctx), path: ctx.path },
      {
        errors: [],
        values: {},
        fieldError: () => undefined,
        ...locals,
      },
    );
  };
  const withErrors = (errors: FieldError[]) => ({
    errors,
    fieldError: (f: string) => errors.find((e) => e.field === f)?.code,
  });

  /** The pre-order flow: a nonce for CSRF and the interaction uid to go back to. */
  const startState = (ctx: Context, uid?: string): { nonce: string; uid?: string } => {
    const raw = ctx.cookies.get(START_COOKIE, { signed: true });
    let state = raw ? (JSON.parse(raw) as { nonce: string; uid?: string }) : undefined;
    if (!state || (uid && state.uid !== uid)) {
      state = { nonce: state?.nonce ?? randomBytes(16).toString('base64url'), ...(uid ? { uid } : {}) };
      ctx.cookies.set(START_COOKIE, JSON.stringify(state), { ...cookieOptions, maxAge: 86_400_000 });
    }
    return state;
  };
  /** `ownerNonce` only for the browser that started the order (see order-cookie.ts). */
  const bindOrder = (ctx: Context, order: Order, uid?: string, ownerNonce?: string) => {
    const lifetime = Math.max(60_000, Date.parse(order.expiresAt) - Date.now() + 3_600_000);
    const content = { o: order.id, ...(uid ? { u: uid } : {}), ...(ownerNonce ? { n: ownerNonce } : {}) };
    ctx.cookies.set(ORDER_COOKIE, JSON.stringify(content), { ...cookieOptions, maxAge: lifetime });
  };
  const boundOrder = (ctx: Context) => orderCookie.read(ctx);
  const requireBound = (ctx: Context) => {
    const bound = boundOrder(ctx);
    if (!bound) throw new HttpError(403, 'registration.no-order', 'open your order again with its code');
    return bound;
  };
  const orderCsrf = (orderId: string) => csrfToken(deps.csrfKey, `reg-order:${orderId}`);
  const checkOrderForm = async (ctx: Context, orderId: string) => {
    const form = csrfForm.passthrough().safeParse(await readForm(ctx, config.maxBodyBytes));
    if (!form.success || !verifyCsrfToken(deps.csrfKey, `reg-order:${orderId}`, form.data.csrf))
      throw new HttpError(403, 'csrf', 'the form had expired; open the page again');
    return form.data;
  };
  const uidOf = (ctx: Context) => {
    const uid =
      typeof ctx.query.uid === 'string' && uidPattern.test(ctx.query.uid) ? ctx.query.uid : undefined;
    return uid;
  };

  router.get('/register', (ctx) => {
    // A language switch reloads this page without the uid: keep the one the flow started with.
    const uid = uidOf(ctx) ?? (ctx.query.lang ? startState(ctx).uid : undefined);
    const state = startState(ctx, uid);
    if (!uid && state.uid) {
      ctx.cookies.set(START_COOKIE, JSON.stringify({ nonce: state.nonce }), {
        ...cookieOptions,
        maxAge: 86_400_000,
      });
    }
    render(ctx, 'entry', { uid });
  });

  router.get('/register/start', (ctx) => {
    const state = startState(ctx, uidOf(ctx));
    render(ctx, 'what-you-need', { uid: state.uid, price: config.registration.price });
  });

  const identityPage = (
    ctx: Context,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    status = 200,
  ) => {
    const state = startState(ctx);
    render(
      ctx,
      'identity',
      {
        csrf: csrfToken(deps.csrfKey, `reg-start:${state.nonce}`),
        example,
        values,
        sandboxHint: config.sandbox,
        ...withErrors(errors),
      },
      status,
    );
  };
  router.get('/register/identity', (ctx) => identityPage(ctx));
  router.post('/register/identity', async (ctx) => {
    const state = startState(ctx);
    const form = identityForm.safeParse(await readForm(ctx, config.maxBodyBytes));
    if (!form.success || !verifyCsrfToken(deps.csrfKey, `reg-start:${state.nonce}`, form.data.csrf))
      return identityPage(ctx, [{ field: 'pid', code: 'csrf' }], {}, 403);
    const ownerNonce = randomBytes(24).toString('base64url');
    const started = await registration.start({ pidInput: form.data.pid, source: ctx.ip, ownerNonce });
    if (!started.ok) {
      const status =
        started.code === 'rate.limited' ? 429 : started.code === 'order.code-exhausted' ? 503 : 400;
      // The field is left empty: the number is not echoed into a page (caches, screenshots).
      return identityPage(ctx, [{ field: 'pid', code: started.code }], {}, status);
    }
    bindOrder(ctx, started.value, state.uid, ownerNonce);
    ctx.redirect('/register/order');
  });

  const resumePage = (
    ctx: Context,
    errors: FieldError[] = [],
    values: Record<string, string> = {},
    status = 200,
  ) => {
    const state = startState(ctx, uidOf(ctx));
    render(
      ctx,
      'resume',
      { csrf: csrfToken(deps.csrfKey, `reg-start:${state.nonce}`), example, values, ...withErrors(errors) },
      status,
    );
  };
  router.get('/register/resume', (ctx) => resumePage(ctx));
  router.post('/register/resume', async (ctx) => {
    const state = startState(ctx);
    const form = resumeForm.safeParse(await readForm(ctx, config.maxBodyBytes));
    if (!form.success || !verifyCsrfToken(deps.csrfKey, `reg-start:${state.nonce}`, form.data.csrf))
      return resumePage(ctx, [{ field: 'code', code: 'csrf' }], {}, 403);
    const found = await registration.resume({
      code: form.data.code,
      pidInput: form.data.pid,
      source: ctx.ip,
    });
    if (!found.ok)
      return resumePage(
        ctx,
        [{ field: 'code', code: found.code }],
        { code: form.data.code },
        found.code === 'rate.limited' ? 429 : 400,
      );
    // Resuming grants no ownership; a browser resuming the order it started keeps its nonce.
    const before = boundOrder(ctx);
    bindOrder(ctx, found.value, state.uid, before?.o === found.value.id ? before.n : undefined);
    ctx.redirect('/register/order');
  });

  router.get('/register/poll.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = pollScript;
  });

  router.get('/register/order/status.json', async (ctx) => {
    const bound = boundOrder(ctx);
    const order = bound ? await registration.order(bound.o) : undefined;
    ctx.set('Cache-Control', 'no-store');
    if (!order?.ok) throw new HttpError(404, 'registration.no-order', 'no order is bound to this browser');
    const priv = await registration.private(order.value.id);
    ctx.body = {
      state: order.value.state,
      version: order.value.version,
      readerConnected: priv?.readerConnected ?? false,
      problem: priv?.lastProblem ?? null,
    };
  });

  router.get('/register/order', async (ctx) => {
    const bound = boundOrder(ctx);
    if (!bound) return ctx.redirect('/register/resume');
    const found = await registration.order(bound.o);
    if (!found.ok) {
      ctx.cookies.set(ORDER_COOKIE, null);
      return render(ctx, 'ended', { state: 'gone', uid: bound.u }, 410);
    }
    await showOrder(ctx, found.value, bound);
  });

  const showOrder = async (
    ctx: Context,
    order: Order,
    bound: { u?: string | undefined; n?: string | undefined },
    extra: Record<string, unknown> = {},
  ) => {
    const uid = bound.u;
    const priv = await registration.private(order.id);
    const common = { order, uid, csrf: orderCsrf(order.id), problem: priv?.lastProblem, ...extra };
    switch (order.state) {
      case 'created': {
        const link = await registration.readerLink(order.id);
        const deepLink = link?.token
          ? `passport-eid-reader://read?${new URLSearchParams({ server: config.issuer, token: link.token })}`
          : undefined;
        return render(ctx, 'read-passport', {
          ...common,
          connected: link?.connected ?? false,
          deepLink,
          qr: deepLink ? renderSVG(deepLink, { border: 2 }) : undefined,
          // No token in the URL (access logs): the sandbox reader takes it from the order cookie.
          sandboxReader: config.sandbox ? '/sandbox/reader' : undefined,
        });
      }
      case 'chip_verified':
        return render(ctx, 'register-check', common);
      case 'registry_matched':
        return render(ctx, 'payment', {
          ...common,
          price: config.registration.price,
          holder: order.chip?.holder,
        });
      case 'paid':
        return render(ctx, 'processing', common);
      case 'issued': {
        // Only the browser that started the order sees (or renews) the secret.
        const owner = await registration.isOwner(order.id, bound.n);
        const secret =
          (extra.secret as string | undefined) ??
          (owner ? await registration.takeActivationSecret(order.id, bound.n) : undefined);
        return render(ctx, 'receipt', {
          ...common,
          owner,
          secret,
          qr: secret ? renderSVG(secret, { border: 2 }) : undefined,
        });
      }
      case 'failed':
        return render(ctx, 'failed', {
          ...common,
          reason: order.failure?.reasonCode,
          mismatches: priv?.mismatches ?? [],
        });
      default:
        return render(ctx, 'ended', { ...common, state: order.state });
    }
  };

  const orderAction = (
    path: string,
    action: (
      ctx: Context,
      orderId: string,
      bound: { u?: string | undefined; n?: string | undefined },
    ) => Promise<void>,
  ) =>
    router.post(`/register/order/${path}`, async (ctx) => {
      const bound = requireBound(ctx);
      await checkOrderForm(ctx, bound.o);
      await action(ctx, bound.o, bound);
    });
  const showAgain = async (
    ctx: Context,
    orderId: string,
    bound: { u?: string; n?: string },
    extra: Record<string, unknown>,
    status: number,
  ) => {
    const order = await registration.order(orderId);
    if (!order.ok) throw new HttpError(410, 'order.gone', 'the order no longer exists');
    await showOrder(ctx, order.value, bound, extra);
    ctx.status = status;
  };

  orderAction('reader-link', async (ctx, orderId) => {
    await registration.readerLink(orderId, { renew: true });
    ctx.redirect('/register/order');
  });
  orderAction('retry-register', async (ctx, orderId, bound) => {
    const retried = await registration.retryRegister(orderId, ctx.ip);
    if (!retried.ok && retried.code === 'rate.limited')
      return showAgain(ctx, orderId, bound, { problem: 'rate.limited' }, 429);
    ctx.redirect('/register/order');
  });
  orderAction('pay', async (ctx, orderId) => {
    const paid = await registration.pay(orderId, {
      returnUrl: `${config.issuer}/register/order/paid`,
      shopperLocale: SHOPPER_LOCALE[localeOf(ctx)],
    });
    if (!paid.ok) throw new HttpError(paid.code === 'order.not-allowed' ? 409 : 503, paid.code, paid.detail);
    ctx.status = 303;
    ctx.redirect(paid.value.redirectUrl);
  });
  orderAction('new-code', async (ctx, orderId, bound) => {
    const renewed = await registration.renewActivationSecret(orderId, bound.n);
    if (!renewed.ok && renewed.code === 'secret.not-owner')
      return showAgain(ctx, orderId, bound, { problem: 'secret.not-owner' }, 403);
    if (!renewed.ok)
      throw new HttpError(renewed.code === 'rate.limited' ? 429 : 409, renewed.code, renewed.detail);
    await showAgain(ctx, orderId, bound, { secret: renewed.value }, 200);
  });
  orderAction('cancel', async (ctx, orderId) => {
    await registration.cancel(orderId);
    ctx.redirect('/register/order');
  });
  // The payment page sends the browser back here, whatever the outcome.
  router.get('/register/order/paid', (ctx) => ctx.redirect('/register/order'));

  return router;
}
