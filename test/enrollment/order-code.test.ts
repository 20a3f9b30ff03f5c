// Order codes: typed by people, so short, unambiguous and forgiving about case and grouping.
import { generateOrderCode } from '../../src/enrollment/generate-order-code.js';
import { ORDER_CODE_ALPHABET } from '../../src/enrollment/order-code-alphabet.js';
import { parseOrderCode } from '../../src/enrollment/parse-order-code.js';

describe('order codes', () => {
  test('are 8 characters in two groups from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generateOrderCode();
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(code).not.toMatch(/[01OILU]/);
    }
    expect(ORDER_CODE_ALPHABET).toHaveLength(30);
    expect(new Set(ORDER_CODE_ALPHABET).size).toBe(30);
  });

  test('use every character of the alphabet', () => {
    let n = 0;
    expect(generateOrderCode(() => n++ % 30)).toBe('ABCD-EFGH');
    const seen = new Set(Array.from({ length: 400 }, () => generateOrderCode().replace('-', '')).join(''));
    expect(seen.size).toBe(30);
  });

  test('parse as typed: any case, spaces or no hyphen', () => {
    for (const typed of ['K7QF-3M9P', 'k7qf3m9p', ' K7QF 3M9P ', 'k7qf-3m9p']) {
      expect(parseOrderCode(typed)).toEqual({ ok: true, value: 'K7QF-3M9P' });
    }
  });

  test.each(['K7QF-3M9', 'K7QF-3M9PX', 'K0QF-3M9P', 'KIQF-3M9P', 'K7QF_3M9P', ''])('refuse %j', (typed) => {
    expect(parseOrderCode(typed)).toMatchObject({ ok: false, code: 'order-code.format' });
  });
});
