import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import { isOperatorPath, routedPath } from './is-operator-path.js';

/** Load balancers probe both listeners; operators read the full API description. */
const isSharedPath = (path: string) => ['/healthz', '/readyz', '/openapi.json'].includes(routedPath(path));

/**
 * With ADMIN_PORT set, the admin API and /metrics answer only on the operators' listener, and
 * that listener answers nothing else but the health checks and the API description. Refused
 * requests get the same bare 404 (after the same security headers) as any unknown path, so the
 * public side does not even reveal that an admin API exists.
 */
export function listenerSeparation(internalRequests: WeakSet<IncomingMessage>) {
  return async (ctx: Context, next: Next) => {
    const internal = internalRequests.has(ctx.req);
    const allowed = internal ? isOperatorPath(ctx.path) || isSharedPath(ctx.path) : !isOperatorPath(ctx.path);
    if (!allowed) {
      ctx.status = 404;
      return;
    }
    await next();
  };
}
