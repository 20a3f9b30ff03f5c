import { folkeregisteretPersonSchema } from '../../src/registry/folkeregisteret-person-schema.js';
import { mapFolkeregisteretPerson } from '../../src/registry/map-folkeregisteret-person.js';
import { mapRegisterStatus } from '../../src/registry/map-register-status.js';
import { registerCountryToIcao } from '../../src/registry/register-country-to-icao.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { folkeregisterDocument } from './support/folkeregister-document.js';

/** Reading Folkeregisteret's documented person document into our Person. */
describe('Folkeregisteret person mapping', () => {
  const read = (doc: unknown, pid: string) => {
    const parsed = folkeregisteretPersonSchema.safeParse(doc);
    if (!parsed.success) return { ok: false as const, code: 'schema' };
    return mapFolkeregisteretPerson(parsed.data, pid);
  };

  test('maps every documented personstatus explicitly, in both spellings', () => {
    expect(
      Object.fromEntries(
        [
          'bosatt',
          'midlertidig',
          'aktiv',
          'inaktiv',
          'utflyttet',
          'doed',
          'opphoert',
          'forsvunnet',
          'ikkeBosatt',
          'foedselsregistrert',
        ].map((s) => [s, mapRegisterStatus(s)]),
      ),
    ).toEqual({
      bosatt: 'active',
      midlertidig: 'active',
      aktiv: 'active',
      inaktiv: 'inactive',
      utflyttet: 'emigrated',
      doed: 'deceased',
      opphoert: 'ceased',
      forsvunnet: 'missing',
      ikkeBosatt: 'not-resident',
      foedselsregistrert: 'birth-registered',
    });
    expect(mapRegisterStatus('IKKE_BOSATT')).toBe('not-resident');
    expect(mapRegisterStatus('DOED')).toBe('deceased');
    expect(mapRegisterStatus('somethingNew')).toBe('other');
  });

  test('turns register country codes into the codes passports carry', () => {
    expect(registerCountryToIcao('NOR')).toBe('NOR');
    expect(registerCountryToIcao('DEU')).toBe('D');
    expect(registerCountryToIcao('XXX')).toBe('XXA');
    expect(registerCountryToIcao('XUK')).toBe('XXX');
    expect(registerCountryToIcao('XXK')).toBe('RKS');
    expect(registerCountryToIcao('swe')).toBe('SWE');
    expect(registerCountryToIcao('NO')).toBeUndefined();
    expect(registerCountryToIcao('')).toBeUndefined();
  });

  test('reads every sandbox person back from the documented shape', () => {
    for (const person of Object.values(sandboxPersons)) {
      expect(read(folkeregisterDocument(person), person.identityNumber)).toEqual({ ok: true, value: person });
    }
  });

  test('uses current values only, never history', () => {
    const p = sandboxPersons.nordicLetters;
    const doc = folkeregisterDocument(p) as { navn: object[]; status: object[]; statsborgerskap: object[] };
    doc.navn.unshift({
      erGjeldende: false,
      fornavn: 'Gammel',
      etternavn: 'Navn',
      opphoerstidspunkt: '2020-01-01',
    });
    doc.status.push({ erGjeldende: false, status: 'utflyttet' });
    doc.statsborgerskap.push({ erGjeldende: false, statsborgerskap: 'SWE' });
    expect(read(doc, p.identityNumber)).toMatchObject({
      ok: true,
      value: { givenNames: ['Åse'], familyName: 'Ødegård', status: 'active', citizenships: ['NOR'] },
    });
  });

  test('reports the number in use when the one asked for has ceased (D-number → fødselsnummer)', () => {
    const p = sandboxPersons.active;
    const oldDNumber = makeIdentityNumber({ birthDate: p.birthDate!, dNumber: true, individual: 400 });
    const doc = folkeregisterDocument(p) as { identifikasjonsnummer: object[] };
    doc.identifikasjonsnummer.push({
      erGjeldende: false,
      status: 'opphoert',
      foedselsEllerDNummer: oldDNumber,
      identifikatortype: 'dNummer',
    });
    expect(read(doc, oldDNumber)).toMatchObject({
      ok: true,
      value: { identityNumber: p.identityNumber, kind: 'fnr' },
    });
  });

  test('accepts the OpenAPI spellings and a single doedsfall object', () => {
    const p = sandboxPersons.deceased;
    const doc = folkeregisterDocument(p) as Record<string, unknown>;
    doc.identifikasjonsnummer = [
      {
        erGjeldende: true,
        status: 'I_BRUK',
        foedselsEllerDNummer: p.identityNumber,
        identifikatortype: 'FOEDSELSNUMMER',
      },
    ];
    doc.status = [{ erGjeldende: true, status: 'DOED' }];
    doc.doedsfall = { erGjeldende: true, doedsdato: '2024-02-10' };
    expect(read(doc, p.identityNumber)).toMatchObject({
      ok: true,
      value: { kind: 'fnr', status: 'deceased', deathDate: '2024-02-10' },
    });
  });

  test('keeps a person with only a birth year, with birthDate null', () => {
    const p = sandboxPersons.active;
    const doc = folkeregisterDocument(p) as { foedsel: object[] };
    doc.foedsel = [{ erGjeldende: true, foedselsaar: '1985' }];
    expect(read(doc, p.identityNumber)).toMatchObject({ ok: true, value: { birthDate: null } });
  });

  test('classifies documents it knows and keeps the rest as other', () => {
    const p = sandboxPersons.foreignPassport;
    const doc = folkeregisterDocument(p) as { legitimasjonsdokument: object[] };
    doc.legitimasjonsdokument.push(
      { erGjeldende: true, identifikasjonsdokumenttype: 'nasjonaltIdentitetskort', utstederland: 'DEU' },
      { erGjeldende: true, identifikasjonsdokumenttype: 'oppholdskort', utstederland: 'NOR' },
    );
    const r = read(doc, p.identityNumber);
    expect(r).toMatchObject({
      ok: true,
      value: {
        identityDocuments: [
          { type: 'passport', number: 'SB1000001' },
          { type: 'national-id-card', issuingCountry: 'D', registerType: 'nasjonaltIdentitetskort' },
          { type: 'other', registerType: 'oppholdskort' },
        ],
      },
    });
  });

  test('refuses answers it would have to guess at', () => {
    const p = sandboxPersons.active;
    const pid = p.identityNumber;
    const base = () => folkeregisterDocument(p) as Record<string, unknown>;
    expect(read({ ...base(), navn: [] }, pid)).toMatchObject({
      ok: false,
      code: 'registry.invalid-response',
    });
    expect(read({ ...base(), status: [] }, pid)).toMatchObject({
      ok: false,
      code: 'registry.invalid-response',
    });
    expect(
      read({ ...base(), statsborgerskap: [{ erGjeldende: true, statsborgerskap: 'Polen' }] }, pid),
    ).toMatchObject({
      ok: false,
      code: 'registry.invalid-response',
    });
    const other = makeIdentityNumber({ birthDate: '1961-01-01', individual: 5 });
    expect(read(base(), other)).toMatchObject({ ok: false, code: 'registry.invalid-response' });
    const weirdType = base();
    weirdType.identifikasjonsnummer = [
      { erGjeldende: true, status: 'iBruk', foedselsEllerDNummer: pid, identifikatortype: 'hNummer' },
    ];
    expect(read(weirdType, pid)).toMatchObject({ ok: false, code: 'registry.invalid-response' });
    // Not the documented shape at all.
    expect(read({ ...base(), identifikasjonsnummer: [] }, pid)).toMatchObject({ ok: false, code: 'schema' });
    expect(read({ ...base(), navn: 'Maria' }, pid)).toMatchObject({ ok: false, code: 'schema' });
    expect(read({ ...base(), foedsel: [{ foedselsdato: '14.03.1985' }] }, pid)).toMatchObject({
      ok: false,
      code: 'schema',
    });
  });
});
