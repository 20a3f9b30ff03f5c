import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { formField } from '../support/browser.js';
import { nonSandboxEnv } from '../support/non-sandbox-env.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { newOrder, randomIp } from './support.js';

/** The sandbox reader and payment pages, as a newcomer (and the browser tests) register. */
describe('sandbox reader and payment pages (in-memory store)', () => {
  let op: RunningProvider;
  beforeAll(async () => {
    op = await startProvider({ memoryStore: true, env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => op.cleanup());

  async function readWithSandboxReader(
    user: Awaited<ReturnType<typeof newOrder>>['user'],
    person: string,
    defect = 'none',
  ) {
    const page = await user.page('/register/order');
    const link = /id="sandbox-reader-link" href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const reader = await user.page(link);
    expect(reader.text).toContain('id="sandbox-read"');
    return user.submit('/sandbox/reader', {
      csrf: formField(reader.text, 'csrf'),
      token: formField(reader.text, 'token'),
      code: '',
      person,
      defect,
    });
  }

  test.each([
    ['nordicLetters', 'Åse Sæther Ødegård', 'ASE SAETHER ODEGARD'],
    ['hyphenatedSurname', 'Lucía García-Márquez', 'L GARCIA MARQUEZ'],
    ['twoGivenNames', 'Anna Maria Schmidt', 'MARIA SCHMIDT'],
    ['dNumber', 'Priya Sharma', 'PRIYA SHARMA'],
    ['foreignPassport', 'Oliver Smith (passport on file)', 'OLIVER SMITH'],
  ] as const)('%s (%s) registers through the sandbox pages', async (key, _who, card) => {
    const pid = sandboxPersons[key].identityNumber;
    const { user } = await newOrder(op, pid);
    const done = await readWithSandboxReader(user, key);
    expect(done.text).toContain('data-state="registry_matched"');
    const pay = await user.page('/register/order');
    const to = await user.browser.request(new URL('/register/order/pay', op.issuer), {
      form: { csrf: formField(pay.text, 'csrf') },
    });
    const psp = await user.page(to.res.headers.get('location')!);
    await user.browser.request(psp.url, {
      form: { csrf: formField(psp.text, 'csrf'), cardholderName: card, decision: 'approve' },
    });
    const receipt = await user.page('/register/order');
    expect(receipt.text).toContain('id="activation-secret"');
    expect((await op.app.eids.get(pid))?.status).toBe('issued_not_activated');
  });

  test.each([
    ['birth-date', 'match.birth-date'],
    ['surname', 'match.name'],
  ])('a chip made with the defect %s fails the register match (%s)', async (defect, code) => {
    const { user } = await newOrder(op, sandboxPersons.active.identityNumber);
    const done = await readWithSandboxReader(user, 'active', defect);
    expect(done.text).toContain(`data-code="${code}"`);
  });

  test.each([
    ['aa-signature', 'chip.active-authentication'],
    ['face-below-threshold', 'facematch.below-threshold'],
    ['face-liveness', 'facematch.liveness-failed'],
    ['expired-document', 'chip.document-expired'],
  ])(
    'a chip with the defect %s is refused (%s) and the order waits for another read',
    async (defect, code) => {
      const { user } = await newOrder(op, sandboxPersons.active.identityNumber);
      const done = await readWithSandboxReader(user, 'active', defect);
      expect(done.status).toBe(422);
      expect(done.text).toContain(`data-code="${code}"`);
      const page = await user.page('/register/order');
      expect(page.text).toContain(`data-code="${code}"`);
      expect(page.text).toContain('id="reader-connected"');
    },
  );

  test('the user can cancel an order before paying; the reader can no longer use it', async () => {
    const { user, token } = await newOrder(op, sandboxPersons.active.identityNumber);
    await user.post('/register/order/cancel');
    const page = await user.page('/register/order');
    expect(page.text).toContain('data-state="cancelled"');
    const res = await fetch(`${op.issuer}/api/reader/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ token }),
    });
    expect(((await res.json()) as { error: string }).error).toBe('reader.order-closed');
  });

  test('the sandbox pages (reader and payment) do not exist outside sandbox mode', async () => {
    // Outside sandbox mode the registration needs its real adapters (sandbox ones are refused by
    // config); nothing is contacted at start-up, so unreachable endpoints do.
    const prod = await startProvider({
      memoryStore: true,
      env: nonSandboxEnv(),
    });
    try {
      for (const path of ['/sandbox/reader', '/sandbox/pay/x']) {
        const get = await fetch(`${prod.issuer}${path}`, { headers: { 'x-forwarded-for': randomIp() } });
        expect([path, get.status]).toEqual([path, 404]);
        const post = await fetch(`${prod.issuer}${path}`, {
          method: 'POST',
          headers: { 'x-forwarded-for': randomIp(), 'content-type': 'application/x-www-form-urlencoded' },
          body: 'decision=approve',
        });
        expect([path, post.status]).toEqual([path, 404]);
      }
      const page = await fetch(`${prod.issuer}/register/identity`);
      expect(page.status).toBe(200);
    } finally {
      await prod.cleanup();
    }
  });
});
