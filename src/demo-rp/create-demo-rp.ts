import { randomBytes, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import { createRemoteJWKSet } from 'jose';
import Koa, { type Context } from 'koa';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { setPageHeaders } from '../shared/page-headers.js';
import { readForm } from '../shared/read-form.js';
import { securityHeaders } from '../shared/security-headers.js';
import { claimRows } from './claim-rows.js';
import type { DemoRpConfig } from './demo-rp-config.js';
import { loadOrCreateDemoRpKey } from './demo-rp-key.js';
import { DemoRpSessions } from './demo-rp-sessions.js';
import { pickLocale, textsFor, type DemoLocale } from './demo-rp-texts.js';
import { DEMO_RP_CSS, renderDemoPage } from './render-demo-page.js';
import { createLogoutTokenVerifier, LogoutTokenError } from './verify-logout-token.js';

export const DEMO_RP_ACR = 'idporten-loa-high';
const FORM_LIMIT = 16 * 1024;

export interface DemoRp {
  readonly koa: Koa;
  /** Exposed for tests: the in-memory sessions back-channel logout ends. */
  readonly sessions: DemoRpSessions;
}

/**
 * The demo relying party: a "Min side" of an imaginary agency that logs in through the provider
 * the way a real ID-porten client does: PAR, PKCE S256, state and nonce, private_key_jwt, acr
 * idporten-loa-high; shows the id token claims and userinfo; RP-initiated logout and a
 * back-channel logout endpoint. Discovery happens at the first use (and again after a failure),
 * so the demo RP may start before the provider.
 */
export function createDemoRp(config: DemoRpConfig, opts: { logger?: Logger } = {}): DemoRp {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const key = loadOrCreateDemoRpKey(config.keyFile);
  const https = config.baseUrl.startsWith('https://');
  const sessions = new DemoRpSessions(https);
  const redirectUri = `${config.baseUrl}/callback`;
  const postLogoutRedirectUri = `${config.baseUrl}/logged-out`;

  let discovered: Promise<client.Configuration> | undefined;
  const oidc = (): Promise<client.Configuration> => {
    discovered ??= (async () => {
      const signingKey = await crypto.subtle.importKey(
        'jwk',
        key.privateJwk,
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      return client.discovery(
        new URL(config.issuer),
        config.clientId,
        { id_token_signed_response_alg: 'RS256' },
        client.PrivateKeyJwt({ key: signingKey, kid: key.privateJwk.kid }),
        // Plain http only for a local issuer (sandbox); production issuers are https.
        config.issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })().catch((e: unknown) => {
      discovered = undefined;
      // Shown on the error page as a code a newcomer can act on: is the provider running?
      throw Object.assign(new Error(`discovery at ${config.issuer} failed`, { cause: e }), {
        code: 'provider_unreachable',
        status: 502,
      });
    });
    return discovered;
  };
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const logoutTokens = createLogoutTokenVerifier({
    issuer: config.issuer,
    clientId: config.clientId,
    keys: async () => (jwks ??= createRemoteJWKSet(new URL((await oidc()).serverMetadata().jwks_uri!))),
  });

  const localeOf = (ctx: Context): DemoLocale => {
    const chosen = typeof ctx.query.lang === 'string' ? ctx.query.lang : undefined;
    const locale = pickLocale(chosen ?? ctx.cookies.get('demo_rp_lang'), ctx.get('accept-language'));
    if (chosen === locale) {
      ctx.cookies.secure = https;
      ctx.cookies.set('demo_rp_lang', locale, {
        httpOnly: true,
        sameSite: 'lax',
        signed: false,
        secure: https,
      });
    }
    return locale;
  };
  const page = (
    ctx: Context,
    view: Parameters<typeof renderDemoPage>[0],
    titleKey: Parameters<ReturnType<typeof textsFor>>[0],
    locals: Record<string, unknown> = {},
    status = 200,
  ) => {
    const locale = localeOf(ctx);
    setPageHeaders(ctx);
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = renderDemoPage(view, { locale, path: ctx.path, title: textsFor(locale)(titleKey) }, locals);
  };

  const router = new Router();

  router.get('/', (ctx) => {
    const user = sessions.get(ctx)?.user;
    if (!user) return page(ctx, 'home', 'home.title');
    const t = textsFor(localeOf(ctx));
    page(ctx, 'me', 'me.title', {
      idTokenRows: claimRows(user.claims, t),
      userinfoRows: claimRows(user.userinfo, t),
      csrf: sessions.get(ctx)!.csrf,
    });
  });

  // A form post, not a link, so prefetchers and crawlers do not start logins. No CSRF token:
  // starting a login is harmless, and the state bound to this session protects the callback.
  router.post('/login', async (ctx) => {
    const session = sessions.getOrCreate(ctx);
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
    };
    const url = await client.buildAuthorizationUrlWithPAR(await oidc(), {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      acr_values: DEMO_RP_ACR,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      ui_locales: localeOf(ctx),
    });
    session.pending = pending;
    ctx.redirect(url.href);
  });

  router.get('/callback', async (ctx) => {
    const session = sessions.get(ctx);
    const pending = session?.pending;
    if (!session || !pending) return page(ctx, 'error', 'error.title', { code: 'no_login_in_progress' }, 400);
    session.pending = undefined;
    if (typeof ctx.query.error === 'string')
      return page(ctx, 'error', 'error.title', { code: ctx.query.error }, 400);
    const config_ = await oidc();
    // The public address, not the request's: behind a proxy the request URL is an internal one.
    const tokens = await client.authorizationCodeGrant(config_, new URL(ctx.originalUrl, config.baseUrl), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    if (claims.acr !== DEMO_RP_ACR) {
      return page(ctx, 'error', 'error.title', { code: 'acr_not_met' }, 400);
    }
    const userinfo = await client.fetchUserInfo(config_, tokens.access_token, claims.sub);
    sessions.start(ctx).user = {
      idToken: tokens.id_token!,
      claims: { ...claims },
      userinfo: { ...userinfo },
      sub: claims.sub,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
    };
    logger.info({ event: 'demo_rp_login', acr: claims.acr }, 'demo RP login');
    ctx.redirect('/');
  });

  router.post('/logout', async (ctx) => {
    const session = sessions.get(ctx);
    const form = await readForm(ctx, FORM_LIMIT);
    if (!session?.user) return ctx.redirect('/');
    const a = Buffer.from(form.csrf ?? '');
    const b = Buffer.from(session.csrf);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      return page(ctx, 'error', 'error.title', { code: 'csrf' }, 400);
    const idTokenHint = session.user.idToken;
    sessions.destroy(ctx);
    const url = client.buildEndSessionUrl(await oidc(), {
      id_token_hint: idTokenHint,
      post_logout_redirect_uri: postLogoutRedirectUri,
      state: randomBytes(16).toString('base64url'),
      ui_locales: localeOf(ctx),
    });
    ctx.redirect(url.href);
  });

  router.get('/logged-out', (ctx) => page(ctx, 'logged-out', 'loggedout.title'));

  router.post('/backchannel-logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const form = await readForm(ctx, FORM_LIMIT);
    try {
      if (!form.logout_token) throw new LogoutTokenError('logout_token is missing');
      const match = await logoutTokens.verify(form.logout_token);
      const ended = sessions.endByProviderSession(match);
      logger.info({ event: 'demo_rp_backchannel_logout', ended }, 'back-channel logout');
      ctx.status = 200;
      ctx.body = '';
    } catch (e) {
      if (!(e instanceof LogoutTokenError)) throw e;
      logger.warn(
        { event: 'demo_rp_backchannel_logout_rejected', reason: e.message },
        'logout token refused',
      );
      ctx.status = 400;
      ctx.body = { error: 'invalid_request', error_description: e.message };
    }
  });

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const koa = new Koa();
  koa.keys = [randomBytes(32).toString('base64url')]; // sessions live in memory: a new key per start is fine
  koa.use(securityHeaders(https));
  koa.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      const err = e as Error & { status?: number; code?: string; error?: string };
      logger.error({ err: { name: err.name, message: err.message, code: err.code } }, 'demo RP error');
      page(ctx, 'error', 'error.title', { code: err.error ?? err.code ?? 'server_error' }, err.status ?? 500);
    }
  });
  koa.use(async (ctx, next) => {
    if (ctx.path !== '/static/demo-rp.css') return next();
    ctx.type = 'text/css';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = DEMO_RP_CSS;
  });
  koa.use(router.routes()).use(router.allowedMethods());
  return { koa, sessions };
}
