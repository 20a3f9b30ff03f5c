import { err, ok, type Result } from '../shared/result.js';
import type { FolkeregisteretPerson } from './folkeregisteret-person-schema.js';
import { mapRegisterStatus } from './map-register-status.js';
import type { IdentityDocument, Person } from './person.js';
import { registerCountryToIcao } from './register-country-to-icao.js';

type Entry = { erGjeldende?: boolean | undefined };

/**
 * The current entries of a register list. Without `part=historikk` the register returns current
 * values only, but they are still flagged; an entry without the flag counts only when no entry
 * is flagged current, so that history can never be mistaken for today's value.
 */
function current<T extends Entry>(entries: readonly T[]): T[] {
  const flagged = entries.filter((e) => e.erGjeldende === true);
  return flagged.length > 0 ? flagged : entries.filter((e) => e.erGjeldende === undefined);
}

const norm = (code: string) => code.replace(/_/g, '').toLowerCase();

/*
 * The register's document type code list is not published with the API; these patterns cover the
 * Norwegian words for passport and national identity card, anything else is kept as `other`.
 */
function documentType(registerType: string): IdentityDocument['type'] {
  const t = norm(registerType);
  if (t.includes('pass')) return 'passport';
  if (t.includes('identitetskort') || t.includes('idkort') || t.includes('nasjonalid')) {
    return 'national-id-card';
  }
  return 'other';
}

const invalid = (detail: string) => err('registry.invalid-response' as const, detail);

/**
 * Reads a validated Folkeregisterperson document into our `Person`. Anything we would have to
 * guess at (no current name, no status, an unknown identifier type, a country that is not a
 * code, an answer about a number we did not ask for) is `registry.invalid-response`.
 *
 * @example mapFolkeregisteretPerson(folkeregisteretPersonSchema.parse(json), pid)
 */
export function mapFolkeregisteretPerson(
  doc: FolkeregisteretPerson,
  requestedPid: string,
): Result<Person, 'registry.invalid-response'> {
  const asked = doc.identifikasjonsnummer.find((i) => i.foedselsEllerDNummer === requestedPid);
  if (!asked) return invalid('the register answered about another identity number');
  const inUse = current(doc.identifikasjonsnummer).find((i) => norm(i.status) === 'ibruk') ?? asked;
  const type = norm(inUse.identifikatortype);
  const kind = type === 'foedselsnummer' ? 'fnr' : type === 'dnummer' ? 'dnr' : undefined;
  if (!kind) return invalid('unknown identifier type in the register answer');

  const name = current(doc.navn)[0];
  if (!name) return invalid('the register answer has no current name');
  const status = current(doc.status)[0];
  if (!status) return invalid('the register answer has no current status');

  const citizenships: string[] = [];
  for (const c of current(doc.statsborgerskap)) {
    const icao = registerCountryToIcao(c.statsborgerskap);
    if (!icao) return invalid('a citizenship in the register answer is not a country code');
    if (!citizenships.includes(icao)) citizenships.push(icao);
  }

  const identityDocuments: IdentityDocument[] = [];
  for (const d of current(doc.legitimasjonsdokument)) {
    const issuingCountry = registerCountryToIcao(d.utstederland);
    if (!issuingCountry) return invalid('a document issuer in the register answer is not a country code');
    identityDocuments.push({
      type: documentType(d.identifikasjonsdokumenttype),
      registerType: d.identifikasjonsdokumenttype,
      ...(d.identifikasjonsdokumentnummer ? { number: d.identifikasjonsdokumentnummer } : {}),
      issuingCountry,
      ...(d.gyldigFra ? { validFrom: d.gyldigFra } : {}),
      ...(d.gyldigTil ? { validTo: d.gyldigTil } : {}),
    });
  }

  const emigration = current(doc.utflytting)[0]?.tilflyttingsland;
  const emigratedTo = emigration ? registerCountryToIcao(emigration) : undefined;
  if (emigration && !emigratedTo)
    return invalid('an emigration country in the register answer is not a code');
  const deathDate = current(doc.doedsfall)[0]?.doedsdato;
  const middleName = name.mellomnavn?.trim();

  return ok({
    identityNumber: inUse.foedselsEllerDNummer,
    kind,
    givenNames: name.fornavn.split(/\s+/),
    ...(middleName ? { middleName } : {}),
    familyName: name.etternavn,
    birthDate: current(doc.foedsel)[0]?.foedselsdato ?? null,
    status: mapRegisterStatus(status.status),
    registerStatus: status.status,
    ...(deathDate ? { deathDate } : {}),
    ...(emigratedTo ? { emigratedTo } : {}),
    citizenships,
    identityDocuments,
  });
}
