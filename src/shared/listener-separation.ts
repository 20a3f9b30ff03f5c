import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';

/** What only operators reach: the admin API and the metrics (which show traffic and errors). */
const isOperatorPath = (path: string) => path === '/metrics' || path.startsWith('/admin/');
/** Load balancers and orchestrators probe both listeners. */
const isHealthPath = (path: string) => path === '/healthz' || path === '/readyz';

/**
 * With ADMIN_PORT set, the admin API and /metrics answer only on the operators' listener, and
 * that listener answers nothing else but the health checks. Refused requests get the same bare
 * 404 as any unknown path, so the public side does not even reveal that an admin API exists.
 */
export function listenerSeparation(internalRequests: WeakSet<IncomingMessage>) {
  return async (ctx: Context, next: Next) => {
    const internal = internalRequests.has(ctx.req);
    const allowed = internal ? isOperatorPath(ctx.path) || isHealthPath(ctx.path) : !isOperatorPath(ctx.path);
    if (!allowed) {
      ctx.status = 404;
      return;
    }
    await next();
  };
}
