import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createFileTrustStore } from '../create-file-trust-store.js';
import { defaultVerificationPolicy } from '../default-verification-policy.js';
import type { PassportReport } from '../passport-report.js';
import type { VerificationPolicy } from '../verification-policy.js';
import { verifyPassport } from '../verify-passport.js';

const USAGE = `Usage: passport verify --sod FILE [options]

  --sod FILE                  EF.SOD as read from the chip (tag 0x77)
  --dg N=FILE                 data group N (repeatable), e.g. --dg 1=dg1.bin
  --com FILE                  EF.COM
  --csca FILE                 trusted CSCA certificate, DER or PEM (repeatable)
  --master-list FILE          CSCA master list (repeatable)
  --master-list-signer FILE   trusted master-list signer or its root; without it, a master list
                              is trusted when its signer chains to a root CSCA inside the list
  --crl FILE                  CRL, DER or PEM (repeatable)
  --aa-challenge HEX          the 8-byte Active Authentication challenge
  --aa-signature HEX          the chip's answer
  --at YYYY-MM-DD             verification date (default: now)
  --require-aa                fail when Active Authentication is missing
  --refuse-test-csca          refuse CSCAs marked as test certificates (production behaviour)
  --json                      print one JSON object

Exit status: 0 every check that could run passed, 1 a check failed, 2 usage error or unreadable input.`;

/** `verify`: offline verification of a chip read with the same engine the server uses. */
export async function runVerifyCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.sod) return usage('--sod FILE is required');

  const read = (file: string): Uint8Array | undefined => {
    try {
      return new Uint8Array(readFileSync(file));
    } catch {
      return undefined;
    }
  };
  const sod = read(values.sod);
  if (!sod) return unreadable(values.sod);
  const dataGroups: Record<number, Uint8Array> = {};
  for (const spec of values.dg ?? []) {
    const m = /^(\d{1,2})=(.+)$/.exec(spec);
    const n = m ? Number(m[1]) : NaN;
    if (!m || n < 1 || n > 16)
      return usage(`--dg expects N=FILE with N in 1..16, got ${JSON.stringify(spec)}`);
    if (dataGroups[n]) return usage(`--dg ${n} given twice`);
    const bytes = read(m[2]!);
    if (!bytes) return unreadable(m[2]!);
    dataGroups[n] = bytes;
  }
  let com: Uint8Array | undefined;
  if (values.com) {
    com = read(values.com);
    if (!com) return unreadable(values.com);
  }
  let activeAuthentication: { challenge: Uint8Array; signature: Uint8Array } | undefined;
  if (values['aa-challenge'] !== undefined || values['aa-signature'] !== undefined) {
    const c = hex(values['aa-challenge']);
    const s = hex(values['aa-signature']);
    if (!c || !s) return usage('--aa-challenge and --aa-signature must both be given as hex');
    activeAuthentication = { challenge: c, signature: s };
  }
  let at = new Date();
  if (values.at !== undefined) {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(values.at) ||
      Number.isNaN(new Date(`${values.at}T00:00:00Z`).getTime())
    ) {
      return usage('--at expects YYYY-MM-DD');
    }
    at = new Date(`${values.at}T12:00:00Z`);
  }
  for (const f of [
    ...(values.csca ?? []),
    ...(values['master-list'] ?? []),
    ...(values.crl ?? []),
    ...(values['master-list-signer'] ? [values['master-list-signer']] : []),
  ]) {
    if (!read(f)) return unreadable(f);
  }

  const trustStore = createFileTrustStore({
    cscaFiles: values.csca ?? [],
    masterListFiles: values['master-list'] ?? [],
    ...(values['master-list-signer']
      ? { masterListSignerFiles: [values['master-list-signer']] }
      : { masterListEmbeddedRoot: true }),
    crlFiles: values.crl ?? [],
  });
  const refused = trustStore.summary(at).sources.filter((s) => s.error);
  if (refused.length > 0) {
    for (const s of refused)
      console.error(`passport verify: ${s.source} not usable as a trust anchor (${s.error})`);
    return 2;
  }
  const policy: VerificationPolicy = {
    ...defaultVerificationPolicy,
    requireActiveAuthentication: values['require-aa'] === true,
    refuseTestCscas: values['refuse-test-csca'] === true,
  };
  const report = verifyPassport(
    { sod, dataGroups, ...(com ? { com } : {}), ...(activeAuthentication ? { activeAuthentication } : {}) },
    { trustStore, policy, at },
  );
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printText(report);
  return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      sod: { type: 'string' },
      dg: { type: 'string', multiple: true },
      com: { type: 'string' },
      csca: { type: 'string', multiple: true },
      'master-list': { type: 'string', multiple: true },
      'master-list-signer': { type: 'string' },
      crl: { type: 'string', multiple: true },
      'aa-challenge': { type: 'string' },
      'aa-signature': { type: 'string' },
      at: { type: 'string' },
      'require-aa': { type: 'boolean' },
      'refuse-test-csca': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
}

function hex(s: string | undefined): Uint8Array | undefined {
  if (s === undefined) return undefined;
  const clean = s.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})+$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

function usage(message: string): number {
  console.error(`passport verify: ${message}`);
  console.error('Try passport verify --help');
  return 2;
}

function unreadable(file: string): number {
  console.error(`passport verify: cannot read ${file}`);
  return 2;
}

function printText(r: PassportReport): void {
  const lines: string[] = [];
  lines.push(`Verdict:        ${r.verdict.toUpperCase()}`);
  lines.push(
    `SOD signature:  ${r.sod.signature}${r.sod.signatureAlgorithm ? ` (${r.sod.signatureAlgorithm}, hashes ${r.sod.hashAlgorithm})` : ''}`,
  );
  if (r.sod.documentSigner) {
    const d = r.sod.documentSigner;
    lines.push(`Document signer: ${d.subject}`);
    lines.push(
      `                issued by ${d.issuer}, valid ${d.notBefore.slice(0, 10)} – ${d.notAfter.slice(0, 10)}`,
    );
  }
  lines.push(`Chain:          ${r.chain.status} (${r.chain.code}) ${r.chain.detail}`);
  lines.push(`Listed DGs:     ${r.listedDataGroups.join(', ') || '-'}`);
  const dgs = Object.entries(r.dataGroups).map(([n, s]) => `DG${n} ${s}`);
  lines.push(`Data groups:    ${dgs.join(', ') || '-'}`);
  lines.push(`Active Auth:    ${r.activeAuthentication}`);
  if (r.document) {
    const d = r.document;
    lines.push(
      `Document:       ${d.format} ${d.documentCode} ${d.issuingState} ${d.documentNumber}, ${d.primaryIdentifier}, ${d.secondaryIdentifier}`,
    );
    lines.push(
      `                born ${d.dateOfBirth}, sex ${d.sex}, nationality ${d.nationality}, expires ${d.dateOfExpiryIso}`,
    );
  }
  lines.push('Checks:');
  for (const c of r.checks)
    lines.push(`  ${c.status.padEnd(11)} ${c.id.padEnd(22)} ${c.code.padEnd(34)} ${c.detail}`);
  console.log(lines.join('\n'));
}
