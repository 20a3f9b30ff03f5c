import type { Context, Next } from 'koa';
import { PROVIDER_ROUTES } from '../oidc/create-provider.js';
import type { Metrics } from './metrics.js';

const PROVIDER_PATHS = new Set<string>([...Object.values(PROVIDER_ROUTES), '/.well-known/openid-configuration']);

/**
 * A bounded route label: our routers' patterns, the provider's endpoint paths, or `unmatched`.
 * Raw paths would carry interaction ids and explode the label set.
 */
export function routeLabel(ctx: Context): string {
  if (ctx._matchedRoute) return String(ctx._matchedRoute);
  if (PROVIDER_PATHS.has(ctx.path)) return ctx.path;
  if (ctx.path.startsWith(`${PROVIDER_ROUTES.authorization}/`)) return `${PROVIDER_ROUTES.authorization}/:uid`;
  if (ctx.path.startsWith(`${PROVIDER_ROUTES.end_session}/`)) return ctx.path.split('/').slice(0, 3).join('/');
  if (ctx.path === '/static/style.css') return ctx.path;
  return 'unmatched';
}

export function requestMetrics(metrics: Metrics) {
  return async (ctx: Context, next: Next) => {
    const end = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      // The provider answers on the raw response (ctx.respond = false), so read the status there.
      const status = ctx.respond === false ? ctx.res.statusCode : ctx.status;
      const route = routeLabel(ctx);
      end({ method: ctx.method, route });
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(status) });
    }
  };
}
