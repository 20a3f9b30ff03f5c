import type { OrderEvent } from '../../src/enrollment/order-event.js';

/** What a verified chip puts on an order (a made-up Swedish passport holder). */
export const chipEvidence = {
  holder: {
    primaryIdentifier: 'NORDMANN',
    secondaryIdentifier: 'OLA',
    dateOfBirth: '900101',
    nationality: 'SWE',
    documentNumber: 'AB1234567',
    documentCode: 'P',
    issuingState: 'SWE',
  },
  activeAuthentication: 'rsa' as const,
  sodDigest: 'cd'.repeat(32),
};

/** The first event of every order the tests build by hand. */
export const chipVerifiedEvent: OrderEvent = { type: 'chipVerified', key: 'chip-1', evidence: chipEvidence };
