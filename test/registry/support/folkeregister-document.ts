import type { Person } from '../../../src/registry/person.js';

// ICAO codes back to the register's codes (the inverse of registerCountryToIcao's exceptions).
const ICAO_TO_REGISTER: Record<string, string> = { D: 'DEU', XXA: 'XXX', XXX: 'XUK', RKS: 'XXK' };
const country = (icao: string) => ICAO_TO_REGISTER[icao] ?? icao;

const meta = {
  ajourholdstidspunkt: '2024-01-15T10:12:00+01:00',
  erGjeldende: true,
  kilde: 'KILDE_DSF',
  gyldighetstidspunkt: '2024-01-15T00:00:00+01:00',
};

/**
 * The Folkeregisterperson JSON document the register would return for `person`, in the documented
 * shape (lists of entries with metadata, lowerCamelCase code values as on the "Oppslag" page).
 */
export function folkeregisterDocument(person: Person): Record<string, unknown> {
  return {
    identifikasjonsnummer: [
      {
        ...meta,
        status: 'iBruk',
        foedselsEllerDNummer: person.identityNumber,
        identifikatortype: person.kind === 'dnr' ? 'dNummer' : 'foedselsnummer',
      },
    ],
    status: [{ ...meta, aarsak: 'Innvandring', status: person.registerStatus }],
    kjoenn: [{ ...meta, kjoenn: 'kvinne' }],
    foedsel: [
      {
        ...meta,
        ...(person.birthDate ? { foedselsdato: person.birthDate } : {}),
        foedselsaar: person.birthDate?.slice(0, 4) ?? '1970',
        foedeland: person.citizenships[0] ? country(person.citizenships[0]) : 'XUK',
      },
    ],
    navn: [
      {
        ...meta,
        fornavn: person.givenNames.join(' '),
        ...(person.middleName ? { mellomnavn: person.middleName } : {}),
        etternavn: person.familyName,
      },
    ],
    statsborgerskap: person.citizenships.map((c) => ({
      ...meta,
      statsborgerskap: country(c),
      ervervsdato: '2000-01-01',
    })),
    ...(person.deathDate ? { doedsfall: [{ ...meta, doedsdato: person.deathDate }] } : {}),
    ...(person.emigratedTo
      ? { utflytting: [{ ...meta, tilflyttingsland: country(person.emigratedTo) }] }
      : {}),
    legitimasjonsdokument: person.identityDocuments.map((d) => ({
      ...meta,
      ...(d.number ? { identifikasjonsdokumentnummer: d.number } : {}),
      identifikasjonsdokumenttype: d.registerType,
      utstederland: country(d.issuingCountry),
      ...(d.validFrom ? { gyldigFra: d.validFrom } : {}),
      ...(d.validTo ? { gyldigTil: d.validTo } : {}),
    })),
    bostedsadresse: [
      {
        ...meta,
        vegadresse: { kommunenummer: '0301', adressenavn: 'Testveien', adressenummer: { husnummer: '1' } },
        adressegradering: 'ugradert',
      },
    ],
  };
}
