import { createSandboxRegister } from '../../src/registry/create-sandbox-register.js';
import { sandboxPersons } from '../../src/registry/sandbox-persons.js';
import { sandboxUnavailableIdentityNumber } from '../../src/registry/sandbox-unavailable-identity-number.js';
import { makeIdentityNumber } from '../../src/shared/make-identity-number.js';
import { parseIdentityNumber } from '../../src/shared/identity-number.js';

/** The sandbox register: synthetic persons that pages and other modules' tests rely on. */
describe('sandbox population register', () => {
  const register = createSandboxRegister();

  test('every number is a valid synthetic one that agrees with the person', () => {
    const numbers = Object.values(sandboxPersons).map((p) => p.identityNumber);
    expect(new Set([...numbers, sandboxUnavailableIdentityNumber]).size).toBe(numbers.length + 1);
    for (const p of Object.values(sandboxPersons)) {
      const parsed = parseIdentityNumber(p.identityNumber, { synthetic: 'only' });
      expect(parsed).toMatchObject({ ok: true, value: { kind: p.kind, birthDate: p.birthDate } });
    }
    expect(parseIdentityNumber(sandboxUnavailableIdentityNumber, { synthetic: 'only' }).ok).toBe(true);
  });

  test('numbers are stable, because other modules and pages refer to them', () => {
    expect(Object.fromEntries(Object.entries(sandboxPersons).map(([k, p]) => [k, p.identityNumber]))).toEqual(
      {
        active: '14838510117',
        dNumber: '42879010246',
        inactiveDNumber: '63917910318',
        deceased: '30854810495',
        emigrated: '08899210531',
        ceased: '17817010636',
        nordicLetters: '05928810781',
        hyphenatedSurname: '21849510875',
        twoGivenNames: '11888310985',
        foreignPassport: '19868711089',
      },
    );
    expect(sandboxUnavailableIdentityNumber).toBe('09899920055');
  });

  test('looks up each case the enrollment flow has to handle', async () => {
    const look = async (pid: string) => {
      const r = await register.lookupPerson(pid);
      if (!r.ok) throw new Error(r.code);
      return r.value;
    };
    expect(await look(sandboxPersons.active.identityNumber)).toMatchObject({ status: 'active', kind: 'fnr' });
    expect(await look(sandboxPersons.dNumber.identityNumber)).toMatchObject({
      kind: 'dnr',
      status: 'active',
      registerStatus: 'midlertidig',
    });
    expect(await look(sandboxPersons.inactiveDNumber.identityNumber)).toMatchObject({
      kind: 'dnr',
      status: 'inactive',
    });
    expect(await look(sandboxPersons.deceased.identityNumber)).toMatchObject({
      status: 'deceased',
      deathDate: '2024-02-10',
    });
    expect(await look(sandboxPersons.emigrated.identityNumber)).toMatchObject({
      status: 'emigrated',
      emigratedTo: 'SWE',
    });
    expect(await look(sandboxPersons.ceased.identityNumber)).toMatchObject({ status: 'ceased' });
    expect(await look(sandboxPersons.nordicLetters.identityNumber)).toMatchObject({
      givenNames: ['Åse'],
      middleName: 'Sæther',
      familyName: 'Ødegård',
    });
    expect(await look(sandboxPersons.hyphenatedSurname.identityNumber)).toMatchObject({
      familyName: 'García-Márquez',
    });
    expect(await look(sandboxPersons.twoGivenNames.identityNumber)).toMatchObject({
      givenNames: ['Anna', 'Maria'],
      citizenships: ['D'],
    });
    expect(await look(sandboxPersons.foreignPassport.identityNumber)).toMatchObject({
      citizenships: ['GBR'],
      identityDocuments: [{ type: 'passport', number: 'SB1000001', issuingCountry: 'GBR' }],
    });
  });

  test('accepts the number with spaces, as a user may type it', async () => {
    const pid = sandboxPersons.active.identityNumber;
    const r = await register.lookupPerson(`${pid.slice(0, 6)} ${pid.slice(6)}`);
    expect(r.ok).toBe(true);
  });

  test('plays an outage for the designated number, and does not know anyone else', async () => {
    expect(await register.lookupPerson(sandboxUnavailableIdentityNumber)).toMatchObject({
      ok: false,
      code: 'registry.unavailable',
    });
    const stranger = makeIdentityNumber({ birthDate: '1960-02-02', individual: 300 });
    expect(await register.lookupPerson(stranger)).toMatchObject({ ok: false, code: 'registry.not-found' });
    expect(await register.lookupPerson('not a number')).toMatchObject({
      ok: false,
      code: 'registry.not-found',
    });
  });

  test('lists every person and the outage as choices for the sandbox reader page', () => {
    const list = register.list();
    expect(list.map((e) => e.key)).toEqual([...Object.keys(sandboxPersons), 'unavailable']);
    for (const e of list) expect(e.description.length).toBeGreaterThan(0);
    expect(list.at(-1)).toMatchObject({ identityNumber: sandboxUnavailableIdentityNumber, person: null });
  });

  test('hands out persons that cannot be changed by a caller', async () => {
    const r = await register.lookupPerson(sandboxPersons.twoGivenNames.identityNumber);
    if (!r.ok) throw new Error(r.code);
    expect(() => (r.value.givenNames as string[]).push('X')).toThrow(TypeError);
    expect(() => Object.assign(r.value, { familyName: 'X' })).toThrow(TypeError);
  });
});
