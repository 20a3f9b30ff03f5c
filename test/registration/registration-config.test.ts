// Sandbox adapters belong to sandbox mode (docs/registration.md, "Configuration").
import pino from 'pino';
import { loadConfig, type Config } from '../../config/load-config.js';
import { wireRegistration } from '../../src/enrollment/wire-registration.js';
import { systemClock } from '../../src/shared/clock.js';
import { createRedisConnection } from '../../src/shared/redis-connection.js';
import { configRefusal } from '../support/production-config.js';

const refusal = configRefusal;

describe('registration configuration', () => {
  test('no configuration at all (npm start) is a development sandbox with the sandbox adapters', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.sandbox).toBe(true);
    expect(c.adapters).toMatchObject({ registry: 'sandbox', payment: 'sandbox', faceMatch: 'sandbox' });
  });

  test.each(['REGISTRY_ADAPTER', 'PAYMENT_ADAPTER', 'FACE_MATCH_ADAPTER'])(
    '%s=sandbox is refused when SANDBOX is not true, in development too',
    (variable) => {
      for (const NODE_ENV of ['development', 'test']) {
        const message = refusal({ NODE_ENV, SANDBOX: 'false', [variable]: 'sandbox' });
        expect(message).toContain(`${variable}: the sandbox adapter needs SANDBOX=true`);
      }
    },
  );

  test('SANDBOX=true with the sandbox adapters is accepted in development', () => {
    const c = loadConfig({ SANDBOX: 'true', PAYMENT_ADAPTER: 'sandbox' });
    expect(c.adapters.payment).toBe('sandbox');
  });

  test('the wiring mounts the sandbox pages only in sandbox mode, whatever the adapters', () => {
    const redis = createRedisConnection(undefined, { name: 'registration-config-test' });
    const pagesOf = (config: Config) =>
      wireRegistration({
        config,
        redis,
        logger: pino({ level: 'silent' }),
        renderPage: () => '',
        eids: {} as never,
        audit: {} as never,
        limiter: {} as never,
        secrets: { cookieKeys: ['k'.repeat(32)], pairwiseSalt: 's'.repeat(32) },
        clock: systemClock,
      }).pageRouters.flatMap((r) => r.stack.map((layer) => layer.path as string));
    const sandbox = loadConfig({});
    expect(pagesOf(sandbox)).toEqual(expect.arrayContaining(['/sandbox/reader', '/sandbox/pay/:paymentId']));
    // Sandbox adapters without sandbox mode (config refuses this; the wiring does not rely on it).
    const outside = pagesOf({ ...sandbox, sandbox: false });
    expect(outside.filter((p) => p.startsWith('/sandbox'))).toEqual([]);
    redis.disconnect();
  });
});
