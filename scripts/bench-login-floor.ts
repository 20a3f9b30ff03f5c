/**
 * npm run bench:login-floor [-- --logins 3000 --concurrency 32 --instances 2]
 *
 * The ceiling of this machine for bench:login's traffic shape, with no product code at all: two
 * bare node:http server processes, each with one ioredis connection, answer the ten HTTP requests
 * a complete login makes (PAR, authorize, login page, identity number, app pending, app approve,
 * check, resume, token, userinfo), make the same number
 * of Redis round trips per request as the real provider does (counted with `redis-cli monitor` during bench:login: 61 per login),
 * and do the same public-key work (two RS256 assertion checks, one RS256 id token signature, two
 * ES256 device-signature checks). No koa, no oidc-provider, no templates, no JSON schemas.
 *
 * If this do-nothing server cannot reach a login rate, the product cannot either on this machine:
 * the number says how much of bench:login's cost is the machine (syscalls, loopback TCP, Redis,
 * RSA) and how much is the software.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { cpuSeconds } from './bench/cpu-seconds.js';
import { deleteKeys } from './bench/delete-keys.js';
import { httpRequester } from './bench/http-requester.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Per request of a login: Redis round trips and public-key work, as the provider does them. */
const STEPS: readonly {
  path: string;
  redis: number;
  work?: 'rs256-verify' | 'rs256-sign+verify' | 'es256-verify';
}[] = [
  { path: '/par', redis: 2, work: 'rs256-verify' },
  { path: '/authorize', redis: 2 },
  { path: '/interaction', redis: 2 },
  { path: '/interaction/app', redis: 9 },
  { path: '/app/pending', redis: 4, work: 'es256-verify' },
  { path: '/app/respond', redis: 4, work: 'es256-verify' },
  { path: '/interaction/check', redis: 8 },
  { path: '/authorize/resume', redis: 12 },
  { path: '/token', redis: 12, work: 'rs256-sign+verify' },
  { path: '/userinfo', redis: 6 },
];

if (process.env.FLOOR_SERVER_PORT) {
  // Child: the bare server.
  const redis = new Redis(REDIS_URL);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const rsaSig = sign('sha256', Buffer.from('assertion'), rsa.privateKey);
  const ecSig = sign('sha256', Buffer.from('device'), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  const byPath = new Map(STEPS.map((s) => [s.path, s]));
  const page = 'x'.repeat(6000); // about the size of the login page
  const check = (ok: boolean) => {
    if (!ok) throw new Error('signature');
  };
  const doWork = (kind: string | undefined, rsaKey: KeyObject) => {
    if (kind === 'rs256-verify' || kind === 'rs256-sign+verify')
      check(verify('sha256', Buffer.from('assertion'), rsa.publicKey, rsaSig));
    if (kind === 'rs256-sign+verify') sign('sha256', Buffer.from(`id-token-${Math.random()}`), rsaKey);
    if (kind === 'es256-verify')
      check(verify('sha256', Buffer.from('device'), { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, ecSig));
  };
  http
    .createServer((req, res) => {
      const step = byPath.get(req.url ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (!step) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const key = `floor:${createHash('sha256').update(Buffer.concat(chunks)).digest('hex').slice(0, 16)}`;
        for (let i = 0; i < step.redis; i++)
          await (i % 2 ? redis.hgetall(key) : redis.hset(key, 'f', String(i)));
        doWork(step.work, rsa.privateKey);
        res.setHeader(
          'content-type',
          step.path.startsWith('/interaction') ? 'text/html' : 'application/json',
        );
        res.end(step.path.startsWith('/interaction') ? page : '{"ok":true,"value":"' + key + '"}');
      });
    })
    .listen(Number(process.env.FLOOR_SERVER_PORT), () => process.send?.('ready'));
} else {
  const { values: args } = parseArgs({
    options: {
      logins: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '32' },
      instances: { type: 'string', default: '2' },
    },
  });
  const LOGINS = Number(args.logins);
  const CONCURRENCY = Number(args.concurrency);
  const INSTANCES = Number(args.instances);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 4 });
  const request = httpRequester(agent);
  const children: ChildProcess[] = [];
  const main = async () => {
    for (let i = 0; i < INSTANCES; i++) {
      const child = fork(process.argv[1]!, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, FLOOR_SERVER_PORT: String(4400 + i) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      await new Promise((resolve) => child.once('message', resolve));
    }
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    let next = 0;
    let failures = 0;
    const cpuBefore = children.reduce((s, c) => s + cpuSeconds(c.pid), 0);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < LOGINS) {
          const n = next++;
          const base = `http://127.0.0.1:${4400 + (n % INSTANCES)}`;
          for (const step of STEPS) {
            // The load generator signs the two device messages, as bench:login's does.
            if (step.work === 'es256-verify')
              sign('sha256', Buffer.from(`${n}`), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
            const r = await request(`${base}${step.path}`, {
              method: 'POST',
              body: `login=${n}&step=${step.path}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `_session=${n}` },
            });
            if (r.status !== 200) failures++;
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = children.reduce((s, c) => s + cpuSeconds(c.pid), 0) - cpuBefore;
    console.log(`\n### bench:login-floor — ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(
      `Command: \`npm run bench:login-floor -- --logins ${LOGINS} --concurrency ${CONCURRENCY} --instances ${INSTANCES}\``,
    );
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
    );
    console.log(
      `**${(LOGINS / seconds).toFixed(0)} login-shaped sequences/s** with bare servers ` +
        `(${LOGINS} in ${seconds.toFixed(1)} s, ${failures} non-200; server CPU ` +
        `${((cpu * 1000) / LOGINS).toFixed(2)} ms per login: ${STEPS.length} requests, ` +
        `${STEPS.reduce((s, x) => s + x.redis, 0)} Redis round trips)`,
    );
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, 'floor:*');
    redis.disconnect();
  };
  void main().finally(() => {
    for (const c of children) c.kill('SIGTERM');
    agent.destroy();
  });
}
