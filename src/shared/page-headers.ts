import type { Context } from 'koa';

/**
 * Headers for every HTML page we render: no caching (pages carry per-flow state and CSRF
 * tokens), a strict CSP that only loads our own stylesheet and cannot be framed. `form-action`
 * is left out on purpose: browsers apply it to the redirect chain after a form post, which
 * would block the final redirect to the relying party.
 */
export function setPageHeaders(ctx: Pick<Context, 'set'>): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.set(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
}
