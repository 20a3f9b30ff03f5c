import { createHash } from 'node:crypto';
import { makeTestChip, makeTestPki, type TestChip, type TestPki } from '../passport/factory/index.js';
import { icaoStateToAlpha2 } from '../passport/icao-state-to-alpha2.js';
import { parseCertificate } from '../passport/parse-certificate.js';
import type { ParsedCertificate } from '../passport/parsed-certificate.js';
import { transliterateToMrz } from './transliterate-to-mrz.js';

/** Countries the sandbox issues passports for (the sandbox persons' citizenships and more). */
export const SANDBOX_PASSPORT_STATES = ['POL', 'IND', 'D', 'SWE', 'NOR', 'ESP', 'GBR', 'UKR', 'USA'] as const;

/** What the tester wants on the chip; names in Unicode, as registered (the MRZ form is derived). */
export interface SandboxHolder {
  readonly givenNames: string;
  readonly surname: string;
  readonly birthDate: string;
  readonly nationality: string;
  readonly documentNumber?: string | undefined;
}

/** Deliberate defects for demos and negative tests; each makes one check fail. */
export type SandboxDefect =
  | 'none'
  | 'birth-date'
  | 'surname'
  | 'given-name'
  | 'nationality'
  | 'expired-document'
  | 'aa-signature'
  | 'sod-signature'
  | 'unlisted-data-group'
  | 'mrz-check-digit'
  | 'face-below-threshold'
  | 'face-liveness'
  | 'face-other-order';

export const SANDBOX_DEFECTS: readonly SandboxDefect[] = [
  'none',
  'birth-date',
  'surname',
  'given-name',
  'nationality',
  'expired-document',
  'aa-signature',
  'sod-signature',
  'unlisted-data-group',
  'mrz-check-digit',
  'face-below-threshold',
  'face-liveness',
  'face-other-order',
];

/**
 * The sandbox's passport office: one generated test PKI per country (its CSCAs are the sandbox
 * trust store) and chips for any holder, with an optional defect. Sandbox mode only: production
 * policy refuses these test CSCAs anyway.
 *
 * @example
 *   const office = createSandboxPassportOffice(new Date());
 *   const chip = office.makeChip({ givenNames: 'Maria', surname: 'Kowalska', birthDate: '1985-03-14', nationality: 'POL' }, 'none');
 */
export function createSandboxPassportOffice(now: Date) {
  const pkis = new Map<string, TestPki>();
  for (const state of SANDBOX_PASSPORT_STATES) {
    const country = icaoStateToAlpha2(state);
    if (country && !pkis.has(country)) pkis.set(country, makeTestPki({ country, variant: 'brainpool', now }));
  }
  const cscas: ParsedCertificate[] = [...pkis.values()].map((p) => {
    const parsed = parseCertificate(p.csca.certDer);
    if (!parsed.ok) throw new Error('the factory made a CSCA that does not parse');
    return parsed.value;
  });
  const day = 86_400_000;
  const shiftYear = (iso: string) => `${Number(iso.slice(0, 4)) - 1}${iso.slice(4)}`;

  return {
    cscas,
    makeChip(holder: SandboxHolder, defect: SandboxDefect): TestChip {
      const nationality =
        defect === 'nationality' ? (holder.nationality === 'USA' ? 'UKR' : 'USA') : holder.nationality;
      const issuingState = holder.nationality;
      const country = icaoStateToAlpha2(issuingState);
      const pki = country ? pkis.get(country) : undefined;
      if (!pki) throw new Error(`the sandbox issues no passports for ${issuingState}`);
      const digest = createHash('sha256').update(`${holder.surname}|${holder.birthDate}`).digest('hex');
      const documentNumber =
        holder.documentNumber ?? `SB${parseInt(digest.slice(0, 8), 16) % 10_000_000}`.padEnd(9, '0');
      const expired = defect === 'expired-document';
      return makeTestChip({
        pki,
        aa: 'ec',
        person: {
          surname:
            defect === 'surname'
              ? `${transliterateToMrz(holder.surname)}<SON`
              : transliterateToMrz(holder.surname),
          givenNames: defect === 'given-name' ? 'JOHANNES' : transliterateToMrz(holder.givenNames),
          documentNumber,
          nationality: nationality.padEnd(3, '<'),
          birthDate: defect === 'birth-date' ? shiftYear(holder.birthDate) : holder.birthDate,
          sex: 'X',
          expiryDate: new Date(now.getTime() + (expired ? -30 : 5 * 365) * day).toISOString().slice(0, 10),
          issuingState: issuingState.padEnd(3, '<'),
        },
        ...(defect === 'mrz-check-digit' ? { corrupt: { mrzCheckDigit: 'birth-date' as const } } : {}),
        ...(defect === 'unlisted-data-group' ? { corrupt: { unlistedDataGroups: [14] } } : {}),
        ...(defect === 'sod-signature' ? { corrupt: { sodSigningKey: pki.csca.privateKey } } : {}),
      });
    },
  };
}

export type SandboxPassportOffice = ReturnType<typeof createSandboxPassportOffice>;
