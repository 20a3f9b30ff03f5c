// The register match: a verified chip's MRZ against the register entry of the identity number the
// user typed. Examples first, then properties over generated names.
import fc from 'fast-check';

// More runs than the default 100: the name space is large and collisions are rare by design.
fc.configureGlobal({ numRuns: 300 });
import type { ChipHolder } from '../../src/enrollment/chip-holder.js';
import { ICAO_LATIN_TRANSLITERATIONS } from '../../src/enrollment/icao-latin-transliterations.js';
import { matchPerson } from '../../src/enrollment/match-person.js';
import { mrzSpellingsOfChar } from '../../src/enrollment/mrz-spellings-of-char.js';
import { nameTokens } from '../../src/enrollment/name-tokens.js';
import type { RegisterPerson } from '../../src/enrollment/register-person.js';
import { spellsAsMrz } from '../../src/enrollment/spells-as-mrz.js';
import { transliterateToMrz } from '../../src/enrollment/transliterate-to-mrz.js';

const register = (p: Partial<RegisterPerson> = {}): RegisterPerson => ({
  givenNames: ['Åse', 'Marie'],
  familyName: 'Østby',
  birthDate: '1985-03-12',
  citizenships: [],
  documents: [],
  ...p,
});
const chip = (c: Partial<ChipHolder> = {}): ChipHolder => ({
  primaryIdentifier: 'OESTBY',
  secondaryIdentifier: 'AASE MARIE',
  dateOfBirth: '850312',
  nationality: 'NOR',
  documentNumber: 'AB1234567',
  documentCode: 'P',
  issuingState: 'NOR',
  ...c,
});
const codes = (r: ReturnType<typeof matchPerson>) => (r.ok ? [] : r.mismatches.map((m) => m.code));

/** The TD3 name field for a register entry, as an issuer following ICAO would write it, then parsed back as DG1 parsing does. */
function mrzFromRegister(
  family: string,
  given: readonly string[],
  spell: (name: string) => string = transliterateToMrz,
): Pick<ChipHolder, 'primaryIdentifier' | 'secondaryIdentifier'> {
  const secondary = given.map(spell).filter(Boolean).join('<');
  let field = spell(family) + (secondary ? `<<${secondary}` : '');
  if (field.length > 39) {
    // Truncated: the field must end in a letter (9303), so when the cut lands on a filler the name
    // before it gives up a letter for the next name's initial.
    field = field[38] === '<' ? `${field.slice(0, 37)}<${field[39]}` : field.slice(0, 39);
  }
  const at = field.indexOf('<<');
  const clean = (s: string) => s.replace(/<+$/, '').replace(/</g, ' ');
  return {
    primaryIdentifier: clean(at < 0 ? field : field.slice(0, at)),
    secondaryIdentifier: clean(at < 0 ? '' : field.slice(at + 2)),
  };
}

describe('transliteration (ICAO 9303-3 §6)', () => {
  test.each([
    ['Ærø', 'AEROE'],
    ['Åsmund', 'AASMUND'],
    ['Müller', 'MUELLER'],
    ['Göran', 'GOERAN'],
    ['Jäger', 'JAEGER'],
    ['Straße', 'STRASSE'],
    ['Þórður', 'THORDUR'],
    ['Guðrún', 'GUDRUN'],
    ['Ŋasi', 'NASI'],
    ['Łukasz', 'LUKASZ'],
    ['José-María', 'JOSE<MARIA'],
    ["O'Neill", 'ONEILL'],
    ['Zoë Şahin', 'ZOE<SAHIN'],
  ])('%s → %s', (name, mrz) => {
    expect(transliterateToMrz(name)).toBe(mrz);
    expect(spellsAsMrz(nameTokens(name).join('<'), mrz)).toBe(true);
  });

  test.each([
    ['MÜLLER', ['MUELLER', 'MUXXLLER', 'MULLER']],
    ['PEÑA', ['PENA', 'PENXXA']],
    ['ØSTBY', ['OESTBY', 'OSTBY']],
    ['ÅSE', ['AASE', 'ASE']],
    ['JÄGER', ['JAEGER', 'JAGER']],
  ])('%s accepts the permitted alternatives %j', (name, spellings) => {
    for (const s of spellings) expect(spellsAsMrz(name, s)).toBe(true);
  });

  test('an ASCII register name matches itself: the register may already hold the MRZ form', () => {
    expect(spellsAsMrz('MUELLER', 'MUELLER')).toBe(true);
    expect(spellsAsMrz('MUELLER', 'MULLER')).toBe(false);
  });

  test('characters without an MRZ form never match', () => {
    expect(mrzSpellingsOfChar('Ж')).toEqual([]);
    expect(spellsAsMrz('ЖАННА', 'ZHANNA')).toBe(false);
  });
});

describe('matchPerson', () => {
  test('a Norwegian name with national characters matches its MRZ form', () => {
    expect(matchPerson(chip(), register())).toEqual({ ok: true, value: true });
  });

  test('given names in another order, with hyphens or spaces, still match', () => {
    expect(matchPerson(chip({ secondaryIdentifier: 'MARIE AASE' }), register()).ok).toBe(true);
    expect(
      matchPerson(chip({ secondaryIdentifier: 'ANNE MARIE' }), register({ givenNames: ['Anne-Marie'] })).ok,
    ).toBe(true);
  });

  test('a missing or extra given name is a given-names mismatch, both ways', () => {
    expect(codes(matchPerson(chip({ secondaryIdentifier: 'AASE' }), register()))).toEqual([
      'match.given-names',
    ]);
    expect(codes(matchPerson(chip({ secondaryIdentifier: 'AASE MARIE KARI' }), register()))).toEqual([
      'match.given-names',
    ]);
  });

  test('a wrong family name is match.name, with the explanation key for the page', () => {
    const r = matchPerson(chip({ primaryIdentifier: 'OESTBOE' }), register());
    expect(r).toMatchObject({
      ok: false,
      code: 'match.name',
      mismatches: [{ code: 'match.name', explanationKey: 'error.match.name' }],
    });
  });

  test('the middle name may stand before the family name, behind it, among the given names, or be absent', () => {
    const withMiddle = register({ middleName: 'Nordmann', familyName: 'Hansen', givenNames: ['Kari'] });
    for (const [primaryIdentifier, secondaryIdentifier] of [
      ['NORDMANN HANSEN', 'KARI'],
      ['HANSEN NORDMANN', 'KARI'],
      ['HANSEN', 'KARI NORDMANN'],
      ['HANSEN', 'KARI'],
    ] as const) {
      expect(matchPerson(chip({ primaryIdentifier, secondaryIdentifier }), withMiddle).ok).toBe(true);
    }
    expect(
      matchPerson(chip({ primaryIdentifier: 'NORDMANN', secondaryIdentifier: 'KARI' }), withMiddle).ok,
    ).toBe(false);
  });

  test('a truncated TD3 name (39 characters, ending in a letter) is compared as a prefix', () => {
    const long = register({
      familyName: 'Wolfeschlegelsteinhausen',
      givenNames: ['Hubert', 'Blainewilliam', 'Adolph'],
    });
    // WOLFESCHLEGELSTEINHAUSEN<<HUBERT<BLAINEWILLIAM<ADOLPH is 53 characters; the MRZ keeps 39.
    const cut = chip({ primaryIdentifier: 'WOLFESCHLEGELSTEINHAUSEN', secondaryIdentifier: 'HUBERT BLAINE' });
    expect(matchPerson(cut, long).ok).toBe(true);
    // Not at the full length: not truncated, so the missing names count.
    const short = chip({
      primaryIdentifier: 'WOLFESCHLEGELSTEINHAUSEN',
      secondaryIdentifier: 'HUBERT BLAIN',
    });
    expect(codes(matchPerson(short, long))).toEqual(['match.given-names']);
    // Earlier names may be shortened too (ICAO truncates to initials if need be), as long as each
    // is the beginning of a different registered name.
    const initials = chip({
      primaryIdentifier: 'WOLFESCHLEGELSTEINHAUSEN',
      secondaryIdentifier: 'H BLAINEWILLI',
    });
    expect(initials.primaryIdentifier.length + 2 + initials.secondaryIdentifier.length).toBe(39);
    expect(matchPerson(initials, long).ok).toBe(true);
    expect(matchPerson({ ...initials, secondaryIdentifier: 'H HUBERTBLAIN' }, long).ok).toBe(false);
    const wrong = chip({
      primaryIdentifier: 'WOLFESCHLEGELSTEINHAUSEN',
      secondaryIdentifier: 'HUBERT BLAINX',
    });
    expect(codes(matchPerson(wrong, long))).toEqual(['match.given-names']);
  });

  test('TD1 ID cards have a 30-character name field', () => {
    const person = register({ familyName: 'Abcdefghijklmnop', givenNames: ['Qrstuvwxyz', 'Anna'] });
    const card = chip({
      documentCode: 'ID',
      primaryIdentifier: 'ABCDEFGHIJKLMNOP',
      secondaryIdentifier: 'QRSTUVWXYZ A',
    });
    expect(card.primaryIdentifier.length + 2 + card.secondaryIdentifier.length).toBe(30);
    expect(matchPerson(card, person).ok).toBe(true);
    expect(matchPerson({ ...card, format: 'TD3' }, person).ok).toBe(false);
  });

  describe('birth date', () => {
    test('YYMMDD against the full register date, century from the register', () => {
      expect(matchPerson(chip({ dateOfBirth: '050312' }), register({ birthDate: '2005-03-12' })).ok).toBe(
        true,
      );
      expect(codes(matchPerson(chip({ dateOfBirth: '850313' }), register()))).toEqual(['match.birth-date']);
      expect(codes(matchPerson(chip({ dateOfBirth: '860312' }), register()))).toEqual(['match.birth-date']);
    });

    test.each(['85<<<<', '85XXXX', '8503<<', '8503XX'])(
      'unknown parts %s are skipped by default, refused on request',
      (dob) => {
        expect(matchPerson(chip({ dateOfBirth: dob }), register()).ok).toBe(true);
        expect(
          codes(matchPerson(chip({ dateOfBirth: dob }), register(), { unknownBirthDateParts: 'reject' })),
        ).toEqual(['match.birth-date']);
      },
    );

    test('an unknown year never matches; a known month still has to agree', () => {
      expect(codes(matchPerson(chip({ dateOfBirth: '<<0312' }), register()))).toEqual(['match.birth-date']);
      expect(codes(matchPerson(chip({ dateOfBirth: '8504<<' }), register()))).toEqual(['match.birth-date']);
    });

    test('a register date with 00 for the day is treated like an unknown MRZ day', () => {
      expect(matchPerson(chip(), register({ birthDate: '1985-03-00' })).ok).toBe(true);
    });
  });

  describe('nationality and document number, only where the register has them', () => {
    test('nationality must be one of the registered citizenships; ICAO codes map to ISO', () => {
      expect(matchPerson(chip(), register({ citizenships: ['SWE', 'NOR'] })).ok).toBe(true);
      expect(codes(matchPerson(chip(), register({ citizenships: ['SWE'] })))).toEqual(['match.nationality']);
      expect(matchPerson(chip({ nationality: 'D' }), register({ citizenships: ['DEU'] })).ok).toBe(true);
      expect(matchPerson(chip({ nationality: 'GBN' }), register({ citizenships: ['GBR'] })).ok).toBe(true);
    });

    test('the document number must be a registered one of the same issuer; other issuers do not count', () => {
      const docs = (documents: RegisterPerson['documents']) => register({ documents });
      expect(matchPerson(chip(), docs([{ number: 'AB 123 4567', country: 'NOR' }])).ok).toBe(true);
      expect(codes(matchPerson(chip(), docs([{ number: 'ZZ9999999', country: 'NOR' }])))).toEqual([
        'match.document-number',
      ]);
      expect(codes(matchPerson(chip(), docs([{ number: 'ZZ9999999' }])))).toEqual(['match.document-number']);
      expect(matchPerson(chip(), docs([{ number: 'ZZ9999999', country: 'SWE' }])).ok).toBe(true);
      expect(
        matchPerson(chip(), docs([{ number: 'ZZ9999999', country: 'NOR' }]), { documentNumber: 'ignore' }).ok,
      ).toBe(true);
    });
  });

  test('every reason is listed at once, names first', () => {
    const r = matchPerson(
      chip({ primaryIdentifier: 'X', secondaryIdentifier: 'Y', dateOfBirth: '990101', nationality: 'SWE' }),
      register({ citizenships: ['NOR'], documents: [{ number: 'Q', country: 'NOR' }] }),
    );
    expect(codes(r)).toEqual([
      'match.name',
      'match.given-names',
      'match.birth-date',
      'match.nationality',
      'match.document-number',
    ]);
    expect(JSON.stringify(r)).not.toMatch(/OESTBY|Østby|AB1234567/);
  });
});

// Letters a register name may contain: plain Latin plus every national character in the table
// and some accented letters that fall back to decomposition.
const LETTERS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...Object.keys(ICAO_LATIN_TRANSLITERATIONS),
  ...'ÉÈÊÁÀÓÍÚŠŽČĆŚŹŻÝ',
];
const word = (max: number) =>
  fc.array(fc.constantFrom(...LETTERS), { minLength: 2, maxLength: max }).map((cs) => {
    const w = cs.join('');
    return w[0] + w.slice(1).toLowerCase();
  });
const person = fc.record({
  family: word(12),
  given: fc.array(word(10), { minLength: 1, maxLength: 3 }),
});
const holder = (family: string, given: readonly string[], spell?: (n: string) => string): ChipHolder =>
  chip({ ...mrzFromRegister(family, given, spell) });
const registered = (family: string, given: readonly string[]) =>
  register({ familyName: family, givenNames: [...given] });

describe('matchPerson properties', () => {
  test('an MRZ built from the transliterated register name always matches (truncated or not)', () => {
    fc.assert(
      fc.property(person, ({ family, given }) => {
        expect(matchPerson(holder(family, given), registered(family, given)).ok).toBe(true);
      }),
    );
  });

  test('so does one using any mix of the permitted spellings', () => {
    fc.assert(
      fc.property(person, fc.infiniteStream(fc.nat()), ({ family, given }, choices) => {
        const it = choices[Symbol.iterator]();
        const spell = (name: string) =>
          nameTokens(name)
            .map((t) =>
              [...t]
                .map((c) => {
                  const s = mrzSpellingsOfChar(c);
                  return s[it.next().value % s.length] ?? '';
                })
                .join(''),
            )
            .join('<');
        expect(matchPerson(holder(family, given, spell), registered(family, given)).ok).toBe(true);
      }),
    );
  });

  test('swapping the order of the given names matches', () => {
    fc.assert(
      fc.property(person, ({ family, given }) => {
        const swapped = [...given].reverse();
        const untruncated = mrzFromRegister(family, swapped);
        fc.pre(transliterateToMrz([family, ...given].join(' ')).length <= 36);
        expect(matchPerson(chip(untruncated), registered(family, given)).ok).toBe(true);
      }),
    );
  });

  test('changing one letter of the MRZ name does not match', () => {
    fc.assert(
      fc.property(
        person,
        fc.nat(),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        ({ family, given }, at, letter) => {
          const mrz = mrzFromRegister(family, given);
          const field = `${mrz.primaryIdentifier}<<${mrz.secondaryIdentifier}`;
          fc.pre(field.length < 39);
          const positions = [...field].flatMap((c, i) => (/[A-Z]/.test(c) ? [i] : []));
          const i = positions[at % positions.length]!;
          fc.pre(field[i] !== letter);
          const changed = field.slice(0, i) + letter + field.slice(i + 1);
          const [p, s] = changed.split('<<') as [string, string];
          expect(
            matchPerson(chip({ primaryIdentifier: p, secondaryIdentifier: s }), registered(family, given)).ok,
          ).toBe(false);
        },
      ),
    );
  });
});
