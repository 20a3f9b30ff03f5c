// The payment step's rule: the card must carry the passport holder's name.
import fc from 'fast-check';
import { cardholderMatchesPassport } from '../../src/enrollment/cardholder-matches-passport.js';
import { sameNationalSpelling } from '../../src/enrollment/same-national-spelling.js';

const chip = { primaryIdentifier: 'OESTBY', secondaryIdentifier: 'AASE MARIE' };

describe('cardholderMatchesPassport', () => {
  test.each([
    'AASE OESTBY',
    'A OESTBY',
    'MARIE OESTBY',
    'M OESTBY',
    'A M OESTBY',
    'AASE MARIE OESTBY',
    'Åse Østby',
    'ASE OSTBY',
    'OESTBY/AASE MRS',
    'Ms. Åse M. Østby',
  ])('%s pays for ØSTBY, ÅSE MARIE', (card) => {
    expect(cardholderMatchesPassport(card, chip)).toEqual({ ok: true, value: true });
  });

  test.each([
    ['KARI OESTBY', 'given-name'],
    ['K OESTBY', 'given-name'],
    ['AASE MARIE KARI OESTBY', 'given-name'],
    ['A A OESTBY', 'given-name'],
    ['OESTBY', 'given-name'],
    ['AASE NORDMANN', 'surname'],
    ['AASE OESTB', 'surname'],
    ['', 'unreadable'],
  ])('%s does not (%s)', (card, reason) => {
    expect(cardholderMatchesPassport(card, chip)).toMatchObject({
      ok: false,
      code: 'match.cardholder',
      reason,
      explanationKey: `error.match.cardholder.${reason}`,
    });
  });

  test('a card without national characters matches the MRZ spelling of the same national name', () => {
    const german = { primaryIdentifier: 'MUELLER', secondaryIdentifier: 'JUERGEN' };
    expect(cardholderMatchesPassport('JURGEN MULLER', german).ok).toBe(true);
    expect(cardholderMatchesPassport('JUERGEN MUELLER', german).ok).toBe(true);
    expect(cardholderMatchesPassport('JURGEN MILLER', german)).toMatchObject({ reason: 'surname' });
    expect(
      cardholderMatchesPassport('JOSE PENA', { primaryIdentifier: 'PENXXA', secondaryIdentifier: 'JOSE' }).ok,
    ).toBe(true);
    expect(sameNationalSpelling('OSTBY', 'OESTBY')).toBe(true);
    expect(sameNationalSpelling('OSTBY', 'OSTBY')).toBe(true);
    expect(sameNationalSpelling('OSTBY', 'ASTBY')).toBe(false);
    expect(sameNationalSpelling('OSTBY', 'OSTB')).toBe(false);
  });

  test('every part of a compound surname must be on the card', () => {
    const spanish = { primaryIdentifier: 'GARCIA LOPEZ', secondaryIdentifier: 'JUAN' };
    expect(cardholderMatchesPassport('JUAN GARCIA LOPEZ', spanish).ok).toBe(true);
    expect(cardholderMatchesPassport('J GARCIA-LOPEZ', spanish).ok).toBe(true);
    expect(cardholderMatchesPassport('JUAN GARCIA', spanish)).toMatchObject({ reason: 'surname' });
  });

  test('the detail names no one', () => {
    const r = cardholderMatchesPassport('KARI NORDMANN', chip);
    expect(JSON.stringify(r)).not.toMatch(/KARI|NORDMANN|OESTBY|AASE/);
  });

  test('property: the passport name itself, or initials + surname, always pays; another surname never', () => {
    // Title words (MR, DR, FRU, …) are dropped from card names by design; a surname spelled like
    // a title is outside this property (found by a random seed: surname "MR").
    const titles = new Set(['MR', 'MRS', 'MS', 'MISS', 'DR', 'PROF', 'HR', 'FRU']);
    const name = fc.stringMatching(/^[A-Z]{2,12}$/).filter((n) => !titles.has(n));
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 3 }), name, (surname, given, other) => {
        const holder = { primaryIdentifier: surname, secondaryIdentifier: given.join(' ') };
        expect(cardholderMatchesPassport(`${given.join(' ')} ${surname}`, holder).ok).toBe(true);
        expect(cardholderMatchesPassport(`${given.map((g) => g[0]).join(' ')} ${surname}`, holder).ok).toBe(
          true,
        );
        fc.pre(!sameNationalSpelling(other, surname) && !given.includes(other));
        expect(cardholderMatchesPassport(`${given[0]} ${other}`, holder).ok).toBe(false);
      }),
    );
  });
});
