import crypto from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { icaoStateCode } from '../factory/icao-state-code.js';
import { makeTestChip } from '../factory/make-test-chip.js';
import { makeTestPki } from '../factory/make-test-pki.js';
import type { SignatureVariant } from '../factory/signature-profile.js';

const USAGE = `Usage: make-test-passport --out DIR [options]

Writes a generated eMRTD chip (com.bin, dg1.bin, dg2.bin, dg14.bin, dg15.bin, sod.bin), its test
PKI (csca.der, dsc.der, crl.der) and the Active Authentication private key (aa-key.pem) to DIR.
The CSCA says O=TEST eMRTD factory (not for production); production verification refuses it.

Options:
  --out DIR                 output directory (created if missing)
  --variant rsa|pss|brainpool
                            signature scheme of CSCA, DSC and EF.SOD (default rsa)
  --aa rsa|ec|none          Active Authentication key: RSA-1024 (ISO 9796-2), P-256 or none (default rsa)
  --country XX              CSCA country, ISO 3166 alpha-2 (default UT, ICAO's "Utopia")
  --issuing-state XXX       MRZ issuing state (default: the ICAO code of --country)
  --nationality XXX         (default: the issuing state)
  --surname NAME            (default SPECIMEN)
  --given-names NAMES       (default ERIKA)
  --sex M|F|X               (default F)
  --birth-date YYYY-MM-DD   (default 1984-08-12)
  --expiry-date YYYY-MM-DD  (default five years from today)
  --document-number X       up to 9 characters A-Z 0-9 (default random)
  --format td3|td1          passport (default) or identity card MRZ
  --expired-dsc             sign with a document signer certificate that expired yesterday
  --revoke-dsc              list the document signer's serial number in crl.der
  --help                    show this text

Exit status: 0 written, 2 usage error, 1 could not write.`;

const DAY = 24 * 60 * 60 * 1000;

/**
 * \`make-test-passport\`: writes a complete test chip and its PKI to a directory so that the
 * \`verify\` command (and people) can exercise every path, including Active Authentication with
 * aa-key.pem. Usage errors exit 2 with a message naming the option.
 *
 * @example
 *   await runMakeTestPassport(['--out', '/tmp/p', '--variant', 'pss', '--aa', 'ec']); // 0
 */
export async function runMakeTestPassport(
  argv: string[],
  io: { log(line: string): void; error(line: string): void } = console,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        variant: { type: 'string', default: 'rsa' },
        aa: { type: 'string', default: 'rsa' },
        country: { type: 'string', default: 'UT' },
        'issuing-state': { type: 'string' },
        nationality: { type: 'string' },
        surname: { type: 'string', default: 'SPECIMEN' },
        'given-names': { type: 'string', default: 'ERIKA' },
        sex: { type: 'string', default: 'F' },
        'birth-date': { type: 'string', default: '1984-08-12' },
        'expiry-date': { type: 'string' },
        'document-number': { type: 'string' },
        format: { type: 'string', default: 'td3' },
        'expired-dsc': { type: 'boolean', default: false },
        'revoke-dsc': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  if (values.help) {
    io.log(USAGE);
    return 0;
  }

  const str = (name: string): string | undefined => values[name] as string | undefined;
  const out = str('out');
  if (!out) return usageError(io, '--out DIR is required');
  const variant = str('variant');
  if (variant !== 'rsa' && variant !== 'pss' && variant !== 'brainpool') {
    return usageError(io, `--variant must be rsa, pss or brainpool, not ${JSON.stringify(variant)}`);
  }
  const aa = str('aa');
  if (aa !== 'rsa' && aa !== 'ec' && aa !== 'none')
    return usageError(io, `--aa must be rsa, ec or none, not ${JSON.stringify(aa)}`);
  const country = (str('country') ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return usageError(io, '--country must be two letters (ISO 3166 alpha-2)');
  const issuingState = (str('issuing-state') ?? icaoStateCode(country) ?? '').toUpperCase();
  if (!/^[A-Z<]{1,3}$/.test(issuingState)) {
    return usageError(io, `no ICAO code known for country ${country}; give --issuing-state XXX`);
  }
  const nationality = (str('nationality') ?? issuingState).toUpperCase();
  if (!/^[A-Z<]{1,3}$/.test(nationality))
    return usageError(io, '--nationality must be an ICAO code of up to 3 letters');
  const sex = (str('sex') ?? '').toUpperCase();
  if (sex !== 'M' && sex !== 'F' && sex !== 'X') return usageError(io, '--sex must be M, F or X');
  const format = (str('format') ?? '').toUpperCase();
  if (format !== 'TD3' && format !== 'TD1') return usageError(io, '--format must be td3 or td1');
  const now = new Date();
  const birthDate = str('birth-date') ?? '';
  if (!isIsoDate(birthDate)) return usageError(io, '--birth-date must be a valid date YYYY-MM-DD');
  const expiryDate = str('expiry-date') ?? new Date(now.getTime() + 5 * 365 * DAY).toISOString().slice(0, 10);
  if (!isIsoDate(expiryDate)) return usageError(io, '--expiry-date must be a valid date YYYY-MM-DD');
  const documentNumber = (
    str('document-number') ?? `T${crypto.randomInt(0, 1e8).toString().padStart(8, '0')}`
  ).toUpperCase();
  if (!/^[A-Z0-9]{1,9}$/.test(documentNumber))
    return usageError(io, '--document-number must be 1–9 characters A–Z, 0–9');
  for (const name of ['surname', 'given-names'] as const) {
    if (!/^[A-Za-z][A-Za-z '-]*$/.test(str(name) ?? '')) {
      return usageError(io, `--${name} must be Latin letters, spaces, hyphens or apostrophes (MRZ form)`);
    }
  }

  const pki = makeTestPki({ country, variant: variant as SignatureVariant, now });
  const dsc = values['expired-dsc']
    ? pki.issueDsc({
        validity: {
          notBefore: new Date(now.getTime() - 3 * 365 * DAY),
          notAfter: new Date(now.getTime() - DAY),
        },
        keyPair: pki.dsc,
      })
    : pki.dsc;
  const chip = makeTestChip({
    pki,
    dsc,
    format,
    aa,
    dg2Bytes: 20_000,
    person: {
      surname: str('surname') ?? '',
      givenNames: str('given-names') ?? '',
      documentNumber,
      nationality,
      birthDate,
      sex,
      expiryDate,
      issuingState,
    },
  });
  const crl = pki.makeCrl({ revokedSerials: values['revoke-dsc'] ? [dsc.serial] : [] });

  const files: [string, Uint8Array | string][] = [
    ['com.bin', chip.com],
    ...Object.entries(chip.dataGroups).map(([n, bytes]): [string, Uint8Array] => [`dg${n}.bin`, bytes]),
    ['sod.bin', chip.sod],
    ['csca.der', pki.csca.certDer],
    ['dsc.der', dsc.certDer],
    ['crl.der', crl],
  ];
  if (chip.aaKeyPair) {
    files.push(['aa-key.pem', chip.aaKeyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()]);
  }
  try {
    await mkdir(out, { recursive: true });
    for (const [name, content] of files) {
      // The AA key stands in for a chip secret: keep it private to the user.
      await writeFile(path.join(out, name), content, name.endsWith('.pem') ? { mode: 0o600 } : {});
    }
  } catch (e) {
    io.error(`make-test-passport: could not write to ${out}: ${(e as Error).message}`);
    return 1;
  }
  io.log(`Wrote a TEST ${variant} passport (AA ${aa}) to ${out}:`);
  io.log(`  ${files.map(([n]) => n).join(' ')}`);
  io.log(
    `  document ${documentNumber}, issuing state ${issuingState}, DSC serial ${dsc.serial.toString(16)}`,
  );
  if (values['expired-dsc']) io.log('  the document signer certificate is expired');
  if (values['revoke-dsc']) io.log('  crl.der revokes the document signer certificate');
  return 0;
}

function usageError(io: { error(line: string): void }, message: string): number {
  io.error(`make-test-passport: ${message}`);
  io.error('Try make-test-passport --help');
  return 2;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
