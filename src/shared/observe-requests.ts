import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { PROVIDER_ROUTES } from '../oidc/create-provider.js';
import type { Metrics } from './metrics.js';

const PROVIDER_PATHS = new Set<string>([
  ...Object.values(PROVIDER_ROUTES),
  '/.well-known/openid-configuration',
]);

/**
 * A bounded route label: our routers' patterns, the provider's endpoint paths, or `unmatched`.
 * Raw paths would carry interaction ids and explode the label set.
 */
export function routeLabel(ctx: Context): string {
  if (ctx._matchedRoute) return String(ctx._matchedRoute);
  if (PROVIDER_PATHS.has(ctx.path)) return ctx.path;
  if (ctx.path.startsWith(`${PROVIDER_ROUTES.authorization}/`))
    return `${PROVIDER_ROUTES.authorization}/:uid`;
  if (ctx.path.startsWith(`${PROVIDER_ROUTES.end_session}/`))
    return ctx.path.split('/').slice(0, 3).join('/');
  if (ctx.path === '/static/style.css') return ctx.path;
  return 'unmatched';
}

/**
 * Counts, times and logs every request. The log line has the route pattern, never the URL:
 * query strings carry authorization codes, login hints and state.
 */
export function observeRequests(metrics: Metrics, logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      // The provider answers on the raw response (ctx.respond = false), so read the status there.
      const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      const route = routeLabel(ctx);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(status) });
      logger.info(
        { requestId, method: ctx.method, route, status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}
