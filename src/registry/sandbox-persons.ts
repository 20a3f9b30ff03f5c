import { makeIdentityNumber } from '../shared/make-identity-number.js';
import type { Person } from './person.js';

/*
 * Synthetic test persons: every number is synthetic (month + 80, the Tenor/TestID convention), so
 * none can belong to a real person and production refuses them. Numbers are derived from fixed
 * birth dates and individual numbers, so they are the same on every run and machine.
 */
const pid = (birthDate: string, individual: number, dNumber = false) =>
  makeIdentityNumber({ birthDate, individual, dNumber });

const person = (p: Omit<Person, 'kind'> & { kind?: Person['kind'] }): Person =>
  Object.freeze({
    kind: 'fnr',
    ...p,
    givenNames: Object.freeze([...p.givenNames]),
    citizenships: Object.freeze([...p.citizenships]),
    identityDocuments: Object.freeze(p.identityDocuments.map((d) => Object.freeze({ ...d }))),
  });

/**
 * The sandbox register's persons, by stable key, for the sandbox reader page and for other
 * modules' tests (`sandboxPersons.deceased.identityNumber`). Each covers one case the enrollment
 * flow must handle; `description` says which.
 *
 * @example const { identityNumber } = sandboxPersons.foreignPassport;
 */
export const sandboxPersons = Object.freeze({
  active: person({
    identityNumber: pid('1985-03-14', 101),
    givenNames: ['Maria'],
    familyName: 'Kowalska',
    birthDate: '1985-03-14',
    status: 'active',
    registerStatus: 'bosatt',
    citizenships: ['POL'],
    identityDocuments: [],
  }),
  dNumber: person({
    identityNumber: pid('1990-07-02', 102, true),
    kind: 'dnr',
    givenNames: ['Priya'],
    familyName: 'Sharma',
    birthDate: '1990-07-02',
    status: 'active',
    registerStatus: 'midlertidig',
    citizenships: ['IND'],
    identityDocuments: [],
  }),
  inactiveDNumber: person({
    identityNumber: pid('1979-11-23', 103, true),
    kind: 'dnr',
    givenNames: ['Tomasz'],
    familyName: 'Nowak',
    birthDate: '1979-11-23',
    status: 'inactive',
    registerStatus: 'inaktiv',
    citizenships: ['POL'],
    identityDocuments: [],
  }),
  deceased: person({
    identityNumber: pid('1948-05-30', 104),
    givenNames: ['Hans'],
    familyName: 'Müller',
    birthDate: '1948-05-30',
    status: 'deceased',
    registerStatus: 'doed',
    deathDate: '2024-02-10',
    citizenships: ['D'],
    identityDocuments: [],
  }),
  emigrated: person({
    identityNumber: pid('1992-09-08', 105),
    givenNames: ['Emma'],
    familyName: 'Johansson',
    birthDate: '1992-09-08',
    status: 'emigrated',
    registerStatus: 'utflyttet',
    emigratedTo: 'SWE',
    citizenships: ['SWE'],
    identityDocuments: [],
  }),
  ceased: person({
    identityNumber: pid('1970-01-17', 106),
    givenNames: ['Lars'],
    familyName: 'Berg',
    birthDate: '1970-01-17',
    status: 'ceased',
    registerStatus: 'opphoert',
    citizenships: ['NOR'],
    identityDocuments: [],
  }),
  nordicLetters: person({
    identityNumber: pid('1988-12-05', 107),
    givenNames: ['Åse'],
    middleName: 'Sæther',
    familyName: 'Ødegård',
    birthDate: '1988-12-05',
    status: 'active',
    registerStatus: 'bosatt',
    citizenships: ['NOR'],
    identityDocuments: [],
  }),
  hyphenatedSurname: person({
    identityNumber: pid('1995-04-21', 108),
    givenNames: ['Lucía'],
    familyName: 'García-Márquez',
    birthDate: '1995-04-21',
    status: 'active',
    registerStatus: 'bosatt',
    citizenships: ['ESP'],
    identityDocuments: [],
  }),
  twoGivenNames: person({
    identityNumber: pid('1983-08-11', 109),
    givenNames: ['Anna', 'Maria'],
    familyName: 'Schmidt',
    birthDate: '1983-08-11',
    status: 'active',
    registerStatus: 'bosatt',
    citizenships: ['D'],
    identityDocuments: [],
  }),
  foreignPassport: person({
    identityNumber: pid('1987-06-19', 110),
    givenNames: ['Oliver'],
    familyName: 'Smith',
    birthDate: '1987-06-19',
    status: 'active',
    registerStatus: 'bosatt',
    citizenships: ['GBR'],
    identityDocuments: [
      {
        type: 'passport',
        registerType: 'pass',
        number: 'SB1000001',
        issuingCountry: 'GBR',
        validFrom: '2021-06-01',
        validTo: '2031-05-31',
      },
    ],
  }),
});

export type SandboxPersonKey = keyof typeof sandboxPersons;
