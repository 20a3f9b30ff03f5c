import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMakeTestPassport } from '../../src/passport/cli/make-test-passport-command.js';
import { signIso9796 } from './support/sign-iso9796-2.js';
import { EMRTD_DIR, NL_MASTER_LIST } from './support/reference-vectors.js';

// The offline CLI as an operator runs it: a child process, JSON on stdout, exit codes 0/1/2.

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'src/passport/cli/main.ts');

const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      TSX,
      [MAIN, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
const v = (name: string, file: string) => path.join(EMRTD_DIR, name, file);

test('verify --json on a reference vector: one JSON object, exit 1 (expired, unknown CSCA)', async () => {
  const r = await run([
    'verify',
    '--sod',
    v('loes2006', 'sod.bin'),
    '--dg',
    `1=${v('loes2006', 'dg1.bin')}`,
    '--dg',
    `2=${v('loes2006', 'dg2.bin')}`,
    '--dg',
    `15=${v('loes2006', 'dg15.bin')}`,
    '--com',
    v('loes2006', 'com.bin'),
    '--at',
    '2026-06-01',
    '--json',
  ]);
  expect(r.code).toBe(1);
  const out = JSON.parse(r.stdout);
  expect(out.sod.signature).toBe('valid');
  expect(out.sod.documentSigner).toMatchObject({
    subject: expect.stringContaining('CN=DS Test'),
    issuer: expect.stringContaining('CN=CSCA Test'),
    country: 'NL',
    notBefore: expect.any(String),
    notAfter: expect.any(String),
    signatureAlgorithm: expect.any(String),
  });
  expect(out.chain).toMatchObject({ status: 'unknown', code: 'chain.unknown-csca' });
  expect(out.listedDataGroups).toEqual([1, 2, 15]);
  expect(out.dataGroups).toEqual({ 1: 'match', 2: 'match', 15: 'match' });
  expect(out.activeAuthentication).toBe('not-checked');
  expect(out.document).toMatchObject({ primaryIdentifier: 'MEULENDIJK', issuingState: 'NLD' });
  expect(out.checks.find((c: { id: string }) => c.id === 'document.expiry').code).toBe('document.expired');
  expect(out.verdict).toBe('rejected');
});

test('verify with a SOD alone checks signature and chain', async () => {
  const r = await run(['verify', '--sod', v('bsi2008', 'sod.bin'), '--json']);
  const out = JSON.parse(r.stdout);
  expect(out.sod.signature).toBe('valid');
  expect(out.chain.code).toBe('chain.unknown-csca');
  expect(out.listedDataGroups).toEqual([1, 2, 3, 14]);
  expect(r.code).toBe(1);
});

test('verify: an injected DG15 is reported not-listed', async () => {
  const r = await run([
    'verify',
    '--sod',
    v('bsi-tr03105', 'sod.bin'),
    '--dg',
    `1=${v('bsi-tr03105', 'dg1.bin')}`,
    '--dg',
    `15=${v('bsi-tr03105', 'dg15.bin')}`,
    '--json',
  ]);
  expect(JSON.parse(r.stdout).dataGroups).toEqual({ 1: 'match', 15: 'not-listed' });
  expect(r.code).toBe(1);
});

test('usage errors and unreadable input exit 2', async () => {
  expect((await run(['verify'])).code).toBe(2);
  expect((await run(['verify', '--sod', v('bsi2008', 'sod.bin'), '--dg', 'x=y'])).code).toBe(2);
  expect((await run(['verify', '--sod', '/nonexistent/sod.bin'])).code).toBe(2);
  expect(
    (await run(['verify', '--sod', v('bsi2008', 'sod.bin'), '--aa-challenge', 'zz', '--aa-signature', '00']))
      .code,
  ).toBe(2);
  expect((await run(['frobnicate'])).code).toBe(2);
});

describe('with a generated passport and its CSCA', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'passport-cli-'));
    const quiet = { log: () => {}, error: () => {} };
    expect(await runMakeTestPassport(['--out', path.join(dir, 'ok'), '--aa', 'rsa'], quiet)).toBe(0);
    expect(
      await runMakeTestPassport(['--out', path.join(dir, 'revoked'), '--revoke-dsc', '--aa', 'none'], quiet),
    ).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const args = (d: string, dgs: number[]) => [
    '--sod',
    path.join(dir, d, 'sod.bin'),
    ...dgs.flatMap((n) => ['--dg', `${n}=${path.join(dir, d, `dg${n}.bin`)}`]),
    '--csca',
    path.join(dir, d, 'csca.der'),
    '--crl',
    path.join(dir, d, 'crl.der'),
  ];

  test('every check passes: exit 0, accepted, AA valid', async () => {
    const key = createPrivateKey(await readFile(path.join(dir, 'ok', 'aa-key.pem')));
    const challenge = randomBytes(8);
    const signature = Buffer.from(signIso9796(key, challenge));
    const r = await run([
      'verify',
      ...args('ok', [1, 2, 14, 15]),
      '--com',
      path.join(dir, 'ok', 'com.bin'),
      '--aa-challenge',
      challenge.toString('hex'),
      '--aa-signature',
      signature.toString('hex'),
      '--require-aa',
      '--json',
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
    expect(out).toMatchObject({
      verdict: 'accepted',
      activeAuthentication: 'valid',
      chain: { status: 'valid', code: 'chain.valid' },
    });
    expect(r.code).toBe(0);
  });

  test('the text summary is readable', async () => {
    const r = await run(['verify', ...args('ok', [1])]);
    expect(r.stdout).toMatch(/Verdict: +ACCEPTED/);
    expect(r.stdout).toMatch(/Chain: +valid/);
    expect(r.code).toBe(0);
  });

  test('verify with the Dutch master list as trust anchors; an untrusted master list is exit 2', async () => {
    const withList = await run([
      'verify',
      '--sod',
      v('loes2006', 'sod.bin'),
      '--master-list',
      NL_MASTER_LIST,
      '--json',
    ]);
    // The 2006 test document was signed by Sdu's test CSCA, which is not in the production list.
    expect(JSON.parse(withList.stdout).chain.code).toBe('chain.unknown-csca');
    expect(withList.stderr).toBe('');
    const wrongSigner = await run([
      'verify',
      '--sod',
      v('loes2006', 'sod.bin'),
      '--master-list',
      NL_MASTER_LIST,
      '--master-list-signer',
      path.join(dir, 'ok', 'csca.der'),
      '--json',
    ]);
    expect(wrongSigner.code).toBe(2);
    expect(wrongSigner.stderr).toContain('master-list.signer-untrusted');
  });

  test('a master-list signer file that is no certificate is exit 2', async () => {
    const r = await run([
      'verify',
      '--sod',
      v('loes2006', 'sod.bin'),
      '--master-list',
      NL_MASTER_LIST,
      '--master-list-signer',
      v('bsi2008', 'sod.bin'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('certificate.malformed');
  });

  test('a revoked DSC exits 1 with chain.dsc-revoked; --refuse-test-csca refuses the factory CSCA', async () => {
    const revoked = await run(['verify', ...args('revoked', [1]), '--json']);
    expect(JSON.parse(revoked.stdout).chain.code).toBe('chain.dsc-revoked');
    expect(revoked.code).toBe(1);
    const prod = await run(['verify', ...args('ok', [1]), '--refuse-test-csca', '--json']);
    expect(JSON.parse(prod.stdout).chain.code).toBe('chain.test-csca-refused');
  });
});

test('master-list --json: 411 certificates, signature verified, exit 0', async () => {
  const r = await run(['master-list', '--file', NL_MASTER_LIST, '--json']);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ signature: 'valid', certificateCount: 411, trustMode: 'embedded-root' });
  expect(out.countries.NL).toBeGreaterThan(0);
  expect(r.code).toBe(0);
});

test('make-test-passport is dispatched to the factory command', async () => {
  const r = await run(['make-test-passport', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('make-test-passport');
});
