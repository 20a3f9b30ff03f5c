import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.js';
import { HttpError } from './http-error.js';
import { negotiateLocale } from './i18n.js';
import type { Metrics } from './metrics.js';
import { setPageHeaders } from './page-headers.js';
import type { RenderPage } from './page-renderer.js';

interface OAuthLikeError {
  status?: number;
  error?: string;
  error_description?: string;
  name?: string;
}

/**
 * The one place errors from our routes become responses: APIs get JSON
 * `{error, error_description}`, browsers a translated page. Expected refusals keep their status
 * and code; anything else is a 500 whose details stay in the log (without request data).
 */
export function errorMiddleware(deps: {
  logger: Logger;
  metrics: Metrics;
  renderPage: RenderPage;
  config: Config;
}) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'not_found', 'no such page');
    } catch (e) {
      const { status, code, description, expired } = classify(e);
      if (status >= 500)
        deps.logger.error({ err: e, route: ctx._matchedRoute, method: ctx.method }, 'request failed');
      deps.metrics.errors.inc({ code });
      ctx.status = status;
      const wantsJson =
        /^\/(api|admin)\//.test(ctx.path) ||
        ctx.accepts('html', 'json') === 'json' ||
        ctx.path.endsWith('.json');
      if (wantsJson) {
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { error: code, error_description: description };
        return;
      }
      setPageHeaders(ctx);
      ctx.type = 'html';
      const locale = negotiateLocale(
        { choice: ctx.cookies.get('lang'), acceptLanguage: ctx.get('accept-language') },
        deps.config.locales,
        deps.config.defaultLocale,
      );
      ctx.body = deps.renderPage(
        'error',
        { locale, path: ctx.path },
        {
          messageKey: expired
            ? 'errorpage.expired'
            : status === 404
              ? 'errorpage.not_found'
              : 'errorpage.body',
          details: status < 500 ? { error: code, error_description: description } : undefined,
        },
      );
    }
  };
}

function classify(e: unknown): { status: number; code: string; description: string; expired: boolean } {
  if (e instanceof HttpError)
    return { status: e.status, code: e.code, description: e.description, expired: false };
  const o = e as OAuthLikeError;
  if (o && typeof o.error === 'string' && typeof o.status === 'number' && o.status < 500) {
    return {
      status: o.status,
      code: o.error,
      description: o.error_description ?? o.error,
      expired: o.name === 'SessionNotFound',
    };
  }
  return { status: 500, code: 'server_error', description: 'an unexpected error occurred', expired: false };
}
