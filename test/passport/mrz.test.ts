import { mrzCheckDigit } from '../../src/passport/mrz-check-digit.js';
import { parseDg1 } from '../../src/passport/parse-dg1.js';
import { parseMrz } from '../../src/passport/parse-mrz.js';

// ICAO 9303 specimens (parts 4, 5, 6): Anna Maria Eriksson of Utopia.
const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' + 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 =
  'I<UTOD231458907<<<<<<<<<<<<<<<' + '7408122F1204159UTO<<<<<<<<<<<6' + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<' + 'D231458907UTO7408122F1204159<<<<<<<6';

const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

test('check digits use weights 7-3-1 with < as 0 and letters as 10–35', () => {
  expect(mrzCheckDigit('L898902C3')).toBe('6');
  expect(mrzCheckDigit('740812')).toBe('2');
  expect(mrzCheckDigit('120415')).toBe('9');
  expect(mrzCheckDigit('ZE184226B<<<<<')).toBe('1');
  expect(mrzCheckDigit('<<<<<<')).toBe('0');
});

test('TD3 passport: every field and check digit', () => {
  const r = parseMrz(TD3);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value).toMatchObject({
    format: 'TD3',
    documentCode: 'P',
    issuingState: 'UTO',
    primaryIdentifier: 'ERIKSSON',
    secondaryIdentifier: 'ANNA MARIA',
    documentNumber: 'L898902C3',
    nationality: 'UTO',
    dateOfBirth: '740812',
    sex: 'F',
    dateOfExpiry: '120415',
    dateOfExpiryIso: '2012-04-15',
    optionalData: 'ZE184226B',
  });
  const cd = r.value.checkDigits;
  expect(
    [cd.documentNumber, cd.dateOfBirth, cd.dateOfExpiry, cd.optionalData, cd.composite].every(
      (d) => d?.valid,
    ),
  ).toBe(true);
  expect(cd.composite).toEqual({ found: '0', computed: '0', valid: true });
});

test('TD1 identity card: three lines, names on line 3, optional data on lines 1 and 2', () => {
  const r = parseMrz(TD1);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value).toMatchObject({
    format: 'TD1',
    documentCode: 'I',
    issuingState: 'UTO',
    documentNumber: 'D23145890',
    primaryIdentifier: 'ERIKSSON',
    secondaryIdentifier: 'ANNA MARIA',
    dateOfBirth: '740812',
    sex: 'F',
    dateOfExpiry: '120415',
    nationality: 'UTO',
    optionalData: '',
    optionalData2: '',
  });
  expect(Object.values(r.value.checkDigits).every((d) => d.valid)).toBe(true);
});

test('TD1 with a document number longer than nine characters', () => {
  const number = 'D23145890AB12';
  const digit = mrzCheckDigit(number);
  const line1 = `I<UTO${number.slice(0, 9)}<${number.slice(9)}${digit}`.padEnd(30, '<');
  const line2Head = '7408122F1204159UTO<<<<<<<<<<<';
  const composite = mrzCheckDigit(
    line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29),
  );
  const r = parseMrz(line1 + line2Head + composite + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<');
  expect(r.ok && r.value.documentNumber).toBe(number);
  expect(r.ok && Object.values(r.value.checkDigits).every((d) => d.valid)).toBe(true);
});

test('TD2: two lines of 36', () => {
  const r = parseMrz(TD2);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value).toMatchObject({
    format: 'TD2',
    documentNumber: 'D23145890',
    primaryIdentifier: 'ERIKSSON',
    secondaryIdentifier: 'ANNA MARIA',
  });
  expect(Object.values(r.value.checkDigits).every((d) => d.valid)).toBe(true);
  expect(r.value.checkDigits.optionalData).toBeUndefined();
});

test.each([
  ['document number', 44 + 9, 'documentNumber'],
  ['birth date', 44 + 19, 'dateOfBirth'],
  ['expiry date', 44 + 27, 'dateOfExpiry'],
  ['personal number', 44 + 42, 'optionalData'],
  ['composite', 44 + 43, 'composite'],
] as const)('a wrong %s check digit is reported on that field', (_name, index, field) => {
  const wrong = TD3[index] === '5' ? '6' : '5';
  const r = parseMrz(replaceAt(TD3, index, wrong));
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value.checkDigits[field]?.valid).toBe(false);
});

test('a wrong data character breaks its field digit and the composite', () => {
  const r = parseMrz(replaceAt(TD3, 44 + 14, '5')); // birth date 740812 → 750812
  expect(r.ok && r.value.checkDigits.dateOfBirth.valid).toBe(false);
  expect(r.ok && r.value.checkDigits.composite.valid).toBe(false);
});

test('malformed MRZs are refused with mrz.malformed', () => {
  for (const bad of ['', TD3.slice(0, 87), TD3.toLowerCase(), TD3.replace('<', ' ')]) {
    const r = parseMrz(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('mrz.malformed');
  }
});

test('DG1 wraps the MRZ in 0x61 / 0x5F1F', () => {
  const mrz = Buffer.from(TD3, 'latin1');
  const dg1 = Uint8Array.from([0x61, mrz.length + 3, 0x5f, 0x1f, mrz.length, ...mrz]);
  const r = parseDg1(dg1);
  expect(r.ok && r.value.documentNumber).toBe('L898902C3');
  const wrongTag = Uint8Array.from(dg1);
  wrongTag[0] = 0x62;
  expect(parseDg1(wrongTag)).toMatchObject({ ok: false, code: 'dg1.malformed' });
});
