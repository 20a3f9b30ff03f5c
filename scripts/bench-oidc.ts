/**
 * npm run bench:oidc [-- --codes 3000 --concurrency 32 --instances 1 --seconds 10]
 *
 * Measures, against real Redis (REDIS_URL or redis://127.0.0.1:6379) and provider processes
 * started here on loopback:
 *   1. authorization-code exchanges per second at /token with private_key_jwt (RS256 assertion)
 *      and PKCE; the codes come from real TestID logins made before the timed phase, the client
 *      assertions are signed before it too (the load generator must not eat the CPU it measures);
 *   2. discovery and JWKS requests per second.
 * Prints a markdown table with p50/p99 latencies and the machine; paste it into BENCHMARKS.md.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { Redis } from 'ioredis';
import { makeIdentityNumber } from '../src/shared/make-identity-number.js';
import { cpuSeconds } from './bench/cpu-seconds.js';
import { deleteKeys } from './bench/delete-keys.js';
import { startProviderInstances } from './bench/start-provider-instances.js';
import { httpRequester } from './bench/http-requester.js';
import { percentile } from './bench/percentile.js';

const { values: args } = parseArgs({
  options: {
    codes: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    instances: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
  },
});
const CODES = Number(args.codes);
const CONCURRENCY = Number(args.concurrency);
const INSTANCES = Number(args.instances);
const SECONDS = Number(args.seconds);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIRECT_URI = 'http://127.0.0.1:9/callback';
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

const request = httpRequester(agent);

const serverCpu = (children: ChildProcess[]) => children.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);

async function startInstances(
  prefix: string,
  clientsFile: string,
): Promise<{ issuers: string[]; children: ChildProcess[] }> {
  // Every instance uses the same issuer name: they are one provider behind a load balancer.
  const { bases, children } = await startProviderInstances({
    count: INSTANCES,
    basePort: 4100,
    request,
    env: {
      ISSUER: 'http://127.0.0.1:4100',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-oidc-')),
      CLIENTS_FILE: clientsFile,
      AUTHORIZATION_CODE_TTL: '600',
    },
  });
  return { issuers: bases, children };
}

async function main() {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = 'bench-rp';
  const clientsFile = join(mkdtempSync(join(tmpdir(), 'bench-clients-')), 'clients.json');
  writeFileSync(
    clientsFile,
    JSON.stringify([
      {
        client_id: clientId,
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }] },
      },
    ]),
  );
  const { issuers, children } = await startInstances(prefix, clientsFile);
  const issuer = 'http://127.0.0.1:4100';
  const assertion = () =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(issuer)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  try {
    // Setup (not timed): CODES logins through PAR + TestID, concurrency-limited.
    const setupStart = Date.now();
    const codes: { code: string; verifier: string; instance: string }[] = [];
    let next = 0;
    const login = async (n: number) => {
      const base = issuers[n % issuers.length]!;
      const verifier = randomBytes(32).toString('base64url');
      const par = await request(`${base}/par`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: clientId,
          response_type: 'code',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          state: 's',
          nonce: 'n',
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(),
        }).toString(),
      });
      const { request_uri } = JSON.parse(par.body) as { request_uri: string };
      const cookies = new Map<string, string>();
      const go = async (url: string, form?: Record<string, string>) => {
        const r = await request(url.startsWith('http') ? url : `${base}${url}`, {
          method: form ? 'POST' : 'GET',
          body: form ? new URLSearchParams(form).toString() : undefined,
          headers: {
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
      let r = await go(`/authorize?${new URLSearchParams({ client_id: clientId, request_uri })}`);
      const interaction = r.headers.location!;
      r = await go(interaction);
      const csrf = /name="csrf" value="([^"]+)"/.exec(r.body)![1]!;
      r = await go(`${interaction}/testid`, {
        csrf,
        pid: makeIdentityNumber({ birthDate: '1980-01-01', individual: 100 + (n % 300) }),
        level: 'high',
      });
      let location = r.headers.location!;
      while (!location.startsWith(REDIRECT_URI)) {
        r = await go(location);
        location = r.headers.location!;
      }
      codes.push({ code: new URL(location).searchParams.get('code')!, verifier, instance: base });
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CODES) await login(next++);
      }),
    );
    const assertions = await Promise.all(codes.map(() => assertion()));
    const setupSeconds = (Date.now() - setupStart) / 1000;

    // Timed: exchange every code once.
    const latencies: number[] = [];
    let failures = 0;
    let i = 0;
    const cpuBefore = serverCpu(children);
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (i < codes.length) {
          const n = i++;
          const c = codes[n]!;
          const t0 = process.hrtime.bigint();
          const r = await request(`${issuers[n % issuers.length]}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'authorization_code',
              code: c.code,
              redirect_uri: REDIRECT_URI,
              code_verifier: c.verifier,
              client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
              client_assertion: assertions[n]!,
            }).toString(),
          });
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (r.status !== 200) failures++;
        }
      }),
    );
    const exchangeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const exchangeCpu = serverCpu(children) - cpuBefore;

    // Timed: discovery and JWKS for a fixed time each.
    const getLoop = async (path: string) => {
      const lat: number[] = [];
      let bad = 0;
      const until = Date.now() + SECONDS * 1000;
      const t = process.hrtime.bigint();
      let k = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < until) {
            const t0 = process.hrtime.bigint();
            const r = await request(`${issuers[k++ % issuers.length]}${path}`);
            lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (r.status !== 200) bad++;
          }
        }),
      );
      return { lat: lat.sort((a, b) => a - b), seconds: Number(process.hrtime.bigint() - t) / 1e9, bad };
    };
    const discovery = await getLoop('/.well-known/openid-configuration');
    const jwks = await getLoop('/jwks');

    latencies.sort((a, b) => a - b);
    const row = (name: string, n: number, secs: number, lat: number[], bad: number) =>
      `| ${name} | ${n} | ${(n / secs).toFixed(0)} | ${percentile(lat, 50).toFixed(1)} | ${percentile(lat, 99).toFixed(1)} | ${bad} |`;
    console.log(`\n### bench:oidc — ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(
      `Command: \`npm run bench:oidc -- --codes ${CODES} --concurrency ${CONCURRENCY} --instances ${INSTANCES} --seconds ${SECONDS}\``,
    );
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Redis at ${new URL(REDIS_URL).host}; provider instances: ${INSTANCES} (load generator in a separate process on the same machine)\n`,
    );
    console.log('| operation | requests | per second | p50 ms | p99 ms | non-200 |');
    console.log('|---|---|---|---|---|---|');
    console.log(
      row(
        'code exchange (private_key_jwt RS256, PKCE, RS256 id token)',
        codes.length,
        exchangeSeconds,
        latencies,
        failures,
      ),
    );
    console.log(row('discovery', discovery.lat.length, discovery.seconds, discovery.lat, discovery.bad));
    console.log(row('JWKS', jwks.lat.length, jwks.seconds, jwks.lat, jwks.bad));
    console.log(
      `\nProvider CPU during the exchanges: ${exchangeCpu.toFixed(2)} s for ${codes.length} exchanges = ` +
        `${((exchangeCpu * 1000) / codes.length).toFixed(2)} ms per exchange, ${(codes.length / exchangeCpu).toFixed(0)} exchanges per CPU-second.`,
    );
    console.log(`\nSetup (not timed): ${CODES} TestID logins in ${setupSeconds.toFixed(1)} s.`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    agent.destroy();
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}:*`);
    redis.disconnect();
  }
}

void main();
