import { control, K1, K2, parseIdentityNumber } from './identity-number.js';
import { makeIdentityNumber } from './make-identity-number.js';

describe('identity numbers', () => {
  test('a synthetic fødselsnummer parses with its birth date', () => {
    const pid = makeIdentityNumber({ birthDate: '1971-03-14' });
    expect(pid.slice(2, 4)).toBe('83');
    expect(parseIdentityNumber(pid, { synthetic: 'allow' })).toEqual({
      ok: true,
      value: { value: pid, kind: 'fnr', synthetic: true, birthDate: '1971-03-14' },
    });
  });

  test('a synthetic D-number is recognised as one', () => {
    const pid = makeIdentityNumber({ birthDate: '1990-12-05', dNumber: true });
    const r = parseIdentityNumber(pid, { synthetic: 'only' });
    expect(r).toMatchObject({ ok: true, value: { kind: 'dnr', birthDate: '1990-12-05' } });
  });

  test('a born-2000s number uses the 500–999 individual range', () => {
    const pid = makeIdentityNumber({ birthDate: '2004-07-30' });
    expect(parseIdentityNumber(pid, { synthetic: 'allow' })).toMatchObject({
      ok: true,
      value: { birthDate: '2004-07-30' },
    });
  });

  test('every single-digit typo is caught', () => {
    const pid = makeIdentityNumber({ birthDate: '1985-06-20' });
    for (let i = 0; i < 11; i++) {
      const typo = pid.slice(0, i) + String((Number(pid[i]) + 1) % 10) + pid.slice(i + 1);
      const r = parseIdentityNumber(typo, { synthetic: 'allow' });
      expect(r.ok).toBe(false);
    }
  });

  test('wrong length and letters are a format error', () => {
    expect(parseIdentityNumber('123', { synthetic: 'allow' })).toMatchObject({
      ok: false,
      code: 'pid.format',
    });
    expect(parseIdentityNumber('0101901234a', { synthetic: 'allow' })).toMatchObject({
      ok: false,
      code: 'pid.format',
    });
  });

  test('spaces typed by people are ignored', () => {
    const pid = makeIdentityNumber({ birthDate: '1985-06-20' });
    expect(parseIdentityNumber(`${pid.slice(0, 6)} ${pid.slice(6)}`, { synthetic: 'allow' }).ok).toBe(true);
  });

  test('synthetic and real numbers are kept apart by policy', () => {
    const synthetic = makeIdentityNumber({ birthDate: '1985-06-20' });
    const real = makeIdentityNumber({ birthDate: '1985-06-20', synthetic: false });
    expect(parseIdentityNumber(synthetic, { synthetic: 'deny' })).toMatchObject({
      ok: false,
      code: 'pid.synthetic-not-allowed',
    });
    expect(parseIdentityNumber(real, { synthetic: 'only' })).toMatchObject({
      ok: false,
      code: 'pid.synthetic-required',
    });
    expect(parseIdentityNumber(real, { synthetic: 'deny' }).ok).toBe(true);
  });

  test('an impossible date is refused even with valid control digits', () => {
    // 30 February 1985, synthetic month 82: search an individual number with both controls.
    let pid = '';
    for (let n = 100; !pid; n++) {
      const base = [...`308285${n}`].map(Number);
      const k1 = control(base, K1);
      const k2 = control([...base, k1], K2);
      if (k1 < 10 && k2 < 10) pid = `308285${n}${k1}${k2}`;
    }
    expect(parseIdentityNumber(pid, { synthetic: 'allow' })).toMatchObject({ ok: false, code: 'pid.date' });
  });
});
