/**
 * Passport verification benchmark: full server-side verifications (passive + active
 * authentication) per second on ONE core, for generated RSA, RSA-PSS and brainpool chips with a
 * ~20 KB DG2. One iteration is what the registration flow does per chip read: issue the AA
 * nonce, consume it (single use) and run `verifyPassport` (SOD signature, DSC → CSCA chain with a
 * CRL, data group hashes, MRZ, AA). The chip's own AA signing happens outside the timed section,
 * because on a real read the chip does it.
 *
 * Each variant is measured twice: with one chip read over and over, and with a pool of chips
 * that each have their own DSC (own key, own certificate) and own AA key, used in turn. No cache
 * outlives a verification except trust-store-side ones (CSCA keys imported at load, a CRL's
 * signature checked once per CRL and CSCA, PSS parameter encodings decoded once), so the two
 * rows should agree; if a per-DSC cache is ever added, the pool row is the cold number.
 *
 *   npm run bench:passport                      # default: 300 warm-up, up to 3000 runs or 10 s per row, pool of 16
 *   npm run bench:passport -- --iterations 5000 --seconds 20 --warmup 500 --chips 32
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createAaChallengeIssuer } from '../src/passport/aa-challenge-issuer.js';
import { createMemoryAaChallengeStore } from '../src/passport/create-memory-aa-challenge-store.js';
import { createStaticTrustStore } from '../src/passport/create-static-trust-store.js';
import { defaultVerificationPolicy } from '../src/passport/default-verification-policy.js';
import {
  makeTestChip,
  type ActiveAuthenticationKind,
  type TestChip,
} from '../src/passport/factory/make-test-chip.js';
import { makeTestPki, type TestCertificate, type TestPki } from '../src/passport/factory/make-test-pki.js';
import type { SignatureVariant } from '../src/passport/factory/signature-profile.js';
import { parseCertificate } from '../src/passport/parse-certificate.js';
import { parseCrl } from '../src/passport/parse-crl.js';
import { verifyPassport } from '../src/passport/verify-passport.js';
import { systemClock } from '../src/shared/clock.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '300' },
    chips: { type: 'string', default: '16' },
  },
});
const ITERATIONS = Number(values.iterations);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CHIPS = Math.max(2, Number(values.chips));

interface Case {
  readonly name: string;
  readonly variant: SignatureVariant;
  readonly aa: ActiveAuthenticationKind;
  readonly aaCurve?: 'prime256v1' | 'brainpoolP256r1';
}
const CASES: readonly Case[] = [
  { name: 'RSA-2048 PKCS#1 v1.5, AA RSA-1024 (ISO 9796-2)', variant: 'rsa', aa: 'rsa' },
  { name: 'RSA-2048 PSS, AA RSA-1024 (ISO 9796-2)', variant: 'pss', aa: 'rsa' },
  {
    name: 'ECDSA brainpoolP256r1, AA ECDSA brainpoolP256r1',
    variant: 'brainpool',
    aa: 'ec',
    aaCurve: 'brainpoolP256r1',
  },
];

const now = new Date();
const policy = { ...defaultVerificationPolicy, refuseTestCscas: false };
const person = {
  surname: 'Specimen',
  givenNames: 'Erika',
  documentNumber: 'T22000129',
  nationality: 'UTO',
  birthDate: '1984-08-12',
  sex: 'F' as const,
  expiryDate: new Date(now.getTime() + 5 * 365 * 86_400_000).toISOString().slice(0, 10),
  issuingState: 'UTO',
};

function must<T>(r: { ok: true; value: T } | { ok: false; code: string; detail: string }): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.detail}`);
  return r.value;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function bench(
  c: Case,
  pki: TestPki,
  chips: readonly TestChip[],
): Promise<{ perSecond: number; p50: number; p99: number; runs: number; dg2: number }> {
  const trustStore = createStaticTrustStore(
    [must(parseCertificate(pki.csca.certDer))],
    [must(parseCrl(pki.makeCrl({ revokedSerials: [pki.dsc.serial + 1n] })))],
  );

  // The chip answers outside the timed section: precompute nonces and their answers, and let
  // the issuer hand them out in order.
  const total = WARMUP + ITERATIONS;
  const nonces = Array.from({ length: total }, () => new Uint8Array(crypto.randomBytes(8)));
  const chipOf = (i: number): TestChip => chips[i % chips.length]!;
  const answers = nonces.map((n, i) => chipOf(i).answerActiveAuthentication(n));
  let next = 0;
  const issuer = createAaChallengeIssuer({
    store: createMemoryAaChallengeStore(systemClock),
    clock: systemClock,
    random: () => nonces[next] ?? new Uint8Array(crypto.randomBytes(8)),
  });

  const once = async (i: number): Promise<void> => {
    next = i;
    const { challenge } = await issuer.issue('bench-order');
    const outcome = await issuer.consume('bench-order', challenge);
    const chip = chipOf(i);
    const report = verifyPassport(
      {
        sod: chip.sod,
        dataGroups: chip.dataGroups,
        com: chip.com,
        activeAuthentication: { challenge, signature: answers[i] ?? new Uint8Array() },
      },
      { trustStore, policy, at: new Date(), aaChallengeOutcome: outcome },
    );
    if (report.verdict !== 'accepted') {
      const failed = report.checks.filter((x) => x.status === 'fail').map((x) => x.code);
      throw new Error(`${c.name}: generated chip rejected (${failed.join(', ')})`);
    }
  };

  for (let i = 0; i < WARMUP; i++) await once(i);
  const latencies: number[] = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  for (let i = WARMUP; i < total; i++) {
    const t0 = process.hrtime.bigint();
    await once(i);
    const t1 = process.hrtime.bigint();
    latencies.push(Number(t1 - t0) / 1e6);
    if (t1 > deadline) break;
  }
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: (latencies.length / elapsedMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    runs: latencies.length,
    dg2: chipOf(0).dataGroups[2]?.length ?? 0,
  };
}

const cpus = os.cpus();
console.log(`# Passport verification benchmark (${now.toISOString()})`);
console.log('');
console.log(
  `- node ${process.version} on ${os.platform()} ${os.arch()}, ${process.versions.openssl ? `OpenSSL ${process.versions.openssl}` : ''}`,
);
console.log(`- CPU: ${cpus[0]?.model ?? 'unknown'} (${cpus.length} logical cores; one core used)`);
console.log(
  `- load average before the run: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} (other processes on the machine skew the numbers)`,
);
console.log(`- per row: ${WARMUP} warm-up runs, then up to ${ITERATIONS} runs or ${SECONDS} s`);
console.log('- one run = issue + consume AA nonce + verifyPassport (PA with CRL, MRZ, AA); DG2 ~20 KB');
console.log(`- "${CHIPS} chips": each chip has its own DSC and AA key; runs cycle through them`);
console.log('');
console.log('| variant | chips | verifications/s (1 core) | p50 ms | p99 ms | runs |');
console.log('|---|---|---:|---:|---:|---:|');
for (const c of CASES) {
  const pki = makeTestPki({ country: 'UT', variant: c.variant, now });
  const chipWith = (dsc: TestCertificate) =>
    makeTestChip({ pki, dsc, person, aa: c.aa, aaCurve: c.aaCurve, dg2Bytes: 20_000 });
  const rows: [string, TestChip[]][] = [
    ['1 (same DSC)', [chipWith(pki.dsc)]],
    [`${CHIPS}, own DSC each`, Array.from({ length: CHIPS }, () => chipWith(pki.issueDsc()))],
  ];
  for (const [label, chips] of rows) {
    const r = await bench(c, pki, chips);
    console.log(
      `| ${c.name} | ${label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${r.runs} |`,
    );
  }
}
