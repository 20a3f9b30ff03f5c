import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type * as client from 'openid-client';
import { authorizationUrl } from '../support/authorize.js';
import { Browser } from '../support/browser.js';
import { discover, pidFor, privateKeyJwtClient } from '../support/relying-party.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';
import { atRp, check, issueEid, openLogin, submitPid } from '../authenticator/support/app-login.js';

const run = promisify(execFile);

/** `npm run app-sim`: enrol, approve the two activation steps, list devices, from the command line. */
describe('app simulator CLI', () => {
  const rp = privateKeyJwtClient('cli-rp');
  let op: RunningProvider;
  let config: client.Configuration;
  const state = join(mkdtempSync(join(tmpdir(), 'app-sim-')), 'phone.json');
  const sim = async (...args: string[]) => {
    try {
      const r = await run('npx', [
        'tsx',
        'src/device/simulator/cli/main.ts',
        ...args,
        '--state',
        state,
        '--issuer',
        op.issuer,
      ]);
      return { code: 0, out: r.stdout };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, out: `${x.stdout}${x.stderr}` };
    }
  };

  beforeAll(async () => {
    op = await startProvider({ clients: [rp.metadata] });
    config = await discover(op.issuer, rp.metadata.client_id, await rp.auth());
  });
  afterAll(() => op.cleanup());

  test('enroll → approve (enable) → approve (log in) → devices', async () => {
    const pid = pidFor('1966-06-16');
    const secret = await issueEid(op.app, pid);
    expect(await sim('enroll', '--pid', pid, '--code', 'WRNG-WRNG-WRNG-WRNG')).toMatchObject({ code: 1 });
    const enrolled = await sim('enroll', '--pid', pid, '--code', secret);
    expect(enrolled.out).toContain('enrolled device d_');

    const browser = new Browser();
    const step1 = await submitPid(
      browser,
      await openLogin(browser, (await authorizationUrl(config)).url),
      pid,
    );
    // Enabling needs the code the browser shows: the app is not told it.
    const untyped = await sim('approve', '--wait', '5');
    expect(untyped.code).toBe(1);
    expect(untyped.out).toContain('the code the browser shows');
    const approved = await sim('approve', '--wait', '5', '--typed-code', step1.code!);
    expect(approved.code).toBe(0);
    expect(approved.out).toContain('"type": "activate"');
    expect(approved.out).not.toContain('verification_code');
    expect(approved.out).toContain('BEGIN CERTIFICATE');
    const step2 = await check(browser, step1);
    expect((await sim('approve', '--wait', '5')).code).toBe(0);
    expect(atRp((await check(browser, step2)).url)).toBe(true);

    const devices = await sim('devices');
    expect(devices.out).toContain('"status": "active"');
  }, 60_000);
});
