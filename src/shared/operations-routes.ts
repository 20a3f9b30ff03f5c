import Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { IncomingMessage } from 'node:http';
import { isOperatorPath } from './is-operator-path.js';
import type { Metrics } from './metrics.js';
import { openApiDocument } from './openapi-document.js';

/**
 * /healthz says the process serves HTTP (restart me if not); /readyz says whether this
 * instance can do useful work (take me out of the load balancer if not) – Redis answering
 * within a second and signing keys loaded.
 */
export function createOperationsRouter(deps: {
  redis: Redis;
  metrics: Metrics;
  issuer: string;
  keysLoaded: () => boolean;
  /** Set with ADMIN_PORT: operators' requests get the whole API description, others the public part. */
  isOperatorRequest?: (req: IncomingMessage) => boolean;
}): Router {
  const router = new Router();
  const document = openApiDocument(deps.issuer);
  const paths = document.paths as Record<string, unknown>;
  const publicDocument = {
    ...document,
    paths: Object.fromEntries(Object.entries(paths).filter(([path]) => !isOperatorPath(path))),
  };

  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });

  router.get('/readyz', async (ctx) => {
    const redis = await Promise.race([
      deps.redis.ping().then(
        (r) => (r === 'PONG' ? 'ok' : 'unexpected-reply'),
        () => 'unreachable',
      ),
      new Promise<string>((resolve) => setTimeout(resolve, 1000, 'timeout').unref()),
    ]);
    const keys = deps.keysLoaded() ? 'ok' : 'missing';
    const ready = redis === 'ok' && keys === 'ok';
    ctx.set('Cache-Control', 'no-store');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not-ready', checks: { redis, keys } };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });

  router.get('/openapi.json', (ctx) => {
    const whole = !deps.isOperatorRequest || deps.isOperatorRequest(ctx.req);
    ctx.body = whole ? document : publicDocument;
  });

  return router;
}
