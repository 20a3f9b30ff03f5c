import { createHash, randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Config } from '../../config/load-config.js';
import { negotiateLocale } from '../shared/i18n.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';
import { PROVIDER_ROUTES } from './create-provider.js';
import { SANDBOX_DEMO_CLIENT_SECRET } from './sandbox-demo-client.js';

/**
 * Sandbox only: /sandbox/try plays a relying party with the demo client, so a newcomer sees a
 * whole login (and what a service receives) right after `npm start`. It does what a real client
 * does: PKCE, state, nonce, code exchange over HTTP, id token signature check against /jwks.
 */
export function createSandboxTryRouter(deps: { config: Config; renderPage: RenderPage }): Router {
  const { config } = deps;
  const router = new Router();
  const clientId = 'sandbox-demo';
  const redirectUri = `${config.issuer}/sandbox/callback`;
  // The provider calls itself on loopback so this also works behind a proxy with a public issuer.
  const internal = `http://127.0.0.1:${config.port}`;
  const locale = (ctx: Context) =>
    negotiateLocale(
      { choice: ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
      config.locales,
      config.defaultLocale,
    );
  const render = (ctx: Context, view: string, locals: Record<string, unknown>) => {
    setPageHeaders(ctx);
    ctx.type = 'html';
    ctx.body = deps.renderPage(view, { locale: locale(ctx), path: ctx.path }, locals);
  };

  router.get('/sandbox/try', (ctx) => render(ctx, 'sandbox-try', {}));

  router.get('/sandbox/try/start', (ctx) => {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const nonce = randomBytes(16).toString('base64url');
    ctx.cookies.set('sandbox_try', JSON.stringify({ verifier, state, nonce }), {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 600_000,
    });
    const acr = typeof ctx.query.acr_values === 'string' ? ctx.query.acr_values : undefined;
    const params = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ui_locales: locale(ctx),
      ...(acr ? { acr_values: acr } : {}),
    });
    ctx.redirect(`${config.issuer}${PROVIDER_ROUTES.authorization}?${params}`);
  });

  router.get('/sandbox/callback', async (ctx) => {
    const saved = ctx.cookies.get('sandbox_try', { signed: true });
    const { verifier, state, nonce } = saved ? (JSON.parse(saved) as Record<string, string>) : {};
    const q = ctx.query as Record<string, string | undefined>;
    const fail = (error: string, errorDescription?: string) =>
      render(ctx, 'sandbox-result', { claims: undefined, error, errorDescription });
    if (q.error) return fail(q.error, q.error_description);
    if (!verifier || q.state !== state) return fail('state_mismatch', 'start again from /sandbox/try');
    if (q.iss !== config.issuer) return fail('issuer_mismatch');
    ctx.cookies.set('sandbox_try', null);
    const tokenResponse = await fetch(`${internal}${PROVIDER_ROUTES.token}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${SANDBOX_DEMO_CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: q.code ?? '',
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    });
    const tokens = (await tokenResponse.json()) as {
      id_token?: string;
      error?: string;
      error_description?: string;
    };
    if (!tokens.id_token) return fail(tokens.error ?? 'token_error', tokens.error_description);
    const jwks = (await (await fetch(`${internal}${PROVIDER_ROUTES.jwks}`)).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
      issuer: config.issuer,
      audience: clientId,
    });
    if (payload.nonce !== nonce) return fail('nonce_mismatch');
    const logout = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${config.issuer}/sandbox/logged-out`,
    });
    render(ctx, 'sandbox-result', {
      claims: payload,
      logoutUrl: `${config.issuer}${PROVIDER_ROUTES.end_session}?${logout}`,
    });
  });

  router.get('/sandbox/logged-out', (ctx) => render(ctx, 'sandbox-logged-out', {}));
  return router;
}
