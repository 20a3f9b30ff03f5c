import { normalisedNameMatcher } from '../../src/payment/normalised-name-matcher.js';
import { readNameCheck } from '../../src/payment/read-name-check.js';

describe('issuer name verdict in additionalData', () => {
  const P = 'paymentValidations.name.';
  test.each<[string, Record<string, string> | undefined, string]>([
    ['no additionalData', undefined, 'unavailable'],
    ['no name validation', { paymentLinkId: 'PL1' }, 'unavailable'],
    ['not performed', { [`${P}status`]: 'notPerformed', [`${P}result.fullName`]: 'match' }, 'unavailable'],
    ['not supported', { [`${P}status`]: 'notSupported' }, 'unavailable'],
    ['performed, no result', { [`${P}status`]: 'performed' }, 'unavailable'],
    [
      'Mastercard full name match',
      { [`${P}status`]: 'performed', [`${P}result.fullName`]: 'match' },
      'match',
    ],
    ['full name partial', { [`${P}result.fullName`]: 'partialMatch' }, 'partial'],
    ['full name no match', { [`${P}result.fullName`]: 'noMatch' }, 'no-match'],
    [
      'full name wins over parts',
      { [`${P}result.fullName`]: 'match', [`${P}result.lastName`]: 'noMatch' },
      'match',
    ],
    [
      'Visa parts all match',
      { [`${P}result.firstName`]: 'match', [`${P}result.lastName`]: 'match' },
      'match',
    ],
    [
      'Visa parts mixed',
      { [`${P}result.firstName`]: 'noMatch', [`${P}result.lastName`]: 'match' },
      'partial',
    ],
    [
      'Visa parts none',
      { [`${P}result.firstName`]: 'noMatch', [`${P}result.lastName`]: 'noMatch' },
      'no-match',
    ],
    ['one overall result', { [`${P}result`]: 'partialMatch' }, 'partial'],
    ['an unknown verdict word', { [`${P}result.fullName`]: 'maybe' }, 'unavailable'],
  ])('%s → %s', (_name, data, expected) => {
    expect(readNameCheck(data).nameCheck).toBe(expected);
  });
});

describe('sandbox name rule', () => {
  const holder = { givenNames: 'Åse Marie', surname: 'Øvrebø-Hansen' };
  test.each([
    ['ASE MARIE OVREBO HANSEN', 'match'],
    ['ovrebo hansen ase marie', 'match'],
    ['A OVREBO HANSEN', 'partial'],
    ['MARIE OVREBO HANSEN', 'partial'],
    ['ASE MARIE HANSEN', 'no-match'],
    ['JOHN SMITH', 'no-match'],
    ['', 'no-match'],
  ])('%s → %s', (card, expected) => {
    expect(normalisedNameMatcher(holder, card)).toBe(expected);
  });
});
