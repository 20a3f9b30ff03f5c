import fc from 'fast-check';
import { readCbor, type CborValue } from '../../src/device/attestation/read-cbor.js';
import { cbor, type CborInput } from './attestation-support/apple-attestation-factory.js';

const hex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'));
const read = (h: string, limits?: Parameters<typeof readCbor>[1]) => readCbor(hex(h), limits);
const value = (h: string) => {
  const r = read(h);
  if (!r.ok) throw new Error(`${h}: ${r.detail}`);
  return r.value;
};
const refusal = (h: string, limits?: Parameters<typeof readCbor>[1]) => {
  const r = read(h, limits);
  expect(r).toMatchObject({ ok: false, code: 'cbor.malformed' });
  return r.ok ? '' : r.detail;
};

describe('strict CBOR reader', () => {
  // Vectors from RFC 8949 Appendix A, for the types this reader accepts.
  test.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1903e8', 1000],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['1b001fffffffffffff', Number.MAX_SAFE_INTEGER],
    ['20', -1],
    ['3863', -100],
    ['3903e7', -1000],
    ['3b001ffffffffffffe', -Number.MAX_SAFE_INTEGER],
    ['60', ''],
    ['6161', 'a'],
    ['6449455446', 'IETF'],
    ['62225c', '"\\'],
    ['63e6b0b4', '水'],
  ])('reads %s', (h, expected) => {
    expect(value(h)).toEqual(expected);
  });

  test('reads byte strings as views of the exact input bytes', () => {
    const input = hex('4401020304');
    const r = readCbor(input);
    expect(r.ok && r.value).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(r.ok && (r.value as Uint8Array).buffer).toBe(input.buffer);
  });

  test('reads arrays and maps, keeping integer and text keys apart', () => {
    expect(value('83010203')).toEqual([1, 2, 3]);
    expect(value('8301820203820405')).toEqual([1, [2, 3], [4, 5]]);
    expect(value('a201020304')).toEqual(
      new Map<number, CborValue>([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(value('a26161016162820203')).toEqual(
      new Map<string, CborValue>([
        ['a', 1],
        ['b', [2, 3]],
      ]),
    );
    expect(value('a2016161616101')).toEqual(
      new Map<number | string, CborValue>([
        [1, 'a'],
        ['a', 1],
      ]),
    );
  });

  test.each([
    ['5f42010243030405ff', /indefinite/], // indefinite byte string
    ['7f657374726561646d696e67ff', /indefinite/],
    ['9fff', /indefinite/],
    ['bf6346756ef563416d7421ff', /indefinite/],
    ['ff', /simple/], // a lone "break"
    ['c074323031332d30332d32315432303a30343a30305a', /tags/],
    ['f4', /simple/], // false
    ['f6', /simple/], // null
    ['f93c00', /floats/], // 1.0, half precision
    ['fb3ff199999999999a', /floats/],
    ['1c', /reserved/],
    ['1b0020000000000000', /out of range/], // 2^53
    ['3b001fffffffffffff', /out of range/], // -(2^53)
    ['0000', /trailing bytes/],
    ['', /empty/],
    ['19', /truncated/],
    ['4301', /longer than the input/],
    ['9a7fffffff00', /longer than the input/],
    ['bb000000000000ffff', /longer than the input/],
    ['62c328', /UTF-8/],
    ['a2010201 03', /duplicate/],
    ['a26161016161 02', /duplicate/],
    ['a1420102 01', /keys must be/], // a byte string key
    ['a1800001', /keys must be/],
  ])('refuses %s', (h, detail) => {
    expect(refusal(h)).toMatch(detail);
  });

  test('bounds input size, nesting depth and item count', () => {
    expect(refusal('4a00000000000000000000', { maxBytes: 8 })).toMatch(/longer than 8 bytes/);
    expect(read('818180', { maxDepth: 2 }).ok).toBe(false);
    expect(read('8180', { maxDepth: 2 }).ok).toBe(true);
    expect(refusal('8181818181818181818180')).toMatch(/deeper than 8/);
    expect(refusal('850102030405', { maxItems: 5 })).toMatch(/more than 5/);
    expect(read('8401020304', { maxItems: 5 }).ok).toBe(true);
  });

  test('reads back whatever the encoder writes, and only that', () => {
    const item: fc.Arbitrary<CborInput> = fc.letrec<{ item: CborInput }>((tie) => ({
      item: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.maxSafeInteger(),
        fc.string(),
        fc.uint8Array({ maxLength: 40 }),
        fc.array(tie('item'), { maxLength: 4 }),
        fc
          .uniqueArray(fc.tuple(fc.oneof(fc.integer(), fc.string()), tie('item')), {
            maxLength: 4,
            selector: ([k]) => k,
          })
          .map((entries) => new Map(entries)),
      ),
    })).item;
    fc.assert(
      fc.property(item, (v) => {
        const r = readCbor(cbor(v), { maxDepth: 64, maxItems: 100_000 });
        expect(r).toEqual({ ok: true, value: v });
      }),
      { numRuns: 300 },
    );
  });

  test('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = readCbor(bytes);
        if (!r.ok) expect(r.code).toBe('cbor.malformed');
      }),
      { numRuns: 2000 },
    );
  });
});
