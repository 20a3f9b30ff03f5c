import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Router from '@koa/router';

const STATIC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'views', 'static', 'device');

/**
 * The authenticator's browser scripts as same-origin files (the pages' CSP allows
 * `script-src 'self'` and nothing inline): the login page's "waiting for your app" poller, and in
 * sandbox mode the sandbox phone.
 */
export function createDeviceStaticRouter(options: { sandbox: boolean }): Router {
  const router = new Router();
  const files = ['login-wait.js', ...(options.sandbox ? ['sandbox-phone.js'] : [])];
  for (const name of files) {
    const body = readFileSync(join(STATIC, name));
    router.get(`/static/device/${name}`, (ctx) => {
      ctx.type = 'application/javascript';
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = body;
    });
  }
  return router;
}
