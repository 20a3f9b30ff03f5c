import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodePemOrDer } from '../decode-pem-or-der.js';
import { isTestCsca } from '../is-test-csca.js';
import { parseCertificate } from '../parse-certificate.js';
import { parseMasterList } from '../parse-master-list.js';
import type { ParsedCertificate } from '../parsed-certificate.js';
import { summarizeCertificate } from '../summarize-certificate.js';
import { verifyMasterList } from '../verify-master-list.js';

const USAGE = `Usage: passport master-list --file FILE [--signer FILE] [--json]

  --file FILE     CSCA master list (CMS SignedData, content type 2.23.136.1.1.2)
  --signer FILE   trusted master-list signer or root certificate (DER/PEM); without it the
                  signer must chain to a root CSCA of its own country inside the list
  --json          print one JSON object

Exit status: 0 signature verified, 1 signature not verified, 2 usage error or unreadable list.`;

/** `master-list`: certificates by country and the list's signature verification. */
export async function runMasterListCommand(argv: string[]): Promise<number> {
  let values: { file?: string; signer?: string; json?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' },
        signer: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.file) return usage('--file FILE is required');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(values.file));
  } catch {
    return usage(`cannot read ${values.file}`);
  }
  const anchors: ParsedCertificate[] = [];
  if (values.signer) {
    let signerBytes: Uint8Array;
    try {
      signerBytes = new Uint8Array(readFileSync(values.signer));
    } catch {
      return usage(`cannot read ${values.signer}`);
    }
    for (const der of decodePemOrDer(signerBytes)) {
      const c = parseCertificate(der);
      if (!c.ok) return usage(`${values.signer}: ${c.detail}`);
      anchors.push(c.value);
    }
  }
  const ml = parseMasterList(decodePemOrDer(bytes)[0] ?? bytes);
  if (!ml.ok) {
    console.error(`passport master-list: ${ml.code}: ${ml.detail}`);
    return 2;
  }
  const v = verifyMasterList(
    ml.value,
    anchors.length ? { mode: 'anchors', anchors } : { mode: 'embedded-root' },
  );
  const countries: Record<string, number> = {};
  for (const c of ml.value.certificates)
    countries[c.country ?? '??'] = (countries[c.country ?? '??'] ?? 0) + 1;
  const sorted = Object.fromEntries(Object.entries(countries).sort(([a], [b]) => a.localeCompare(b)));
  const now = new Date();
  const result = {
    signature: v.ok ? 'valid' : 'invalid',
    signatureCode: v.ok ? 'master-list.signature-valid' : v.code,
    signatureDetail: v.ok
      ? `signed by "${v.value.signer.subject}", trusted through "${v.value.anchor.subject}"`
      : v.detail,
    trustMode: anchors.length ? 'configured-signer' : 'embedded-root',
    ...(v.ok
      ? { signer: summarizeCertificate(v.value.signer), anchor: summarizeCertificate(v.value.anchor) }
      : {}),
    version: ml.value.version,
    certificateCount: ml.value.certificates.length,
    unparsable: ml.value.unparsable,
    expiredCount: ml.value.certificates.filter((c) => c.notAfter < now).length,
    testCscaCount: ml.value.certificates.filter(isTestCsca).length,
    countryCount: Object.keys(sorted).length,
    countries: sorted,
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `Master list signature: ${result.signature} (${result.signatureCode}) ${result.signatureDetail}`,
    );
    console.log(`Trust mode:            ${result.trustMode}`);
    console.log(
      `Certificates:          ${result.certificateCount} from ${result.countryCount} countries (${result.expiredCount} expired, ${result.unparsable} unparsable)`,
    );
    console.log(
      Object.entries(sorted)
        .map(([c, n]) => `${c} ${n}`)
        .join(', '),
    );
  }
  return v.ok ? 0 : 1;
}

function usage(message: string): number {
  console.error(`passport master-list: ${message}`);
  console.error('Try passport master-list --help');
  return 2;
}
