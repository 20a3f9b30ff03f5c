import type { Result } from '../shared/result.js';
import type { Person } from './person.js';

/** Stable codes of the expected failures of a register lookup. */
export type RegistryErrorCode = 'registry.not-found' | 'registry.unavailable' | 'registry.invalid-response';

/**
 * Port to the National Population Register (Folkeregisteret). Adapters: `createFolkeregisteretRegister`
 * (Skatteetaten's API with a Maskinporten token) and `createSandboxRegister` (synthetic persons).
 *
 * - `registry.not-found`: no person has this number (also for input that cannot be a number).
 * - `registry.unavailable`: the register could not answer now (timeouts, 5xx after retries, an
 *   open circuit breaker, a refused token); the flow should ask the user to try again later.
 * - `registry.invalid-response`: the register answered with something we cannot read; we do not
 *   guess at personal data, so this fails closed too.
 *
 * @example
 *   const r = await register.lookupPerson(pid);
 *   if (!r.ok) return r.code === 'registry.not-found' ? mismatch() : tryLater();
 *   if (r.value.status !== 'active') return notEligible(r.value.status);
 *   match(chip, r.value.givenNames, r.value.familyName, r.value.birthDate);
 */
export interface PopulationRegister {
  lookupPerson(pid: string): Promise<Result<Person, RegistryErrorCode>>;
}
