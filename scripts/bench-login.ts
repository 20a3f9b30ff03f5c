/**
 * npm run bench:login [-- --logins 2000 --concurrency 32 --instances 2] [--phased]
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
 *
 * `--phased` is a diagnostic: every user does the first step, then every user the second, and so
 * on, so the providers' CPU time can be read per step at the same concurrency (the table gains a
 * "provider CPU per login" column; the whole-login latencies are then meaningless).
 */
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
import { deleteKeys } from './bench/delete-keys.js';
import { startProviderInstances } from './bench/start-provider-instances.js';
import { httpRequester } from './bench/http-requester.js';
import { percentile } from './bench/percentile.js';

const { values: args } = parseArgs({
  options: {
    logins: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    instances: { type: 'string', default: '2' },
    phased: { type: 'boolean', default: false },
  },
});
const LOGINS = Number(args.logins);
const CONCURRENCY = Number(args.concurrency);
const INSTANCES = Number(args.instances);
const PHASED = args.phased;
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
  const { bases, children } = await startProviderInstances({
    count: INSTANCES,
    basePort: 4200,
    request,
    env: {
      ISSUER,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: dir,
      CLIENTS_FILE: clientsFile,
      PAIRWISE_SALT,
      COOKIE_KEYS,
      TRUST_PROXY: 'true',
      AUTH_REQUESTS_PER_MINUTE: '60',
    },
  });

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
    const firstFailure: string[] = [];

    /** One simulated user's login, as steps that pass their state along. */
    type Login = {
      n: number;
      base: string;
      ip: string;
      cookies: Map<string, string>;
      verifier: string;
      started: bigint;
      requestUri?: string;
      interaction?: string;
      csrf?: string;
      request?: Record<string, string>;
      code?: string;
      accessToken?: string;
    };
    const fail = (why: string): never => {
      throw new Error(why);
    };
    const go = async (l: Login, url: string, form?: Record<string, string>) => {
      const r = await request(url.startsWith('http') ? url.replace(ISSUER, l.base) : `${l.base}${url}`, {
        method: form ? 'POST' : 'GET',
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        headers: {
          'x-forwarded-for': l.ip,
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          cookie: [...l.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      for (const c of r.headers['set-cookie'] ?? []) {
        const [pair] = c.split(';');
        const [k, ...v] = pair!.split('=');
        l.cookies.set(k!, v.join('='));
      }
      return r;
    };
    const now = () => Math.floor(Date.now() / 1000);
    const stepRun: Record<(typeof steps)[number], (l: Login) => Promise<void>> = {
      par: async (l) => {
        const par = await request(`${l.base}/par`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: clientId,
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            scope: 'openid profile',
            state: 's',
            nonce: 'n',
            code_challenge: createHash('sha256').update(l.verifier).digest('base64url'),
            code_challenge_method: 'S256',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertions[2 * l.n]!,
          }).toString(),
        });
        if (par.status !== 201) fail(`par ${par.status} ${par.body}`);
        l.requestUri = (JSON.parse(par.body) as { request_uri: string }).request_uri;
      },
      'authorize + login page': async (l) => {
        const r = await go(
          l,
          `/authorize?${new URLSearchParams({ client_id: clientId, request_uri: l.requestUri! })}`,
        );
        const page = await go(l, r.headers.location ?? fail(`authorize ${r.status}`));
        l.interaction = /action="(\/interaction\/[^/"]+)\/app"/.exec(page.body)?.[1] ?? fail('no login page');
        l.csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? fail('no csrf');
      },
      'identity number': async (l) => {
        const waiting = await go(l, `${l.interaction}/app`, { csrf: l.csrf!, pid: users[l.n]!.pid });
        if (!waiting.body.includes('id="verification-code"')) fail(`no waiting page (${waiting.status})`);
      },
      'app: pending': async (l) => {
        const user = users[l.n]!;
        const auth = await buildDeviceJws(
          user.key,
          { kid: user.deviceId },
          { op: 'pending', iat: now(), jti: randomUUID() },
        );
        const pending = await request(`${l.base}/api/app/v1/requests/pending?wait=5`, {
          headers: { authorization: `Device ${auth}` },
        });
        l.request =
          (JSON.parse(pending.body) as { request: Record<string, string> | null }).request ??
          fail('no request');
      },
      'app: approve': async (l) => {
        const user = users[l.n]!;
        const req = l.request!;
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
        const answer = await request(`${l.base}/api/app/v1/requests/${req.id}/response`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jws }),
        });
        if (answer.status !== 200) fail(`approve ${answer.status} ${answer.body}`);
      },
      'check + resume': async (l) => {
        let r = await go(l, `${l.interaction}/app/check`, { csrf: l.csrf! });
        let location = r.headers.location ?? fail(`check ${r.status}`);
        while (!location.startsWith(REDIRECT_URI)) {
          r = await go(l, location);
          location = r.headers.location ?? fail(`resume ${r.status}`);
        }
        l.code = new URL(location).searchParams.get('code') ?? fail('no code');
      },
      token: async (l) => {
        const token = await request(`${l.base}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: l.code!,
            redirect_uri: REDIRECT_URI,
            code_verifier: l.verifier,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertions[2 * l.n + 1]!,
          }).toString(),
        });
        if (token.status !== 200) fail(`token ${token.status} ${token.body}`);
        l.accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
      },
      userinfo: async (l) => {
        const userinfo = await request(`${l.base}/userinfo`, {
          headers: { authorization: `Bearer ${l.accessToken!}` },
        });
        if (userinfo.status !== 200) fail(`userinfo ${userinfo.status}`);
        totals.push(Number(process.hrtime.bigint() - l.started) / 1e6);
      },
    };
    const timed = async (step: (typeof steps)[number], l: Login) => {
      const t0 = process.hrtime.bigint();
      await stepRun[step](l);
      lat[step]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    };
    const newLogin = (n: number): Login => ({
      n,
      base: bases[n % bases.length]!,
      ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      cookies: new Map(),
      verifier: randomBytes(32).toString('base64url'),
      started: process.hrtime.bigint(),
    });
    const failed = new Set<number>();
    const noteFailure = (n: number, e: unknown) => {
      failed.add(n);
      if (firstFailure.length < 3) firstFailure.push((e as Error).message.slice(0, 200));
    };
    /** Runs `work(n)` for n = 0 … LOGINS-1 on CONCURRENCY simulated users. */
    const onUsers = async (work: (n: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < LOGINS) {
            const n = next++;
            if (failed.has(n)) continue;
            try {
              await work(n);
            } catch (e) {
              noteFailure(n, e);
            }
          }
        }),
      );
    };
    const cpuNow = () => children.reduce((s, c) => s + cpuSeconds(c.pid), 0);
    const stepCpu: Partial<Record<(typeof steps)[number], number>> = {};

    const cpuBefore = cpuNow();
    const started = process.hrtime.bigint();
    if (PHASED) {
      // Diagnostic: every user does step 1, then every user step 2, …, so the providers' CPU
      // time can be read per step under the same concurrency (login totals are not meaningful).
      const logins = Array.from({ length: LOGINS }, (_, n) => newLogin(n));
      for (const step of steps) {
        const c0 = cpuNow();
        // Monotonic µs, the clock of --cpu-prof profiles: slices a BENCH_CPU_PROF profile by step.
        if (process.env.BENCH_PHASE_MARKS) console.error(`phase ${step} ${process.hrtime.bigint() / 1000n}`);
        await onUsers((n) => timed(step, logins[n]!));
        stepCpu[step] = cpuNow() - c0;
      }
    } else {
      await onUsers(async (n) => {
        const l = newLogin(n);
        for (const step of steps) await timed(step, l);
      });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuNow() - cpuBefore;
    const failures = failed.size;
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
    console.log(
      PHASED ? '| step | p50 ms | p99 ms | provider CPU ms per login |' : '| step | p50 ms | p99 ms |',
    );
    console.log(PHASED ? '|---|---|---|---|' : '|---|---|---|');
    for (const s of steps) {
      const l = lat[s]!.sort((a, b) => a - b);
      const cpuCell = PHASED ? ` ${(((stepCpu[s] ?? 0) * 1000) / Math.max(ok, 1)).toFixed(2)} |` : '';
      console.log(`| ${s} | ${percentile(l, 50).toFixed(1)} | ${percentile(l, 99).toFixed(1)} |${cpuCell}`);
    }
    console.log(
      `\nProvider CPU: ${cpu.toFixed(1)} s for ${ok} logins = ${((cpu * 1000) / Math.max(ok, 1)).toFixed(1)} ms per complete login.`,
    );
    console.log(`Setup (not timed): ${LOGINS} people with enabled devices in ${setupSeconds.toFixed(1)} s.`);
    if (firstFailure.length) console.log(`First failures: ${firstFailure.join(' | ')}`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    agent.destroy();
    await deleteKeys(redis, `${prefix}:*`);
    redis.disconnect();
  }
}

void main();
