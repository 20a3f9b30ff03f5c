import Router from '@koa/router';
import type { Config } from '../../config/load-config.js';
import { negotiateLocale } from '../shared/i18n.js';
import { setPageHeaders } from '../shared/page-headers.js';
import type { RenderPage } from '../shared/page-renderer.js';

/**
 * Sandbox only (not mounted otherwise, so 404): /sandbox/phone plays the authenticator app in a
 * browser tab. All of its work happens in /static/device/sandbox-phone.js against the real app
 * API, with a WebCrypto P-256 key that cannot be exported.
 */
export function createSandboxPhoneRouter(deps: { config: Config; renderPage: RenderPage }): Router {
  const router = new Router();
  router.get('/sandbox/phone', (ctx) => {
    setPageHeaders(ctx);
    ctx.type = 'html';
    const locale = negotiateLocale(
      {
        choice: typeof ctx.query.lang === 'string' ? ctx.query.lang : ctx.cookies.get('lang'),
        acceptLanguage: ctx.get('accept-language'),
      },
      deps.config.locales,
      deps.config.defaultLocale,
    );
    ctx.body = deps.renderPage('sandbox-phone', { locale, path: ctx.path }, { title: 'Sandbox phone' });
  });
  return router;
}
