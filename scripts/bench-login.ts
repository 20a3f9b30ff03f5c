/**
 * npm run bench:login [-- --logins 2000 --concurrency 32 --instances 2]
 *
 * Complete logins per second with the authenticator app, against real Redis (REDIS_URL or
 * redis://127.0.0.1:6379) and provider processes started here on loopback. One login is:
 *   PAR (private_key_jwt) → /authorize → login page → identity number → push request →
 *   app: pending (device JWS) → app: approve (device JWS over nonce, code, RP) →
 *   "check" (finishes the interaction) → /authorize/resume → /token (private_key_jwt) → /userinfo.
 * `--concurrency` simulated users run logins back to back, each login for a different person
 * (the per-person limit of requests a minute stays in force). Setup, not timed: eIDs issued and
 * devices enabled directly in Redis (the activation itself is covered by the tests), RS256 client
 * assertions signed in advance. Browsers come from distinct addresses (X-Forwarded-For behind a
 * trusted proxy), as real users do; the per-address limit stays in force.
 * Prints a markdown table (p50/p99 per step) to paste into BENCHMARKS.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { SignJWT, type JWK } from 'jose';
import { createRedisDeviceRecords } from '../src/device/app/create-redis-device-records.js';
import { buildDeviceJws } from '../src/device/app/build-device-jws.js';
import { createRedisEidStore } from '../src/eid/create-redis-eid-store.js';
import { systemClock } from '../src/shared/clock.js';
import { makeIdentityNumber } from '../src/shared/make-identity-number.js';
import { cpuSeconds } from './bench/cpu-seconds.js';
import { httpRequester } from './bench/http-requester.js';
import { percentile } from './bench/percentile.js';

const { values: args } = parseArgs({
  options: {
    logins: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    instances: { type: 'string', default: '2' },
  },
});
const LOGINS = Number(args.logins);
const CONCURRENCY = Number(args.concurrency);
const INSTANCES = Number(args.instances);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const ISSUER = 'http://127.0.0.1:4200';
const PAIRWISE_SALT = randomBytes(32).toString('base64url');
const COOKIE_KEYS = randomBytes(32).toString('base64url');
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 4 });

const request = httpRequester(agent);

async function main() {
  const prefix = `benchlogin${randomBytes(3).toString('hex')}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'bench-rp';
  const dir = mkdtempSync(join(tmpdir(), 'bench-login-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify([
      {
        client_id: clientId,
        client_name: 'Bench RP',
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] },
      },
    ]),
  );
  const children: ChildProcess[] = [];
  const bases: string[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const port = 4200 + i;
    children.push(
      fork('src/main.ts', [], {
        execArgv: [
          '--import',
          'tsx',
          ...(process.env.BENCH_CPU_PROF
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
            : []),
        ],
        env: {
          ...process.env,
          PORT: String(port),
          ISSUER,
          REDIS_URL,
          REDIS_PREFIX: prefix,
          DATA_DIR: dir,
          CLIENTS_FILE: clientsFile,
          PAIRWISE_SALT,
          COOKIE_KEYS,
          LOG_LEVEL: 'warn',
          TRUST_PROXY: 'true',
          AUTH_REQUESTS_PER_MINUTE: '60',
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    bases.push(`http://127.0.0.1:${port}`);
    for (let t = 0; t < 400; t++) {
      try {
        if ((await request(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const redis = new Redis(REDIS_URL);
  try {
    // Setup (not timed): one person per login with an enabled device.
    const setupStart = Date.now();
    const eids = createRedisEidStore(redis, { prefix, keySecret: PAIRWISE_SALT, clock: systemClock });
    const records = createRedisDeviceRecords(redis, { prefix, keySecret: PAIRWISE_SALT });
    const users = await Promise.all(
      Array.from({ length: LOGINS }, async (_, n) => {
        const pid = makeIdentityNumber({
          birthDate: `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 9}`,
          individual: 100 + Math.floor(n / 360) * 10,
        });
        const { secret } = await eids.issue(
          {
            pid,
            givenName: 'Bench',
            familyName: `Person ${n}`,
            birthDate: '1980-01-01',
            document: { number: 'X1', issuingState: 'SWE', type: 'P', expiresOn: '2031-01-01' },
            evidence: {
              orderId: 'o',
              auditId: '1-0',
              activeAuthentication: 'ecdsa',
              sodDigest: '00',
              cardholderNameCheck: 'match',
            },
          },
          { validForMs: 86_400_000 },
        );
        await eids.consumeActivation(pid, secret);
        const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const { kty, crv, x, y } = keys.publicKey.export({ format: 'jwk' });
        const deviceId = `d_${randomBytes(16).toString('base64url')}`;
        await records.create({
          id: deviceId,
          pid,
          publicJwk: { kty, crv, x, y } as JWK,
          platform: 'android',
          appVersion: 'bench',
          attestationLevel: 'none',
          status: 'active',
          enrolledAt: new Date().toISOString(),
          activatedAt: new Date().toISOString(),
        });
        return { pid, deviceId, key: keys.privateKey };
      }),
    );
    const assertion = () =>
      new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(ISSUER)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    const assertions = await Promise.all(Array.from({ length: LOGINS * 2 }, assertion));
    const setupSeconds = (Date.now() - setupStart) / 1000;

    const steps = [
      'par',
      'authorize + login page',
      'identity number',
      'app: pending',
      'app: approve',
      'check + resume',
      'token',
      'userinfo',
    ] as const;
    const lat: Record<string, number[]> = Object.fromEntries(steps.map((s) => [s, []]));
    const totals: number[] = [];
    let failures = 0;
    const firstFailure: string[] = [];

    const login = async (n: number) => {
      const base = bases[n % bases.length]!;
      const user = users[n]!;
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const cookies = new Map<string, string>();
      const go = async (url: string, form?: Record<string, string>) => {
        const r = await request(url.startsWith('http') ? url.replace(ISSUER, base) : `${base}${url}`, {
          method: form ? 'POST' : 'GET',
          ...(form ? { body: new URLSearchParams(form).toString() } : {}),
          headers: {
            'x-forwarded-for': ip,
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
        for (const c of r.headers['set-cookie'] ?? []) {
          const [pair] = c.split(';');
          const [k, ...v] = pair!.split('=');
          cookies.set(k!, v.join('='));
        }
        return r;
      };
      const timed = async <T>(step: (typeof steps)[number], f: () => Promise<T>) => {
        const t0 = process.hrtime.bigint();
        const v = await f();
        lat[step]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
        return v;
      };
      const fail = (why: string) => {
        throw new Error(why);
      };
      const t0 = process.hrtime.bigint();
      const verifier = randomBytes(32).toString('base64url');
      const par = await timed('par', () =>
        request(`${base}/par`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: clientId,
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            scope: 'openid profile',
            state: 's',
            nonce: 'n',
            code_challenge: createHash('sha256').update(verifier).digest('base64url'),
            code_challenge_method: 'S256',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertions[2 * n]!,
          }).toString(),
        }),
      );
      if (par.status !== 201) fail(`par ${par.status} ${par.body}`);
      const { request_uri } = JSON.parse(par.body) as { request_uri: string };
      const page = await timed('authorize + login page', async () => {
        const r = await go(`/authorize?${new URLSearchParams({ client_id: clientId, request_uri })}`);
        return go(r.headers.location!);
      });
      const interaction =
        /action="(\/interaction\/[^/"]+)\/app"/.exec(page.body)?.[1] ?? fail('no login page');
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const waiting = await timed('identity number', () => go(`${interaction}/app`, { csrf, pid: user.pid }));
      if (!waiting.body.includes('id="verification-code"')) fail(`no waiting page (${waiting.status})`);
      const now = () => Math.floor(Date.now() / 1000);
      const pending = await timed('app: pending', async () => {
        const auth = await buildDeviceJws(
          user.key,
          { kid: user.deviceId },
          { op: 'pending', iat: now(), jti: randomUUID() },
        );
        return request(`${base}/api/app/v1/requests/pending?wait=5`, {
          headers: { authorization: `Device ${auth}` },
        });
      });
      const req =
        (JSON.parse(pending.body) as { request: Record<string, string> | null }).request ??
        fail('no request');
      const answer = await timed('app: approve', async () => {
        const jws = await buildDeviceJws(
          user.key,
          { kid: user.deviceId },
          {
            op: 'respond',
            rid: req.id,
            nonce: req.nonce,
            code: req.verification_code,
            rp: req.rp_name,
            decision: 'approve',
            uv: 'biometric',
            iat: now(),
          },
        );
        return request(`${base}/api/app/v1/requests/${req.id}/response`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jws }),
        });
      });
      if (answer.status !== 200) fail(`approve ${answer.status} ${answer.body}`);
      const code = await timed('check + resume', async () => {
        let r = await go(`${interaction}/app/check`, { csrf });
        let location = r.headers.location ?? fail(`check ${r.status}`);
        while (!location.startsWith(REDIRECT_URI)) {
          r = await go(location);
          location = r.headers.location ?? fail(`resume ${r.status}`);
        }
        return new URL(location).searchParams.get('code') ?? fail('no code');
      });
      const token = await timed('token', () =>
        request(`${base}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: verifier,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertions[2 * n + 1]!,
          }).toString(),
        }),
      );
      if (token.status !== 200) fail(`token ${token.status} ${token.body}`);
      const { access_token } = JSON.parse(token.body) as { access_token: string };
      const userinfo = await timed('userinfo', () =>
        request(`${base}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } }),
      );
      if (userinfo.status !== 200) fail(`userinfo ${userinfo.status}`);
      totals.push(Number(process.hrtime.bigint() - t0) / 1e6);
    };

    let next = 0;
    const cpuBefore = children.reduce((s, c) => s + cpuSeconds(c.pid), 0);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < LOGINS) {
          const n = next++;
          try {
            await login(n);
          } catch (e) {
            failures++;
            if (firstFailure.length < 3) firstFailure.push((e as Error).message.slice(0, 200));
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = children.reduce((s, c) => s + cpuSeconds(c.pid), 0) - cpuBefore;
    const ok = totals.length;

    console.log(`\n### bench:login — ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(
      `Command: \`npm run bench:login -- --logins ${LOGINS} --concurrency ${CONCURRENCY} --instances ${INSTANCES}\``,
    );
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
        `Redis at ${new URL(REDIS_URL).host}; provider instances: ${INSTANCES}; load generator on the same machine\n`,
    );
    console.log(
      `**${(ok / seconds).toFixed(0)} complete logins/s** (${ok} logins in ${seconds.toFixed(1)} s, ${failures} failed; ` +
        `login p50 ${percentile(
          totals.sort((a, b) => a - b),
          50,
        ).toFixed(1)} ms, p99 ${percentile(totals, 99).toFixed(1)} ms)\n`,
    );
    console.log('| step | p50 ms | p99 ms |');
    console.log('|---|---|---|');
    for (const s of steps) {
      const l = lat[s]!.sort((a, b) => a - b);
      console.log(`| ${s} | ${percentile(l, 50).toFixed(1)} | ${percentile(l, 99).toFixed(1)} |`);
    }
    console.log(
      `\nProvider CPU: ${cpu.toFixed(1)} s for ${ok} logins = ${((cpu * 1000) / Math.max(ok, 1)).toFixed(1)} ms per complete login.`,
    );
    console.log(`Setup (not timed): ${LOGINS} people with enabled devices in ${setupSeconds.toFixed(1)} s.`);
    if (firstFailure.length) console.log(`First failures: ${firstFailure.join(' | ')}`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    agent.destroy();
    let cursor = '0';
    do {
      const [n, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = n;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

void main();
