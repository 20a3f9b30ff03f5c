import { err, ok } from '../shared/result.js';
import type { Person } from './person.js';
import type { PopulationRegister } from './population-register.js';
import { sandboxPersons, type SandboxPersonKey } from './sandbox-persons.js';
import { sandboxUnavailableIdentityNumber } from './sandbox-unavailable-identity-number.js';

/** One choice on the sandbox reader page. `person` is null for the "register unavailable" entry. */
export interface SandboxRegisterEntry {
  readonly key: SandboxPersonKey | 'unavailable';
  readonly identityNumber: string;
  /** For developers; pages translate by `key`. */
  readonly description: string;
  readonly person: Person | null;
}

const DESCRIPTIONS: Record<SandboxPersonKey, string> = {
  active: 'Resident (bosatt) with a fødselsnummer',
  dNumber: 'D-number holder in use (midlertidig)',
  inactiveDNumber: 'D-number holder, inactive (inaktiv): not eligible',
  deceased: 'Deceased (doed): not eligible',
  emigrated: 'Emigrated (utflyttet) to Sweden',
  ceased: 'Identity number ceased (opphoert): not eligible',
  nordicLetters: 'Name with Æ/Ø/Å: Åse Sæther Ødegård',
  hyphenatedSurname: 'Hyphenated family name: García-Márquez',
  twoGivenNames: 'Two given names: Anna Maria; German citizen (ICAO "D")',
  foreignPassport: 'Foreign passport on file (GBR SB1000001), British citizen',
};

/**
 * Sandbox adapter: deterministic synthetic persons (`sandboxPersons`) and one number that is
 * always unavailable. Any other number is `registry.not-found`. No I/O, no delays.
 *
 * @example
 *   const register = createSandboxRegister();
 *   register.list().map((e) => e.key); // ['active', 'dNumber', ..., 'unavailable']
 *   await register.lookupPerson(sandboxPersons.deceased.identityNumber); // ok(person with status 'deceased')
 */
export function createSandboxRegister(): PopulationRegister & { list(): readonly SandboxRegisterEntry[] } {
  const byNumber = new Map<string, Person>(Object.values(sandboxPersons).map((p) => [p.identityNumber, p]));
  const entries: readonly SandboxRegisterEntry[] = Object.freeze([
    ...(Object.keys(sandboxPersons) as SandboxPersonKey[]).map((key) =>
      Object.freeze({
        key,
        identityNumber: sandboxPersons[key].identityNumber,
        description: DESCRIPTIONS[key],
        person: sandboxPersons[key],
      }),
    ),
    Object.freeze({
      key: 'unavailable' as const,
      identityNumber: sandboxUnavailableIdentityNumber,
      description: 'The register is unavailable: every lookup fails with registry.unavailable',
      person: null,
    }),
  ]);

  return {
    async lookupPerson(pid) {
      const number = pid.replace(/\s/g, '');
      if (number === sandboxUnavailableIdentityNumber) {
        return err('registry.unavailable', 'the sandbox register plays an outage for this number');
      }
      const person = byNumber.get(number);
      return person ? ok(person) : err('registry.not-found', 'no sandbox person with this identity number');
    },
    list: () => entries,
  };
}
