import type { PersonStatus } from './person.js';

/*
 * Folkeregisteret's personstatus values, as documented ("Informasjonsfelter og statuskoder"). JSON
 * answers carry them in lowerCamelCase (`bosatt`, `ikkeBosatt`); the OpenAPI document lists the
 * same values as Java enum names (`IKKE_BOSATT`). Both are accepted by normalising first.
 */
const STATUS: Readonly<Record<string, PersonStatus>> = {
  bosatt: 'active',
  // A D-number in use ("aktiv/midlertidig" in Skatteetaten's words); `aktiv` is the older code.
  midlertidig: 'active',
  aktiv: 'active',
  // A D-number five years after it was issued, or a rejected asylum case; it can be reactivated.
  inaktiv: 'inactive',
  utflyttet: 'emigrated',
  doed: 'deceased',
  opphoert: 'ceased',
  forsvunnet: 'missing',
  ikkebosatt: 'not-resident',
  foedselsregistrert: 'birth-registered',
};

/**
 * Our status for a register personstatus value; `other` for a value Skatteetaten may add later,
 * which no flow treats as eligible.
 *
 * @example mapRegisterStatus('midlertidig') // 'active'
 */
export function mapRegisterStatus(registerStatus: string): PersonStatus {
  return STATUS[registerStatus.replace(/_/g, '').toLowerCase()] ?? 'other';
}
