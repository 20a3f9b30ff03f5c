import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * SIGTERM during a request: the server stops accepting new connections, the request in flight
 * still gets its answer, then the process closes Redis and exits 0.
 */
test('graceful shutdown finishes in-flight requests', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'shutdown-')),
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 200 && !out.includes('"msg":"listening"'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('"msg":"listening"');

    // A token request whose body is still arriving when SIGTERM comes.
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const body = 'grant_type=authorization_code&code=abc';
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /token HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && !out.includes('shutting down'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(out).toContain('"inFlight":1');

    // New connections are refused while the old request finishes.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    socket.write(body.slice(10));
    await new Promise<void>((r) => socket.once('close', () => r()));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"invalid_request"');
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  } finally {
    child.kill('SIGKILL');
  }
});

test('a bad key file stops start-up with exit code 78 and a message naming the variable', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(await freePort()),
      SIGNING_KEYS: '/nonexistent/keys.json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(78);
  expect(err).toContain('SIGNING_KEYS: cannot read /nonexistent/keys.json (ENOENT)');
  expect(err).not.toMatch(/\n\s+at /);
});
