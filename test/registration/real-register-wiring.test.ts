import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { systemClock } from '../../src/shared/clock.js';
import {
  startFakeFolkeregisteret,
  type FakeFolkeregisteret,
} from '../registry/support/fake-folkeregisteret.js';
import { startFakeMaskinporten, type FakeMaskinporten } from '../registry/support/fake-maskinporten.js';
import { folkeregisterDocument } from '../registry/support/folkeregister-document.js';
import type { RunningProvider } from '../support/start-provider.js';
import {
  chipFor,
  newOrder,
  orderStore,
  readerApi,
  startFaceVendor,
  startRegistrationProvider,
} from './support.js';

const MARIA = sandboxPersons.active;

/**
 * REGISTRY_ADAPTER=real: the registration asks a (fake) Folkeregisteret with a (fake) Maskinporten
 * token, configured only through the environment. A 5xx register keeps the order and a retry
 * from the page finishes it.
 */
describe('registration with the real register adapter (local fakes)', () => {
  let op: RunningProvider;
  let pki: Awaited<ReturnType<typeof startRegistrationProvider>>['pki'];
  let vendor: Awaited<ReturnType<typeof startFaceVendor>>;
  let mp: FakeMaskinporten;
  let freg: FakeFolkeregisteret;
  beforeAll(async () => {
    mp = await startFakeMaskinporten({ clock: systemClock });
    freg = await startFakeFolkeregisteret({
      documents: { [MARIA.identityNumber]: folkeregisterDocument(MARIA) },
      isValidToken: (t) => mp.isValidToken(t),
    });
    vendor = await startFaceVendor(() => op.issuer);
    const keyFile = join('/tmp', `mp-${process.pid}-${Date.now()}.pem`);
    writeFileSync(keyFile, mp.privateKeyPem);
    ({ op, pki } = await startRegistrationProvider({
      memoryStore: true,
      env: {
        ...vendor.env,
        REGISTRY_ADAPTER: 'real',
        FREG_BASE_URL: freg.baseUrl,
        MASKINPORTEN_ISSUER: mp.issuer,
        MASKINPORTEN_TOKEN_ENDPOINT: mp.tokenEndpoint,
        MASKINPORTEN_CLIENT_ID: mp.clientId,
        MASKINPORTEN_KEY_ID: mp.keyId,
        MASKINPORTEN_KEY_FILE: keyFile,
        MASKINPORTEN_SCOPE: mp.scope,
      },
    }));
  });
  afterAll(async () => {
    await op.cleanup();
    await Promise.all([vendor.close(), freg.close(), mp.close()]);
  });

  test('a match through Folkeregisteret; 5xx keeps the order until a retry', async () => {
    const reader = readerApi(op);
    const { user, token } = await newOrder(op, MARIA.identityNumber);
    freg.set(MARIA.identityNumber, '500');
    const { up, orderId } = await reader.read(vendor, token, chipFor(pki));
    expect(up.json).toEqual({ state: 'chip_verified', problem: 'registry.unavailable' });
    expect(freg.lookups.filter((l) => l.status === 500).length).toBeGreaterThan(1); // retried on 5xx

    freg.set(MARIA.identityNumber, 'ok');
    await user.post('/register/order/retry-register');
    const order = await orderStore(op.app.redis, op.prefix).get(orderId);
    expect(order.ok && order.value.state).toBe('registry_matched');
    expect(mp.grants.length).toBeGreaterThan(0);
    expect(freg.lookups.at(-1)?.authorization).toMatch(/^Bearer /);
  });
});
