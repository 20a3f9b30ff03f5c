import Router from '@koa/router';
import type { IssuingCa } from '../certificate/issuing-ca.js';
import type { CrlPublisher } from '../certificate/create-crl-publisher.js';

/**
 * The device CA's publication points, at stable URLs written into every device certificate:
 * GET /crl/device-ca.crl (CRL, DER) and GET /crl/device-ca.crt (the CA certificate, DER).
 * Plain http is normal for both: they are signed, and a CRL fetch must not depend on TLS.
 */
export function createDeviceCaRouter(deps: {
  ca: IssuingCa | Promise<IssuingCa>;
  crl: CrlPublisher;
}): Router {
  const router = new Router();
  router.get('/crl/device-ca.crl', async (ctx) => {
    const crl = await deps.crl.current();
    ctx.type = 'application/pkix-crl';
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.set('Last-Modified', crl.thisUpdate.toUTCString());
    ctx.body = Buffer.from(crl.der);
  });
  router.get('/crl/device-ca.crt', async (ctx) => {
    const ca = await deps.ca;
    ctx.type = 'application/pkix-cert';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = Buffer.from(ca.certificateDer);
  });
  return router;
}
