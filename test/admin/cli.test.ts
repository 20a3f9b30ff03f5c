import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashAdminSecret, verifyAdminSecret } from '../../src/admin/admin-secret.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { newOrder } from '../registration/support.js';
import { startProvider, type RunningProvider } from '../support/start-provider.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN = { name: 'ops', secret: 'correct horse battery staple' };
const ENV_NAMES = ['EID_ADMIN_URL', 'EID_ADMIN_USER', 'EID_ADMIN_SECRET'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The admin CLI, the way an operator runs it: as its own process, configured by environment. */
describe('admin CLI', () => {
  let op: RunningProvider;
  let dir: string;

  beforeAll(async () => {
    op = await startProvider({
      env: {
        ADMIN_CREDENTIALS: `${ADMIN.name}:admin:${hashAdminSecret(ADMIN.secret)}`,
        DYNAMIC_REGISTRATION: 'initial-access-token',
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'eid-admin-cli-'));
  });
  afterAll(async () => {
    await op.cleanup();
  });

  const admin = (args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}) =>
    new Promise<Run>((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        EID_ADMIN_URL: op.issuer,
        EID_ADMIN_USER: ADMIN.name,
        EID_ADMIN_SECRET: ADMIN.secret,
        ...opts.env,
      };
      // Jest's VM-modules flag is not for the child; undefined in opts.env means "unset".
      delete env.NODE_OPTIONS;
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/admin/cli/main.ts', ...args], {
        cwd: ROOT,
        env,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(opts.input ?? '');
    });

  const writeJson = (name: string, value: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const introspect = (clientId: string, secret: string) =>
    fetch(`${op.issuer}/introspect`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ token: 'x' }),
    }).then((r) => r.status);
  const occurrences = (text: string, part: string) => text.split(part).length - 1;

  test('create from flags prints the client and its secret once; the secret works', async () => {
    const r = await admin([
      'client',
      'create',
      '--client-id',
      'cli-rp',
      '--name',
      'CLI service',
      '--redirect-uri',
      'https://cli.example/cb',
      '--redirect-uri',
      'https://cli.example/cb2',
      '--auth-method',
      'client_secret_basic',
      '--acr',
      'idporten-loa-high',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^client_id\s+cli-rp$/m);
    expect(r.stdout).toMatch(/^client_name\s+CLI service$/m);
    expect(r.stdout).toContain('https://cli.example/cb2');
    expect(r.stdout).toContain('not shown again');
    const secret = /^client_secret: (\S+)$/m.exec(r.stdout)![1]!;
    expect(occurrences(r.stdout, secret)).toBe(1);
    expect(await introspect('cli-rp', secret)).toBe(200);

    const shown = await admin(['client', 'show', 'cli-rp']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^default_acr_values\s+idporten-loa-high$/m);
    expect(shown.stdout).not.toContain(secret);
    expect(shown.stdout).not.toMatch(/^client_secret/m);
  });

  test('create from a file, with --json: one JSON document, the secret in it once', async () => {
    const file = writeJson('metadata.json', {
      client_id: 'file-rp',
      client_name: 'From a file',
      redirect_uris: ['https://file.example/cb'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const r = await admin(['client', 'create', '--file', file, '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as Record<string, string>;
    expect(body).toMatchObject({ client_id: 'file-rp', client_name: 'From a file' });
    expect(occurrences(r.stdout, body.client_secret!)).toBe(1);
    expect(r.stderr).toContain('not shown again');
  });

  test('create with --jwks-file (a single public JWK): private_key_jwt, no secret', async () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const r = await admin([
      'client',
      'create',
      '--client-id',
      'jwt-rp',
      '--redirect-uri',
      'https://jwt.example/cb',
      '--auth-method',
      'private_key_jwt',
      '--jwks-file',
      writeJson('key.json', { ...jwk, kid: 'k1' }),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^jwks\s+1 key \(RSA k1\)$/m);
    expect(r.stdout).not.toContain('client_secret');
  });

  test('list: an aligned table, or {"clients": [...]} with --json', async () => {
    const table = await admin(['client', 'list']);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^CLIENT ID\s+NAME\s+AUTH METHOD\s+REDIRECT URI\s+ISSUED$/);
    const row = rows.find((l) => l.startsWith('cli-rp '))!;
    expect(row.indexOf('CLI service')).toBe(header!.indexOf('NAME'));
    expect(row.indexOf('client_secret_basic')).toBe(header!.indexOf('AUTH METHOD'));
    expect(row).toContain('https://cli.example/cb (+1)');

    const json = await admin(['client', 'list', '--json']);
    const ids = (JSON.parse(json.stdout) as { clients: { client_id: string }[] }).clients.map(
      (c) => c.client_id,
    );
    expect(ids).toEqual(expect.arrayContaining(['cli-rp', 'file-rp']));
  });

  test('update merges the flags over the current registration; a null in --file removes a field', async () => {
    expect((await admin(['client', 'update', 'cli-rp', '--name', 'CLI service v2'])).code).toBe(0);
    const show = async () =>
      JSON.parse((await admin(['client', 'show', 'cli-rp', '--json'])).stdout) as Record<string, unknown>;
    expect(await show()).toMatchObject({
      client_name: 'CLI service v2',
      redirect_uris: ['https://cli.example/cb', 'https://cli.example/cb2'],
      default_acr_values: ['idporten-loa-high'],
      token_endpoint_auth_method: 'client_secret_basic',
    });

    const file = writeJson('change.json', { default_acr_values: null, scope: 'openid' });
    const r = await admin([
      'client',
      'update',
      'cli-rp',
      '--file',
      file,
      '--redirect-uri',
      'https://cli.example/cb3',
    ]);
    expect(r.code).toBe(0);
    const after = await show();
    expect(after).toMatchObject({
      client_name: 'CLI service v2',
      redirect_uris: ['https://cli.example/cb3'],
      scope: 'openid',
    });
    expect(after.default_acr_values).toBeUndefined();
  });

  test('rotate-secret prints a new secret once; the old one stops working', async () => {
    const first = await admin(['client', 'rotate-secret', 'file-rp', '--json']);
    expect(first.code).toBe(0);
    const old = (JSON.parse(first.stdout) as { client_secret: string }).client_secret;
    const r = await admin(['client', 'rotate-secret', 'file-rp']);
    expect(r.code).toBe(0);
    const fresh = /^client_secret: (\S+)$/m.exec(r.stdout)![1]!;
    expect(fresh).not.toBe(old);
    expect(occurrences(r.stdout, fresh)).toBe(1);
    expect(r.stdout).toContain('not shown again');
    const post = (secret: string) =>
      fetch(`${op.issuer}/introspect`, {
        method: 'POST',
        body: new URLSearchParams({ token: 'x', client_id: 'file-rp', client_secret: secret }),
      }).then((res) => res.status);
    expect(await post(old)).toBe(401);
    expect(await post(fresh)).toBe(200);
  });

  test('delete needs --yes; then the client is gone', async () => {
    const refused = await admin(['client', 'delete', 'jwt-rp']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await admin(['client', 'show', 'jwt-rp'])).code).toBe(0);

    const r = await admin(['client', 'delete', 'jwt-rp', '--yes']);
    expect(r).toMatchObject({ code: 0, stdout: 'Deleted client jwt-rp.\n' });
    const gone = await admin(['client', 'show', 'jwt-rp']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('error: client.not-found: no client jwt-rp\n');
  });

  test('a refusal by the API exits 1 with its code and the field on stderr', async () => {
    const [redirect, scope] = await Promise.all([
      admin(['client', 'create', '--redirect-uri', 'http://rp.example/cb']),
      admin(['client', 'create', '--redirect-uri', 'https://rp.example/cb', '--scope', 'openid email']),
    ]);
    expect(redirect).toMatchObject({ code: 1, stdout: '' });
    expect(redirect.stderr).toMatch(/^error: invalid_redirect_uri: redirect_uris\.0: /);
    expect(scope.code).toBe(1);
    expect(scope.stderr).toMatch(/^error: invalid_client_metadata: scope: /);
  });

  test('wrong credentials exit 1 with unauthorized; missing ones are a usage error', async () => {
    const [wrong, missing] = await Promise.all([
      admin(['client', 'list'], { env: { EID_ADMIN_SECRET: 'wrong' } }),
      admin(['client', 'list'], { env: { EID_ADMIN_SECRET: undefined } }),
    ]);
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^error: unauthorized: /);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('EID_ADMIN_SECRET');
  });

  test('an unreachable server exits 2 and names the URL', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const r = await admin(['client', 'list'], { env: { EID_ADMIN_URL: url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach the admin API at ${url}`);
  });

  test('registration token and audit', async () => {
    const token = await admin(['registration', 'token', '--json']);
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({
      initial_access_token: expect.any(String),
      expires_in: 86400,
    });

    const table = await admin(['audit', '--count', '100']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^AT\s+ACTOR\s+ROLE\s+ACTION\s+TARGET\s+OUTCOME$/m);
    expect(table.stdout).toMatch(/^\S+\s+ops\s+admin\s+client\.delete\s+jwt-rp\s+ok$/m);
    const json = JSON.parse((await admin(['audit', '--count', '2', '--json'])).stdout) as {
      entries: unknown[];
    };
    expect(json.entries).toHaveLength(2);
    expect((await admin(['audit', '--count', 'many'])).code).toBe(2);
  });

  test('hash-secret reads stdin and prints a hash that verifies, without a server', async () => {
    const r = await admin(['hash-secret'], {
      input: 'a long administrator passphrase\n',
      env: { EID_ADMIN_URL: undefined, EID_ADMIN_USER: undefined, EID_ADMIN_SECRET: undefined },
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const hash = r.stdout.trim();
    expect(hash).toMatch(/^scrypt\$[\w-]+\$[\w-]+$/);
    expect(await verifyAdminSecret('a long administrator passphrase', hash)).toBe(true);
    expect(await verifyAdminSecret('a long administrator passphrase\n', hash)).toBe(false);
    expect((await admin(['hash-secret'], { input: '' })).code).toBe(2);
  });

  test('order show / cancel and device list against the server', async () => {
    const { code } = await newOrder(op, sandboxPersons.active.identityNumber);
    const shown = await admin(['order', 'show', code.toLowerCase()]);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    expect(shown.stdout).toMatch(/state\s+created/);
    const json = await admin(['order', 'show', code, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ code, state: 'created' });
    const cancelled = await admin(['order', 'cancel', code, '--reason', 'holder-request']);
    expect(cancelled).toMatchObject({ code: 0 });
    expect(cancelled.stdout).toContain('No refund needed');
    expect(await admin(['order', 'show', 'ZZZZ-ZZZZ'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('order.not-found'),
    });

    // The identity number comes on stdin (or a hidden prompt), never as an argument.
    const listed = await admin(['device', 'list'], { input: `${sandboxPersons.dNumber.identityNumber}\n` });
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout).toContain('No eID has been issued');
    expect(listed.stdout).not.toContain(sandboxPersons.dNumber.identityNumber);
  });

  test('support commands refuse bad usage before calling the server', async () => {
    const runs = await Promise.all([
      admin(['order', 'show']),
      admin(['order', 'cancel', 'K7QF-3M9P', '--reason', 'because']),
      admin(['order', 'show', 'K7QF-3M9P', '--reason', 'other']),
      admin(['device', 'block', 'dev-1']),
      admin(['device', 'block', 'dev-1', '--reason', 'misplaced']),
      // An identity number as an argument would stay in shell history.
      admin(['device', 'list', '01817112390']),
      admin(['device', 'wipe', 'dev-1']),
    ]);
    for (const r of runs) expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(runs[1]!.stderr).toContain('--reason must be one of');
    expect(runs[5]!.stderr).toContain('asked for, not given as an argument');
    expect(runs[5]!.stderr).not.toContain('01817112390');
  });

  test('--help on every command exits 0 and names the environment variables', async () => {
    const commands = [
      ['--help'],
      ['client', '--help'],
      ...['create', 'list', 'show', 'update', 'delete', 'rotate-secret'].map((s) => ['client', s, '--help']),
      ['registration', '--help'],
      ['registration', 'token', '--help'],
      ['audit', '--help'],
      ['hash-secret', '--help'],
      ['device', '--help'],
      ...['list', 'block', 'unblock'].map((s) => ['device', s, '--help']),
      ['order', '--help'],
      ...['show', 'cancel'].map((s) => ['order', s, '--help']),
    ];
    const runs = await Promise.all(commands.map((args) => admin(args)));
    runs.forEach((r, i) => {
      expect({ args: commands[i], code: r.code }).toEqual({ args: commands[i], code: 0 });
      for (const name of ENV_NAMES) expect(r.stdout).toContain(name);
    });
    const unknown = await admin(['client', 'list', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--colour');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
