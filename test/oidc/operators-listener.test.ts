import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashAdminSecret } from '../../src/admin/admin-secret.js';
import { configRefusal } from '../support/production-config.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

const OPS = { name: 'ops', secret: 'correct horse battery staple' };
const basic = `Basic ${Buffer.from(`${OPS.name}:${OPS.secret}`).toString('base64')}`;

/**
 * ADMIN_PORT: the admin API and /metrics move to the operators' listener. The public listener
 * answers them exactly like an unknown path; the operators' listener serves nothing public.
 */
describe("operators' listener (ADMIN_PORT)", () => {
  let op: RunningProvider;
  let internal: Server;
  let internalBase: string;

  beforeAll(async () => {
    op = await startProvider({
      env: {
        ADMIN_PORT: '0',
        ADMIN_CREDENTIALS: `${OPS.name}:admin:${hashAdminSecret(OPS.secret)}`,
        // Behind a proxy on the public side; the operators' side must still ignore forwarded-for.
        TRUST_PROXY: 'true',
      },
    });
    internal = createServer(op.app.internalCallback());
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
    internalBase = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => internal.close(r));
    await op.cleanup();
  });

  /** Status, body and every header but the per-response ones. */
  const get = async (base: string, path: string, auth = false) => {
    const res = await fetch(`${base}${path}`, auth ? { headers: { authorization: basic } } : {});
    const headers = Object.fromEntries(
      [...res.headers].filter(([k]) => !['date', 'x-request-id', 'content-length'].includes(k)),
    );
    return { status: res.status, headers, body: await res.text() };
  };

  test('the public listener answers the admin API and /metrics like an unknown path', async () => {
    const unknown = await get(op.issuer, '/no-such-path');
    expect(unknown.status).toBe(404);
    // The routers ignore case and a trailing slash: so does the separation.
    for (const path of [
      '/admin/v1/clients',
      '/metrics',
      '/metrics/',
      '/METRICS',
      '/ADMIN/v1/clients',
      '/Admin/V1/Clients/',
      '/admin',
    ]) {
      expect({ path, ...(await get(op.issuer, path, true)) }).toEqual({ path, ...unknown });
    }
    // The public API description leaves out what only operators reach.
    const doc = JSON.parse((await get(op.issuer, '/openapi.json')).body) as { paths: object };
    expect(Object.keys(doc.paths).filter((p) => /^\/(admin|metrics)/i.test(p))).toEqual([]);
    expect(Object.keys(doc.paths)).toContain('/api/app/v1/devices');
    // Everything public still works there.
    expect((await get(op.issuer, '/.well-known/openid-configuration')).status).toBe(200);
    expect((await get(op.issuer, '/healthz')).status).toBe(200);
  });

  test("the operators' listener serves the admin API, /metrics and health, and nothing public", async () => {
    expect((await get(internalBase, '/admin/v1/clients', true)).status).toBe(200);
    expect((await get(internalBase, '/admin/v1/clients')).status).toBe(401);
    const metrics = await get(internalBase, '/metrics');
    expect(metrics).toMatchObject({ status: 200, body: expect.stringMatching(/eid_http_requests_total/) });
    // Money held for people: refunds the PSP could not be asked for, and refunds it refused.
    expect(metrics.body).toMatch(/^eid_refunds_owed 0$/m);
    expect(metrics.body).toMatch(/^eid_refunds_refused 0$/m);
    expect((await get(internalBase, '/healthz')).status).toBe(200);
    expect((await get(internalBase, '/readyz')).status).toBe(200);
    for (const path of ['/.well-known/openid-configuration', '/authorize', '/interaction/x', '/jwks']) {
      expect((await get(internalBase, path)).status).toBe(404);
    }
    const doc = JSON.parse((await get(internalBase, '/openapi.json')).body) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/v1/clients', '/metrics']));
  });

  test("a made-up X-Forwarded-For on the operators' listener does not reset the failed-login limit", async () => {
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) {
      const res = await fetch(`${internalBase}/admin/v1/clients`, {
        headers: {
          authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}`,
          'x-forwarded-for': `198.51.100.${i}`,
        },
      });
      last = res.status;
    }
    expect(last).toBe(429);
  });

  test('ADMIN_PORT equal to PORT is refused, naming ADMIN_PORT', () => {
    expect(configRefusal({ PORT: '3000', ADMIN_PORT: '3000' })).toMatch(
      /^ {2}- ADMIN_PORT: must differ from PORT/m,
    );
  });
});
