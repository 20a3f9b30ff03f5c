import crypto from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { runMakeTestPassport } from '../../src/passport/cli/make-test-passport-command.js';
import { runVerifyCommand } from '../../src/passport/cli/verify-command.js';
import { signIso9796Scheme1 } from '../../src/passport/factory/sign-iso9796-scheme1.js';
import type { PassportReport } from '../../src/passport/passport-report.js';

// The two CLI commands together, as a developer would use them: write a test passport, answer an
// AA challenge with aa-key.pem (standing in for the chip), verify the files offline.

const silent = { log: () => undefined, error: () => undefined };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'factory-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function verifyDir(extra: string[] = []): Promise<{ code: number; report: PassportReport }> {
  const aaKey = crypto.createPrivateKey(await readFile(path.join(dir, 'aa-key.pem')));
  const challenge = crypto.randomBytes(8);
  const signature =
    aaKey.asymmetricKeyType === 'rsa'
      ? signIso9796Scheme1(aaKey, challenge)
      : crypto.sign('sha256', challenge, { key: aaKey, dsaEncoding: 'ieee-p1363' });
  const f = (name: string): string => path.join(dir, name);
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((s: unknown) => void printed.push(String(s)));
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await runVerifyCommand([
      '--sod',
      f('sod.bin'),
      '--com',
      f('com.bin'),
      ...[1, 2, 14, 15].flatMap((n) => ['--dg', `${n}=${f(`dg${n}.bin`)}`]),
      '--csca',
      f('csca.der'),
      '--crl',
      f('crl.der'),
      '--aa-challenge',
      Buffer.from(challenge).toString('hex'),
      '--aa-signature',
      Buffer.from(signature).toString('hex'),
      '--require-aa',
      '--json',
      ...extra,
    ]);
    return { code, report: JSON.parse(printed.join('\n')) as PassportReport };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const failures = (report: PassportReport): string[] =>
  report.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`);

test.each([
  ['rsa', 'rsa'],
  ['pss', 'ec'],
  ['brainpool', 'ec'],
])('a %s passport with %s AA written by make-test-passport verifies offline', async (variant, aa) => {
  expect(await runMakeTestPassport(['--out', dir, '--variant', variant, '--aa', aa], silent)).toBe(0);
  const { code, report } = await verifyDir();
  expect(failures(report)).toEqual([]);
  expect(report.verdict).toBe('accepted');
  expect(report.activeAuthentication).toBe('valid');
  expect(code).toBe(0);
});

test('--expired-dsc writes a passport whose chain fails as expired', async () => {
  expect(
    await runMakeTestPassport(
      ['--out', dir, '--variant', 'brainpool', '--aa', 'ec', '--expired-dsc'],
      silent,
    ),
  ).toBe(0);
  const { code, report } = await verifyDir();
  expect(code).toBe(1);
  expect(failures(report)).toContain('chain:chain.dsc-expired');
});

test('--revoke-dsc writes a CRL that revokes the document signer', async () => {
  expect(
    await runMakeTestPassport(['--out', dir, '--variant', 'brainpool', '--aa', 'ec', '--revoke-dsc'], silent),
  ).toBe(0);
  const { code, report } = await verifyDir();
  expect(code).toBe(1);
  expect(failures(report)).toContain('chain:chain.dsc-revoked');
});

test('the production switch --refuse-test-csca refuses the generated CSCA', async () => {
  expect(await runMakeTestPassport(['--out', dir, '--variant', 'brainpool', '--aa', 'ec'], silent)).toBe(0);
  const { code, report } = await verifyDir(['--refuse-test-csca']);
  expect(code).toBe(1);
  expect(failures(report)).toContain('chain:chain.test-csca-refused');
});
