import { makeIdentityNumber } from '../shared/make-identity-number.js';

/**
 * A synthetic number for which the sandbox register always answers `registry.unavailable`, so
 * that flows can show and test their "register down, try later" path without a real outage.
 *
 * @example await sandbox.lookupPerson(sandboxUnavailableIdentityNumber) // err('registry.unavailable', ...)
 */
export const sandboxUnavailableIdentityNumber = makeIdentityNumber({
  birthDate: '1999-09-09',
  individual: 199,
});
