import { startProvider, type RunningProvider } from '../support/start-provider.js';

/** The OpenAPI document and the mounted API routes describe the same operations. */
describe('/openapi.json', () => {
  let op: RunningProvider;
  beforeAll(async () => {
    op = await startProvider();
  });
  afterAll(() => op.cleanup());

  test('is OpenAPI 3.1 with this issuer as server', async () => {
    const doc = (await (await fetch(`${op.issuer}/openapi.json`)).json()) as {
      openapi: string;
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe(op.issuer);
  });

  test('documents exactly the API routes the server mounts, and every operation has responses', async () => {
    const doc = (await (await fetch(`${op.issuer}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses?: object; operationId?: string }>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const mounted = op.app.apiRoutes.map((r) => `${r.method} ${r.path}`).sort();
    expect(mounted.length).toBeGreaterThan(0);
    expect(documented).toEqual(mounted);
    for (const ops of Object.values(doc.paths)) {
      for (const o of Object.values(ops)) {
        expect(o.operationId).toBeTruthy();
        expect(Object.keys(o.responses ?? {}).length).toBeGreaterThan(0);
      }
    }
  });

  test('each documented GET answers with a documented status', async () => {
    const doc = (await (await fetch(`${op.issuer}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.get || path.includes('{')) continue;
      const res = await fetch(`${op.issuer}${path}`);
      expect(Object.keys(ops.get.responses)).toContain(String(res.status));
    }
  });
});
