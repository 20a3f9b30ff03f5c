import type { PersonStatus } from '../registry/person.js';

/** The reason code an order fails with when the register says the person may not enrol. */
export const registerStatusFailure = (status: Exclude<PersonStatus, 'active'>): string =>
  `registry.${status}`;
