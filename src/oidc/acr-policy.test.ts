import { acrFor, levelOf, readAcrRequirement } from './acr-policy.js';

describe('acr policy', () => {
  test('no acr_values means ID-porten vocabulary at high', () => {
    expect(readAcrRequirement(undefined)).toEqual({
      ok: true,
      value: { vocabulary: 'idporten', minimum: 'high' },
    });
  });

  test('a higher level satisfies a request for a lower one, in the requested vocabulary', () => {
    const r = readAcrRequirement('eidas-loa-substantial');
    if (!r.ok) throw new Error('expected ok');
    expect(acrFor(r.value, 'high')).toEqual({ ok: true, value: 'eidas-loa-high' });
  });

  test('a lower authentication never satisfies a higher request', () => {
    const r = readAcrRequirement('idporten-loa-high');
    if (!r.ok) throw new Error('expected ok');
    expect(acrFor(r.value, 'substantial')).toMatchObject({ ok: false, code: 'acr.too-low' });
  });

  test('a list accepts its lowest level and answers in the first known vocabulary', () => {
    const r = readAcrRequirement('urn:unknown eidas-loa-high idporten-loa-substantial');
    expect(r).toEqual({ ok: true, value: { vocabulary: 'eidas', minimum: 'substantial' } });
  });

  test('only unknown values cannot be met', () => {
    expect(readAcrRequirement('urn:foo level4')).toMatchObject({ ok: false, code: 'acr.unsatisfiable' });
  });

  test('levelOf reads both vocabularies and ignores others', () => {
    expect(levelOf('eidas-loa-substantial')).toBe('substantial');
    expect(levelOf('idporten-loa-high')).toBe('high');
    expect(levelOf('Level4')).toBeUndefined();
  });
});
